package dev.eventsgateway.broadcast.control;

import dev.eventsgateway.configuration.Environment;
import java.time.Duration;

/** How often {@code server:stats} is pushed to room {@code ops:stats}. */
public record BroadcastSettings(Duration statsInterval) {

    public static final String STATS_INTERVAL_SECONDS = "EVENTS_STATS_INTERVAL_SECONDS";

    public static BroadcastSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static BroadcastSettings from(Environment env) {
        return new BroadcastSettings(env.seconds(STATS_INTERVAL_SECONDS, 10, 1, 86_400));
    }
}
