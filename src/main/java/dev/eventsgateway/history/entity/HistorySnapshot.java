package dev.eventsgateway.history.entity;

import java.util.List;

/**
 * A room's history as a shared store (Redis) read it in one step: the room's position, the store's clock at the read,
 * and the publications asked for, in offset order.
 */
public record HistorySnapshot(Position position, long nowMillis, List<StoredPublication> publications) {

    public HistorySnapshot {
        publications = List.copyOf(publications);
    }
}
