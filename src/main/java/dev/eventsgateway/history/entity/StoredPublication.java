package dev.eventsgateway.history.entity;

/** A publication as a shared store (Redis) keeps it: its offset, when it was kept, and its frame without position. */
public record StoredPublication(long offset, long storedAtMillis, String frame) {
}
