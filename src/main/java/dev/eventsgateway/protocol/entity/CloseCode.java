package dev.eventsgateway.protocol.entity;

import java.util.Optional;

/** The close codes of docs/protocol.md, with the reason text the gateway sends. */
public enum CloseCode {
    NORMAL(1000, "normal close"),
    GOING_AWAY(1001, "server shutting down"),
    HEARTBEAT_TIMEOUT(4408, "heartbeat timeout"),
    BINARY_FRAME(1003, "binary frames are not supported"),
    FRAME_TOO_LARGE(1009, "frame too large"),
    SERVER_ERROR(1011, "unexpected server error"),
    AT_CAPACITY(1013, "connection limit reached"),
    INVALID_CREDENTIALS(4401, "invalid credentials"),
    TOKEN_EXPIRED(4401, "token expired"),
    SLOW_CONSUMER(4409, "slow consumer"),
    RATE_ABUSE(4429, "rate limit abuse");

    private final int code;
    private final String reason;
    private final Closure closure;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
        this.closure = new Closure(code, reason);
    }

    /** The gateway's own close with exactly this code and reason; empty for any other, such as an operator's. */
    public static Optional<CloseCode> of(Closure closure) {
        for (CloseCode candidate : values()) {
            if (candidate.closure.equals(closure)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Closure closure() {
        return closure;
    }
}
