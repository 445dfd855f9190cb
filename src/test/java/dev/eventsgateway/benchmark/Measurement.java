package dev.eventsgateway.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measured delivery window: CPU of server and client from its start, and after the sending the wait for the
 * last expected delivery (at most {@code DRAIN}), then the figures: throughput, loss, latency, CPU per delivery.
 */
final class Measurement {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Bench bench;
    private final Deliveries.Window window;
    private final long startNanos;
    private final long serverCpu;
    private final long clientCpu;
    private final long closesBefore;

    Measurement(Bench bench) {
        this.bench = bench;
        this.closesBefore = bench.fleet.deliveries().unexpectedCloses();
        this.window = bench.fleet.deliveries().reset();
        this.serverCpu = bench.serverProc.cpuNanos();
        this.clientCpu = bench.clientProc.cpuNanos();
        this.startNanos = System.nanoTime();
    }

    Deliveries.Window window() {
        return window;
    }

    long startNanos() {
        return startNanos;
    }

    /** Waits for {@code expected} deliveries and reports the window; {@code sent} messages went out. */
    Map<String, Object> finish(long sent, long expected) {
        long sendEnd = System.nanoTime();
        while (window.delivered.sum() < expected && System.nanoTime() - sendEnd < DRAIN_NANOS) {
            Bench.pause(TimeUnit.MILLISECONDS.toNanos(5));
        }
        long end = System.nanoTime();
        long serverUsed = bench.serverProc.cpuNanos() - serverCpu;
        long clientUsed = bench.clientProc.cpuNanos() - clientCpu;
        long delivered = window.delivered.sum();
        long last = Math.max(sendEnd, Math.min(end, window.lastDeliveryNanos));
        double seconds = (last - startNanos) / 1e9;
        var latency = window.latency.summary();
        var figures = new LinkedHashMap<String, Object>();
        figures.put("sent", sent);
        figures.put("expected", expected);
        figures.put("delivered", delivered);
        figures.put("lost", Math.max(0, expected - delivered));
        figures.put("lossPct", expected == 0 ? 0.0 : 100.0 * Math.max(0, expected - delivered) / expected);
        figures.put("seconds", seconds);
        figures.put("deliveriesPerSec", delivered / seconds);
        figures.put("messagesPerSec", sent / seconds);
        figures.put("p50Ms", latency.p50() / 1000.0);
        figures.put("p90Ms", latency.p90() / 1000.0);
        figures.put("p99Ms", latency.p99() / 1000.0);
        figures.put("maxMs", latency.max() / 1000.0);
        figures.put("serverCpuUsPerDelivery", delivered == 0 ? Double.NaN : serverUsed / 1000.0 / delivered);
        figures.put("serverCores", serverUsed / 1e9 / ((end - startNanos) / 1e9));
        figures.put("clientCores", clientUsed / 1e9 / ((end - startNanos) / 1e9));
        figures.put("unexpectedCloses", bench.fleet.deliveries().unexpectedCloses() - closesBefore);
        return figures;
    }
}
