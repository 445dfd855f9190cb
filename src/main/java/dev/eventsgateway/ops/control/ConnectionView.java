package dev.eventsgateway.ops.control;

import java.time.Instant;
import java.util.List;

/** What the server API shows of one connection. */
public record ConnectionView(String connectionId, String userId, List<String> rooms, Instant expiresAt) {
}
