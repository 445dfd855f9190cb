package dev.eventsgateway.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what the subscribers received during one measurement window, with its latencies, and unexpected closes. */
final class Deliveries {

    private volatile Window window = new Window();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** One measurement window: deliveries and latencies. */
    static final class Window {
        final LongAdder delivered = new LongAdder();
        final LatencyRecorder latency = new LatencyRecorder();
        volatile long lastDeliveryNanos;
    }

    /** Starts a new window; what arrives from now on counts there. */
    Window reset() {
        Window fresh = new Window();
        window = fresh;
        return fresh;
    }

    void delivered(long stampNanos) {
        long now = System.nanoTime();
        Window current = window;
        current.delivered.increment();
        current.lastDeliveryNanos = now;
        if (stampNanos != Long.MIN_VALUE) {
            current.latency.recordNanos(now - stampNanos);
        }
    }

    void closed(int code) {
        if (!closing) {
            closes.computeIfAbsent(code, key -> new LongAdder()).increment();
        }
    }

    /** From now on closes are expected (teardown) and not counted. */
    void closing(boolean expected) {
        closing = expected;
    }

    /** Unexpected closes by code so far. */
    Map<Integer, Long> closes() {
        var copy = new TreeMap<Integer, Long>();
        closes.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    long unexpectedCloses() {
        return closes.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
