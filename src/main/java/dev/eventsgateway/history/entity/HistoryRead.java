package dev.eventsgateway.history.entity;

import java.util.List;

/** A read of a room's history: its position at the read and its latest publication frames held, oldest first. */
public record HistoryRead(Position position, List<String> publications) {

    public HistoryRead {
        publications = List.copyOf(publications);
    }
}
