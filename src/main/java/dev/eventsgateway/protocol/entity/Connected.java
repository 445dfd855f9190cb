package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of the {@code connected} frame, always the first frame a client receives. */
@JsonbPropertyOrder({"userId", "connectionId", "heartbeatMs", "protocol", "expiresAt"})
public record Connected(String userId, String connectionId, long heartbeatMs, String protocol, String expiresAt) {

    /** The version of docs/protocol.md this gateway speaks. */
    public static final String PROTOCOL_VERSION = "1.2";

    public Connected(String userId, String connectionId, long heartbeatMs, String expiresAt) {
        this(userId, connectionId, heartbeatMs, PROTOCOL_VERSION, expiresAt);
    }
}
