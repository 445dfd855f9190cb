package dev.eventsgateway.ops.control;

import java.time.Instant;

/**
 * What the admin page charts, read at one instant: the gauges, and running totals of chat messages received and of
 * frames delivered, from which a poller derives rates.
 */
public record GatewayStats(int connections, int users, int rooms, long messages, long deliveries, Instant timestamp) {
}
