package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of the {@code connected} frame, always the first frame a client receives. */
@JsonbPropertyOrder({"userId", "connectionId", "heartbeatMs"})
public record Connected(String userId, String connectionId, long heartbeatMs) {
}
