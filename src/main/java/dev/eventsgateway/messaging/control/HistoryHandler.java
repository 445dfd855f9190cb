package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Handles {@code history}: the latest publications of a room the connection is in. */
@ApplicationScoped
public class HistoryHandler {

    static final int DEFAULT_LIMIT = 20;

    private RoomManager rooms;
    private HistorySettings settings;

    protected HistoryHandler() {
        // for the CDI proxy
    }

    @Inject
    public HistoryHandler(RoomManager rooms, HistorySettings settings) {
        this.rooms = rooms;
        this.settings = settings;
    }

    public Outcome handle(Connection connection, Envelope.History history) {
        Envelope.HistoryData data = history.data();
        if (data == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with room"));
        }
        int limit = data.limit() == null ? Math.min(DEFAULT_LIMIT, settings.recoveryMax()) : data.limit();
        if (limit < 1 || limit > settings.recoveryMax()) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST,
                    "data.limit must be an integer from 1 to " + settings.recoveryMax()));
        }
        String room = data.room();
        Optional<Failure> refused = RoomAccess.check(connection, room);
        if (refused.isPresent()) {
            return Outcome.failed(refused.get());
        }
        if (!rooms.isMember(connection, room)) {
            return Outcome.failed(Failure.of(ErrorCode.NOT_IN_ROOM, "join room '" + room + "' before reading its history"));
        }
        HistoryRead read = rooms.history(room, limit);
        return new Outcome.WithPublications(AckData.positioned(room, read.position().epoch(), read.position().offset()),
                read.publications());
    }
}
