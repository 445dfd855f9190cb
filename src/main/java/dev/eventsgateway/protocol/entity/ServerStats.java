package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Data of {@code server:stats}, pushed to room {@code ops:stats}. */
@JsonbPropertyOrder({"connections", "rooms", "timestamp"})
public record ServerStats(int connections, int rooms, String timestamp) {
}
