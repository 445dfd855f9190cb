package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of an {@code ack}: success with the room or timestamp it concerns, or the failure; absent fields are omitted. */
@JsonbPropertyOrder({"success", "room", "timestamp", "code", "message", "retryAfterMs"})
public record AckData(boolean success, String room, String timestamp, ErrorCode code, String message,
                      Long retryAfterMs) {

    public static AckData ok() {
        return new AckData(true, null, null, null, null, null);
    }

    public static AckData room(String room) {
        return new AckData(true, room, null, null, null, null);
    }

    public static AckData timestamp(String timestamp) {
        return new AckData(true, null, timestamp, null, null, null);
    }

    public static AckData failed(Failure failure) {
        return new AckData(false, null, null, failure.code(), failure.message(), failure.retryAfterMs());
    }
}
