package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * Data of an {@code ack}: success with what it concerns (room and its position, recovery, presence, timestamp, or a refreshed
 * token's expiry and the rooms it revoked), or the failure; absent fields are omitted.
 */
@JsonbPropertyOrder({"success", "room", "epoch", "offset", "recovered", "reason", "users", "truncated", "timestamp",
        "expiresAt", "revoked", "code", "message", "retryAfterMs"})
public record AckData(boolean success, String room, String epoch, Long offset, Boolean recovered, String reason,
                      List<UserConnections> users, Boolean truncated, String timestamp, String expiresAt,
                      List<String> revoked, ErrorCode code, String message, Long retryAfterMs) {

    public static AckData ok() {
        return new AckData(true, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static AckData room(String room) {
        return new AckData(true, room, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A room and its position: a join without recovery, or a history read. */
    public static AckData positioned(String room, String epoch, long offset) {
        return new AckData(true, room, epoch, offset, null, null, null, null, null, null, null, null, null, null);
    }

    /** A join with {@code since}: recovered, or not with a reason ({@code reason} null when recovered). */
    public static AckData recovery(String room, String epoch, long offset, boolean recovered, String reason) {
        return new AckData(true, room, epoch, offset, recovered, reason, null, null, null, null, null, null, null, null);
    }

    /** A room's presence: its users by id with their connection counts, {@code truncated} when there were more. */
    public static AckData presence(String room, Roster roster) {
        return new AckData(true, room, null, null, null, null, roster.users(), roster.truncated() ? Boolean.TRUE : null,
                null, null, null, null, null, null);
    }

    public static AckData timestamp(String timestamp) {
        return new AckData(true, null, null, null, null, null, null, null, timestamp, null, null, null, null, null);
    }

    public static AckData refreshed(String expiresAt, List<String> revoked) {
        return new AckData(true, null, null, null, null, null, null, null, null, expiresAt, List.copyOf(revoked), null,
                null, null);
    }

    public static AckData failed(Failure failure) {
        return new AckData(false, null, null, null, null, null, null, null, null, null, null, failure.code(),
                failure.message(), failure.retryAfterMs());
    }
}
