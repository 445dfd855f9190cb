package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Objects;

/** Why a frame failed: the data of an {@code error} frame; {@code retryAfterMs} only for {@code RATE_LIMITED} and {@code UNAVAILABLE}. */
@JsonbPropertyOrder({"code", "message", "retryAfterMs"})
public record Failure(ErrorCode code, String message, Long retryAfterMs) {

    public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Failure of(ErrorCode code, String message) {
        return new Failure(code, message, null);
    }

    public static Failure unavailable(long retryAfterMs) {
        return new Failure(ErrorCode.UNAVAILABLE, "temporarily unavailable, retry in " + retryAfterMs + " ms",
                retryAfterMs);
    }

    public static Failure rateLimited(long retryAfterMs) {
        return new Failure(ErrorCode.RATE_LIMITED, "rate limit exceeded, retry in " + retryAfterMs + " ms", retryAfterMs);
    }
}
