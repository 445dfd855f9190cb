package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.rooms.control.JoinOutcome;
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
        Optional<Position> since = Optional.ofNullable(join.data().since())
                .map(position -> new Position(position.epoch(), position.offset()));
        JoinOutcome outcome = presence.join(connection, room, since);
        return switch (outcome.result()) {
            case TOO_MANY_ROOMS -> Outcome.failed(Failure.of(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + settings.maxRoomsPerConnection() + " rooms"));
            case ROOM_LIMIT_REACHED -> Outcome.failed(Failure.of(ErrorCode.ROOM_LIMIT_REACHED,
                    "the server holds its maximum of " + settings.maxRooms() + " rooms; join an existing room"));
            case CONNECTION_CLOSED -> Outcome.success(AckData.room(room));
            case JOINED, ALREADY_MEMBER -> Outcome.success(joined(room, outcome.admission().orElseThrow()));
        };
    }

    private static AckData joined(String room, Admission admission) {
        Position position = admission.position();
        return admission.recovery()
                .map(recovery -> AckData.recovery(room, position.epoch(), position.offset(), recovery.recovered(),
                        recovery.recovered() ? null : recovery.label()))
                .orElseGet(() -> AckData.positioned(room, position.epoch(), position.offset()));
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
