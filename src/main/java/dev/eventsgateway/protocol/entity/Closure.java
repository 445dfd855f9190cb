package dev.eventsgateway.protocol.entity;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A close code and reason text as sent in a WebSocket close frame: the gateway's own or an operator's. */
public record Closure(int code, String reason) {

    /** A close frame holds 125 bytes of payload, two of them the code. */
    public static final int MAX_REASON_BYTES = 123;

    public Closure {
        Objects.requireNonNull(reason, "reason");
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code " + code + " is not a valid WebSocket close code");
        }
        if (reasonBytes(reason) > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is longer than " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
    }

    public static int reasonBytes(String reason) {
        return reason.getBytes(StandardCharsets.UTF_8).length;
    }
}
