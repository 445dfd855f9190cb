package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanout}: N subscribers in one room, one publisher at {@code bench.rate} messages a second.
 * {@code fanout-max}: the publisher sends as fast as its acks allow, and keeps at most {@code bench.window} messages
 * not yet delivered to every subscriber, so that the figure is a throughput without slow-consumer loss.
 * With history off ({@code -nohist}, EVENTS_HISTORY_SIZE=0) only the gateway runs: the others keep no history.
 */
final class FanoutScenario implements Scenario {

    static final String ROOM = "bench";

    private final boolean max;
    private final boolean historyOn;

    FanoutScenario(boolean max, boolean historyOn) {
        this.max = max;
        this.historyOn = historyOn;
    }

    @Override
    public String name() {
        return (max ? "fanout-max" : "fanout") + Scenario.historySuffix(historyOn);
    }

    @Override
    public Map<String, String> serverSettings() {
        return historyOn ? Map.of() : HISTORY_OFF;
    }

    @Override
    public boolean supports(Target target) {
        return historyOn || target == Target.GATEWAY;
    }

    @Override
    public List<Result> run(Bench bench, Target target) {
        var settings = bench.settings;
        int n = settings.subscribers();
        List<Peer> subscribers = bench.fleet.openAll(n, i -> target.uri(bench.base(), bench.secret(), "sub-" + i, ROOM,
                false), true, target.awaitsConnected());
        if (target.joinsByFrame()) {
            bench.fleet.requestAll(subscribers, i -> Target.join(ROOM, 1));
        }
        Peer publisher = bench.fleet.open(target.uri(bench.base(), bench.secret(), "publisher", ROOM, true), false,
                target.awaitsConnected(), 0);
        if (target.joinsByFrame()) {
            publisher.request(Target.join(ROOM, 0)).orTimeout(30, TimeUnit.SECONDS).join();
        }
        var peers = new ArrayList<>(subscribers);
        peers.add(publisher);
        try {
            bench.awaitQuietServer();
            window(bench, target, publisher, settings.warmupSeconds());
            var results = new ArrayList<Result>();
            for (int run = 1; run <= settings.runs(); run++) {
                Map<String, Object> figures = window(bench, target, publisher, settings.durationSeconds());
                results.add(new Result(bench.serverName, name(), target.label(), run, figures));
            }
            return results;
        } finally {
            bench.fleet.closeAll(peers);
        }
    }

    /** One window of sending to the room's subscribers, of whom all {@code bench.subscribers} count deliveries. */
    Map<String, Object> window(Bench bench, Target target, Peer publisher, int seconds) {
        int n = bench.settings.subscribers();
        String padding = bench.padding();
        var measurement = new Measurement(bench);
        long end = measurement.startNanos() + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        if (max) {
            long window = bench.settings.window();
            while (System.nanoTime() < end) {
                long needed = (sent - window) * n;
                while (measurement.window().delivered.sum() < needed && System.nanoTime() < end) {
                    Bench.pause(TimeUnit.MICROSECONDS.toNanos(100));
                }
                publisher.request(target.message("publisher", ROOM, System.nanoTime(), padding, sent))
                        .orTimeout(30, TimeUnit.SECONDS).join();
                sent++;
            }
        } else {
            long period = TimeUnit.SECONDS.toNanos(1) / bench.settings.rate();
            // Each message carries its scheduled time, so a late sender shows up as latency, not as a lower rate.
            for (long next = measurement.startNanos(); next < end; next += period) {
                Bench.pauseUntil(next);
                publisher.send(target.message("publisher", ROOM, next, padding, sent));
                sent++;
            }
        }
        var figures = new LinkedHashMap<String, Object>();
        figures.put("subscribers", n);
        figures.put("targetRate", max ? 0 : bench.settings.rate());
        figures.putAll(measurement.finish(sent, sent * n));
        return figures;
    }
}
