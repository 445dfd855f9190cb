package dev.eventsgateway.protocol.entity;

/** Data of {@code token:expiring}: the connection ends at {@code expiresAt} unless the client refreshes its token. */
public record TokenExpiring(String expiresAt) {
}
