package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.rooms.control.RoomSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Handles {@code join} and {@code leave}. */
@ApplicationScoped
public class MembershipHandler {

    private RoomPresence presence;
    private RoomSettings settings;

    protected MembershipHandler() {
        // for the CDI proxy
    }

    @Inject
    public MembershipHandler(RoomPresence presence, RoomSettings settings) {
        this.presence = presence;
        this.settings = settings;
    }

    public Outcome join(Connection connection, Envelope.Join join) {
        if (join.data() == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with room"));
        }
        String room = join.data().room();
        Optional<Failure> refused = RoomAccess.check(connection, room);
        if (refused.isPresent()) {
            return Outcome.failed(refused.get());
        }
        return switch (presence.join(connection, room)) {
            case TOO_MANY_ROOMS -> Outcome.failed(Failure.of(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + settings.maxRoomsPerConnection() + " rooms"));
            case ROOM_LIMIT_REACHED -> Outcome.failed(Failure.of(ErrorCode.ROOM_LIMIT_REACHED,
                    "the server holds its maximum of " + settings.maxRooms() + " rooms; join an existing room"));
            case JOINED, ALREADY_MEMBER, CONNECTION_CLOSED -> Outcome.success(AckData.room(room));
        };
    }

    public Outcome leave(Connection connection, Envelope.Leave leave) {
        if (leave.data() == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with room"));
        }
        String room = leave.data().room();
        Optional<Failure> invalid = RoomAccess.checkName(room);
        if (invalid.isPresent()) {
            return Outcome.failed(invalid.get());
        }
        presence.leave(connection, room);
        return Outcome.success(AckData.room(room));
    }
}
