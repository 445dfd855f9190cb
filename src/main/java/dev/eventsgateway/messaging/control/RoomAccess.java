package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.rooms.entity.RoomName;
import java.util.Optional;

/** The two room checks every room request shares: a valid name, and the caller's right to it. */
final class RoomAccess {

    private RoomAccess() {
    }

    static Optional<Failure> checkName(String room) {
        if (!RoomName.isValid(room)) {
            return Optional.of(Failure.of(ErrorCode.INVALID_ROOM,
                    "a room name is 1 to " + RoomName.MAX_LENGTH + " characters from A-Z a-z 0-9 . _ : -"));
        }
        return Optional.empty();
    }

    static Optional<Failure> check(Connection connection, String room) {
        Optional<Failure> invalid = checkName(room);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (!connection.caller().canAccess(room)) {
            return Optional.of(Failure.of(ErrorCode.FORBIDDEN, "no access to room '" + room + "'"));
        }
        return Optional.empty();
    }
}
