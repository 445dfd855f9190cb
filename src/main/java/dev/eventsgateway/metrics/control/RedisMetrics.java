package dev.eventsgateway.metrics.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/** What this node published to and received from Redis in a cluster: counts, missed frames and the lag. */
@ApplicationScoped
public class RedisMetrics {

    private final LongAdder publishes = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder receptions = new LongAdder();
    private final LongAdder missedFrames = new LongAdder();
    private final LongAdder divergedRooms = new LongAdder();
    private final DurationHistogram lag = new DurationHistogram(DurationHistogram.REDIS_LAG);

    /** A publication was attempted; {@code failed} when Redis did not take it (nobody received it). */
    public void published(boolean failed) {
        publishes.increment();
        if (failed) {
            publishFailures.increment();
        }
    }

    /** A publication arrived and was handed out {@code lagMillis} after its publisher sent it, by their two clocks. */
    public void received(long lagMillis) {
        receptions.increment();
        lag.observe(lagMillis * 1_000_000);
    }

    /** The room's sequence showed this many of its frames never reached this node. */
    public void missed(long frames) {
        missedFrames.add(frames);
    }

    /** A room's Redis lost publications this node received, and the room started a new epoch (or this node saw it). */
    public void diverged() {
        divergedRooms.increment();
    }

    public long divergedRooms() {
        return divergedRooms.sum();
    }

    public long publishes() {
        return publishes.sum();
    }

    public long publishFailures() {
        return publishFailures.sum();
    }

    public long receptions() {
        return receptions.sum();
    }

    public long missedFrames() {
        return missedFrames.sum();
    }

    public DurationHistogram.Snapshot lag() {
        return lag.snapshot();
    }
}
