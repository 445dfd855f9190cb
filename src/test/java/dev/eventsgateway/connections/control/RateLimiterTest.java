package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long START = 1_000_000_000_000L;

    private static long millis(long ms) {
        return START + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private static int acquireAll(RateLimiter limiter, int frames, long nowNanos) {
        int passed = 0;
        for (int i = 0; i < frames; i++) {
            if (limiter.tryAcquire(nowNanos) == 0) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void passesABurstThenRefusesWithTheTimeToTheNextToken() {
        RateLimiter limiter = new RateLimiter(20, 40, START);

        assertEquals(40, acquireAll(limiter, 40, START));
        assertEquals(50, limiter.tryAcquire(START));
        assertEquals(50, limiter.tryAcquire(START));
    }

    @Test
    void retryAfterShrinksAsTheNextTokenRefills() {
        RateLimiter limiter = new RateLimiter(20, 40, START);
        acquireAll(limiter, 40, START);

        assertEquals(25, limiter.tryAcquire(millis(25)));
        // 1 ms to go; the floating-point refill may round that up by one millisecond, never down to zero.
        long almost = limiter.tryAcquire(millis(49));
        assertTrue(almost == 1 || almost == 2, "retry after " + almost);
    }

    @Test
    void refillsOneTokenPerIntervalOverTime() {
        RateLimiter limiter = new RateLimiter(20, 40, START);
        acquireAll(limiter, 40, START);

        assertEquals(0, limiter.tryAcquire(millis(50)));
        assertEquals(50, limiter.tryAcquire(millis(50)));
        assertEquals(0, limiter.tryAcquire(millis(100)));
        assertEquals(5, acquireAll(limiter, 10, millis(350)));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        RateLimiter limiter = new RateLimiter(20, 40, START);
        acquireAll(limiter, 40, START);

        assertEquals(40, acquireAll(limiter, 100, millis(60_000)));
    }

    @Test
    void startsWithAFullBurst() {
        RateLimiter limiter = new RateLimiter(1, 3, START);

        assertEquals(3, acquireAll(limiter, 5, START));
        assertEquals(1000, limiter.tryAcquire(START));
    }

    @Test
    void zeroPerSecondDisablesTheLimit() {
        RateLimiter limiter = new RateLimiter(0, 40, START);

        assertTrue(limiter.isUnlimited());
        assertEquals(10_000, acquireAll(limiter, 10_000, START));
        assertFalse(limiter.isAbusive());
    }

    @Test
    void zeroBurstDisablesTheLimit() {
        RateLimiter limiter = new RateLimiter(20, 0, START);

        assertTrue(limiter.isUnlimited());
        assertEquals(10_000, acquireAll(limiter, 10_000, START));
        assertFalse(limiter.isAbusive());
    }

    @Test
    void oneBurstOverTheLimitIsNotAbuse() {
        RateLimiter limiter = new RateLimiter(20, 40, START);

        acquireAll(limiter, 140, START);

        assertFalse(limiter.isAbusive());
    }

    @Test
    void sendingAtTwiceTheLimitForAWholeWindowIsNotAbuse() {
        RateLimiter limiter = new RateLimiter(20, 40, START);

        for (long ms = 0; ms < 10_000; ms += 25) {
            limiter.tryAcquire(millis(ms));
        }

        assertFalse(limiter.isAbusive());
    }

    @Test
    void sustainedFloodingIsAbuse() {
        RateLimiter limiter = new RateLimiter(20, 40, START);
        boolean abusive = false;
        long ms = 0;

        for (; ms < 10_000 && !abusive; ms += 5) {
            limiter.tryAcquire(millis(ms));
            abusive = limiter.isAbusive();
        }

        assertTrue(abusive);
        // 200 frames a second: 180 refused a second, and 600 refusals are tolerated, so about 3.5 s.
        assertTrue(ms > 3_000 && ms < 4_000, "abuse detected after " + ms + " ms");
    }

    @Test
    void sendingAtFiveTimesTheLimitIsAbuseWithinTheWindow() {
        RateLimiter limiter = new RateLimiter(20, 40, START);
        boolean abusive = false;
        long ms = 0;

        for (; ms < 10_000 && !abusive; ms += 10) {
            limiter.tryAcquire(millis(ms));
            abusive = limiter.isAbusive();
        }

        assertTrue(abusive, "100 frames a second against a limit of 20");
    }

    @Test
    void abuseThresholdIsThreeRefusalsPerAllowedFrameOverTenSeconds() {
        RateLimiter limiter = new RateLimiter(1, 1, START);
        limiter.tryAcquire(START);

        acquireAll(limiter, 30, START);
        assertFalse(limiter.isAbusive());

        limiter.tryAcquire(START);
        assertTrue(limiter.isAbusive());
    }

    @Test
    void refusalsOfAnEarlierWindowAreForgotten() {
        RateLimiter limiter = new RateLimiter(1, 1, START);
        limiter.tryAcquire(START);
        acquireAll(limiter, 30, START);

        // Past the ten-second window, with the bucket emptied again, one more refusal starts a new count.
        limiter.tryAcquire(millis(10_500));
        limiter.tryAcquire(millis(10_500));

        assertFalse(limiter.isAbusive());
    }
}
