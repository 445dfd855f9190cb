package dev.eventsgateway.metrics.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

    private final DurationHistogram histogram = new DurationHistogram(10, 100, 1_000);

    @Test
    void aDurationLandsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        histogram.observe(10);
        histogram.observe(11);
        histogram.observe(100);
        histogram.observe(1_000);
        histogram.observe(1_001);

        assertArrayEquals(new long[] {1, 3, 4, 5}, histogram.snapshot().cumulativeCounts());
    }

    @Test
    void bucketsAreCumulativeAndEndWithTheCount() {
        histogram.observe(5);
        histogram.observe(50);
        histogram.observe(50);
        histogram.observe(5_000);

        var snapshot = histogram.snapshot();
        assertArrayEquals(new long[] {1, 3, 3, 4}, snapshot.cumulativeCounts());
        assertEquals(4, snapshot.count());
        assertEquals(5_105, snapshot.sumNanos());
        assertArrayEquals(new long[] {10, 100, 1_000}, snapshot.upperBoundsNanos());
    }

    @Test
    void aNegativeDurationCountsAsZero() {
        histogram.observe(-3);

        assertArrayEquals(new long[] {1, 1, 1, 1}, histogram.snapshot().cumulativeCounts());
        assertEquals(0, histogram.snapshot().sumNanos());
    }

    @Test
    void boundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new DurationHistogram(10, 10));
        assertThrows(IllegalArgumentException.class, () -> new DurationHistogram());
    }

    @Test
    void theGatewaysBoundsSpanMicrosecondsToSeconds() {
        assertEquals(10_000, DurationHistogram.MICROS_TO_SECOND[0]);
        assertEquals(1_000_000_000, DurationHistogram.MICROS_TO_SECOND[DurationHistogram.MICROS_TO_SECOND.length - 1]);
        new DurationHistogram(DurationHistogram.MICROS_TO_SECOND);
        new DurationHistogram(DurationHistogram.HANDSHAKE);
    }

    @Test
    void concurrentObservationsAreAllCounted() throws Exception {
        int threads = 8;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long duration = t % 2 == 0 ? 50 : 5_000;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        histogram.observe(duration);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        var snapshot = histogram.snapshot();
        long half = (long) threads / 2 * each;
        assertArrayEquals(new long[] {0, half, half, 2 * half}, snapshot.cumulativeCounts());
        assertEquals(half * 50 + half * 5_000, snapshot.sumNanos());
        assertTrue(snapshot.count() == (long) threads * each);
    }
}
