package dev.eventsgateway.history.control;

import dev.eventsgateway.configuration.Environment;
import java.time.Duration;

/**
 * How much room history this server keeps: publications per room (0: none), how long, how many one recovery or
 * history request hands out at most, and the memory all rooms' held frames may take together on one server.
 */
public record HistorySettings(int size, Duration ttl, int recoveryMax, long memoryBytes) {

    public static final String SIZE = "EVENTS_HISTORY_SIZE";
    public static final String TTL_SECONDS = "EVENTS_HISTORY_TTL_SECONDS";
    public static final String RECOVERY_MAX = "EVENTS_RECOVERY_MAX";
    public static final String MEMORY_BYTES = "EVENTS_HISTORY_MEMORY_BYTES";

    public static final int DEFAULT_SIZE = 100;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    public static final int DEFAULT_RECOVERY_MAX = 300;
    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;

    public static HistorySettings defaults() {
        return new HistorySettings(DEFAULT_SIZE, DEFAULT_TTL, DEFAULT_RECOVERY_MAX, DEFAULT_MEMORY_BYTES);
    }

    public static HistorySettings fromEnvironment() {
        return from(Environment.system());
    }

    public static HistorySettings from(Environment env) {
        return new HistorySettings(
                env.integer(SIZE, DEFAULT_SIZE, 0, 100_000),
                env.seconds(TTL_SECONDS, (int) DEFAULT_TTL.toSeconds(), 1, 604_800),
                env.integer(RECOVERY_MAX, DEFAULT_RECOVERY_MAX, 1, 100_000),
                env.integer(MEMORY_BYTES, (int) DEFAULT_MEMORY_BYTES, 65_536, Integer.MAX_VALUE));
    }

    public boolean enabled() {
        return size > 0;
    }

    public String describe() {
        return "size=" + size + ", ttl=" + ttl.toSeconds() + "s, recoveryMax=" + recoveryMax + ", memory="
                + memoryBytes + "B";
    }
}
