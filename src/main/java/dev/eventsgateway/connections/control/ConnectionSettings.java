package dev.eventsgateway.connections.control;

import dev.eventsgateway.configuration.Environment;
import java.time.Duration;

/** Limits and timings per connection. */
public record ConnectionSettings(Duration heartbeat, int sendQueueLimit, int maxConnections, int maxConnectionsPerUser,
                                 int rateLimitPerSecond, int rateLimitBurst, int sendWindowBytes,
                                 Duration sendTimeout) {

    public static final String HEARTBEAT_MS = "EVENTS_HEARTBEAT_MS";
    public static final String SEND_QUEUE_LIMIT = "EVENTS_SEND_QUEUE_LIMIT";
    public static final String MAX_CONNECTIONS = "EVENTS_MAX_CONNECTIONS";
    public static final String MAX_CONNECTIONS_PER_USER = "EVENTS_MAX_CONNECTIONS_PER_USER";
    public static final String RATE_LIMIT_PER_SECOND = "EVENTS_RATE_LIMIT_PER_SECOND";
    public static final String RATE_LIMIT_BURST = "EVENTS_RATE_LIMIT_BURST";
    public static final String SEND_WINDOW_BYTES = "EVENTS_SEND_WINDOW_BYTES";
    public static final String SEND_TIMEOUT_MS = "EVENTS_SEND_TIMEOUT_MS";

    public static final int DEFAULT_SEND_WINDOW_BYTES = 1 << 20;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofMillis(8_000);

    /** These limits with the default send window and send timeout. */
    public ConnectionSettings(Duration heartbeat, int sendQueueLimit, int maxConnections, int maxConnectionsPerUser,
                              int rateLimitPerSecond, int rateLimitBurst) {
        this(heartbeat, sendQueueLimit, maxConnections, maxConnectionsPerUser, rateLimitPerSecond, rateLimitBurst,
                DEFAULT_SEND_WINDOW_BYTES, DEFAULT_SEND_TIMEOUT);
    }

    public static ConnectionSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static ConnectionSettings from(Environment env) {
        return new ConnectionSettings(
                env.millis(HEARTBEAT_MS, 25_000, 1_000, 3_600_000),
                // A broadcast frame is one String shared by all recipients, so 512 queued frames cost about 4 KiB of
                // references per connection, while a client may stall for ~10 s of a busy room (50 msg/s).
                env.integer(SEND_QUEUE_LIMIT, 512, 1, 1_000_000),
                env.integer(MAX_CONNECTIONS, 10_000, 1, 10_000_000),
                env.integer(MAX_CONNECTIONS_PER_USER, 10, 1, 1_000_000),
                env.integer(RATE_LIMIT_PER_SECOND, 20, 0, 1_000_000),
                env.integer(RATE_LIMIT_BURST, 40, 0, 1_000_000),
                // What a container may hold for a peer that stopped reading: Payara's write queue has no bound.
                env.integer(SEND_WINDOW_BYTES, DEFAULT_SEND_WINDOW_BYTES, 4_096, 1 << 30),
                // With the once-a-second sweep, a stuck peer is closed within 10 s of owing its first answer.
                env.millis(SEND_TIMEOUT_MS, (int) DEFAULT_SEND_TIMEOUT.toMillis(), 1_000, 600_000));
    }

    public String describe() {
        return "heartbeat=" + heartbeat.toMillis() + "ms, sendQueueLimit=" + sendQueueLimit + ", sendWindow="
                + sendWindowBytes + "B, sendTimeout=" + sendTimeout.toMillis() + "ms, maxConnections="
                + maxConnections + ", maxConnectionsPerUser=" + maxConnectionsPerUser + ", rateLimit="
                + (rateLimitPerSecond == 0 ? "off" : rateLimitPerSecond + "/s burst " + rateLimitBurst);
    }
}
