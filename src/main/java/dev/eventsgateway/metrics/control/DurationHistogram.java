package dev.eventsgateway.metrics.control;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/** A lock-free histogram of durations over fixed upper bounds, recorded in nanoseconds and shown in seconds. */
public final class DurationHistogram {

    /** 10 µs to 1 s: an in-memory fan-out to a handful or to thousands of queues. */
    public static final long[] MICROS_TO_SECOND = {
        10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000
    };

    /** 100 µs to 5 s: a handshake may wait for a JWKS fetch, whose connect and read timeouts are 500 ms each. */
    public static final long[] HANDSHAKE = {
        100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L
    };

    /** 1 ms to 10 s: a frame's way from its publisher through Redis to another node, measured by two clocks. */
    public static final long[] REDIS_LAG = {
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L
    };

    private final long[] upperBoundsNanos;
    // One more than the bounds: the last counts what exceeds them all (+Inf).
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    public DurationHistogram(long... upperBoundsNanos) {
        if (upperBoundsNanos.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bound");
        }
        for (int i = 1; i < upperBoundsNanos.length; i++) {
            if (upperBoundsNanos[i] <= upperBoundsNanos[i - 1]) {
                throw new IllegalArgumentException("bounds must increase: " + Arrays.toString(upperBoundsNanos));
            }
        }
        this.upperBoundsNanos = upperBoundsNanos.clone();
        this.buckets = new LongAdder[upperBoundsNanos.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one duration in the first bucket whose bound it does not exceed; a negative one counts as 0. */
    public void observe(long nanos) {
        long duration = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < upperBoundsNanos.length && duration > upperBoundsNanos[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        sumNanos.add(duration);
    }

    /**
     * The cumulative counts per bound with the total last; the count is that total, so {@code +Inf} and {@code _count}
     * always agree, while the sum, read apart, may be ahead or behind by the observations made meanwhile.
     */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(upperBoundsNanos.clone(), cumulative, sumNanos.sum());
    }

    /**
     * One reading of a histogram.
     *
     * @param upperBoundsNanos the finite bounds
     * @param cumulativeCounts observations at or under each bound, then all of them
     * @param sumNanos         the durations added up
     */
    public record Snapshot(long[] upperBoundsNanos, long[] cumulativeCounts, long sumNanos) {

        public long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }
    }
}
