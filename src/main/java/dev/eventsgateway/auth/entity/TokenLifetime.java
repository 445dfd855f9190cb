package dev.eventsgateway.auth.entity;

import java.time.Instant;
import java.util.Objects;

/**
 * When a connection's token expires, when its client is told so ({@code token:expiring}) and when the connection is
 * closed for it (expiry plus the allowed clock skew).
 */
public record TokenLifetime(Instant expiresAt, Instant noticeAt, Instant closeAt) {

    public TokenLifetime {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(noticeAt, "noticeAt");
        Objects.requireNonNull(closeAt, "closeAt");
    }
}
