package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * Data of an {@code ack}: success with what it concerns (room, timestamp, or a refreshed token's expiry and the rooms
 * it revoked), or the failure; absent fields are omitted.
 */
@JsonbPropertyOrder({"success", "room", "timestamp", "expiresAt", "revoked", "code", "message", "retryAfterMs"})
public record AckData(boolean success, String room, String timestamp, String expiresAt, List<String> revoked,
                      ErrorCode code, String message, Long retryAfterMs) {

    public static AckData ok() {
        return new AckData(true, null, null, null, null, null, null, null);
    }

    public static AckData room(String room) {
        return new AckData(true, room, null, null, null, null, null, null);
    }

    public static AckData timestamp(String timestamp) {
        return new AckData(true, null, timestamp, null, null, null, null, null);
    }

    public static AckData refreshed(String expiresAt, List<String> revoked) {
        return new AckData(true, null, null, expiresAt, List.copyOf(revoked), null, null, null);
    }

    public static AckData failed(Failure failure) {
        return new AckData(false, null, null, null, null, failure.code(), failure.message(), failure.retryAfterMs());
    }
}
