package dev.eventsgateway.connections.control;

import java.util.concurrent.TimeUnit;

/** A token bucket per connection that also notices sustained abuse: far more refusals than the limit allows. */
public final class RateLimiter {

    /** Refusals are counted over this window to tell a burst from a flood. */
    static final long ABUSE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Refusals per allowed frame that make a client abusive within one window: a client sending at five times the
     * limit collects four per allowed frame, so it is closed within the ten seconds, while bursts and clients at
     * twice the limit are not.
     */
    static final int ABUSE_FACTOR = 3;

    private final double tokensPerNano;
    private final double burst;
    private final long abuseThreshold;
    private double tokens;
    private long refilledAt;
    private long windowStart;
    private long refusedInWindow;

    /** @param perSecond frames per second; 0 for either value disables the limit */
    public RateLimiter(int perSecond, int burst, long nowNanos) {
        boolean limited = perSecond > 0 && burst > 0;
        this.tokensPerNano = limited ? perSecond / 1e9 : 0;
        this.burst = limited ? burst : 0;
        this.abuseThreshold = (long) ABUSE_FACTOR * perSecond * TimeUnit.NANOSECONDS.toSeconds(ABUSE_WINDOW_NANOS);
        this.tokens = this.burst;
        this.refilledAt = nowNanos;
        this.windowStart = nowNanos;
    }

    public boolean isUnlimited() {
        return tokensPerNano == 0;
    }

    /** Takes one token: 0 when the frame may pass, else the milliseconds until the next token. */
    public synchronized long tryAcquire(long nowNanos) {
        if (isUnlimited()) {
            return 0;
        }
        tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * tokensPerNano);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        if (nowNanos - windowStart > ABUSE_WINDOW_NANOS) {
            windowStart = nowNanos;
            refusedInWindow = 0;
        }
        refusedInWindow++;
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano / 1e6));
    }

    /** Frames refused in the current abuse window; 1 marks the first refusal of a window. */
    public synchronized long refusedInWindow() {
        return refusedInWindow;
    }

    /** Whether refusals within the current window show a client that ignores {@code RATE_LIMITED}. */
    public synchronized boolean isAbusive() {
        return !isUnlimited() && refusedInWindow > abuseThreshold;
    }
}
