package dev.eventsgateway.benchmark;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A latency histogram in microseconds with about 0.2 % precision (exact below 1 ms), recorded without contention:
 * each thread writes its own buckets, which are added up only when the percentiles are read.
 */
final class LatencyRecorder {

    private static final int EXACT = 1024;
    private static final int SUB_BUCKETS = 512;
    private static final int BUCKETS = EXACT + 54 * SUB_BUCKETS;

    private final List<long[]> perThread = new CopyOnWriteArrayList<>();
    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(() -> {
        long[] counts = new long[BUCKETS];
        perThread.add(counts);
        return counts;
    });

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        mine.get()[bucket(micros)]++;
    }

    /** Percentiles of everything recorded so far; call once the recording threads have gone quiet. */
    Summary summary() {
        long[] total = new long[BUCKETS];
        for (long[] counts : perThread) {
            for (int i = 0; i < BUCKETS; i++) {
                total[i] += counts[i];
            }
        }
        long count = 0;
        int maxBucket = 0;
        for (int i = 0; i < BUCKETS; i++) {
            count += total[i];
            if (total[i] > 0) {
                maxBucket = i;
            }
        }
        return new Summary(count, at(total, count, 0.50), at(total, count, 0.90), at(total, count, 0.99),
                count == 0 ? 0 : upper(maxBucket));
    }

    /** Samples and their percentiles, in microseconds. */
    record Summary(long count, long p50, long p90, long p99, long max) {
    }

    private static long at(long[] total, long count, double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * count);
        long seen = 0;
        for (int i = 0; i < total.length; i++) {
            seen += total[i];
            if (seen >= rank) {
                return upper(i);
            }
        }
        return upper(total.length - 1);
    }

    static int bucket(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (exponent - 9)) & (SUB_BUCKETS - 1));
        return Math.min(BUCKETS - 1, EXACT + (exponent - 10) * SUB_BUCKETS + sub);
    }

    /** The largest value that falls into a bucket. */
    static long upper(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int exponent = (bucket - EXACT) / SUB_BUCKETS + 10;
        long sub = (bucket - EXACT) % SUB_BUCKETS;
        return ((SUB_BUCKETS + sub + 1) << (exponent - 9)) - 1;
    }
}
