package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Handles {@code presence}: the users of a room the connection is in, with their connection counts, on every node. */
@ApplicationScoped
public class PresenceHandler {

    private RoomManager rooms;

    protected PresenceHandler() {
        // for the CDI proxy
    }

    @Inject
    public PresenceHandler(RoomManager rooms) {
        this.rooms = rooms;
    }

    public Outcome handle(Connection connection, Envelope.PresenceQuery query) {
        if (query.data() == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with room"));
        }
        String room = query.data().room();
        Optional<Failure> refused = RoomAccess.check(connection, room);
        if (refused.isPresent()) {
            return Outcome.failed(refused.get());
        }
        if (!rooms.isMember(connection, room)) {
            return Outcome.failed(Failure.of(ErrorCode.NOT_IN_ROOM, "join room '" + room + "' before asking who is in it"));
        }
        return Outcome.success(AckData.presence(room, rooms.presence(room, Roster.MAX_USERS)));
    }
}
