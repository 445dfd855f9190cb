package dev.eventsgateway.benchmark;

import dev.eventsgateway.system.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cluster}: a throw-away redis-server and two gateway nodes of {@code bench.server} started for it, with
 * EVENTS_REDIS_URL; the fan-out load with the publisher on node A and the subscribers alternately on A and B. Server
 * CPU per delivery is both nodes' CPU over all deliveries (comparable with one node's fan-out figure); each node's
 * own figure divides its CPU by the deliveries to its share of the subscribers.
 */
final class ClusterScenario {

    private final boolean historyOn;

    ClusterScenario(boolean historyOn) {
        this.historyOn = historyOn;
    }

    String name() {
        return "cluster" + Scenario.historySuffix(historyOn);
    }

    List<Result> run(BenchSettings settings, Fleet fleet) {
        if (!RedisServer.available()) {
            throw new IllegalStateException("the cluster scenario needs redis-server (Debian's redis-server package)");
        }
        var results = new ArrayList<Result>();
        try (RedisServer redis = RedisServer.start("bench-" + name())) {
            var overrides = new LinkedHashMap<String, String>();
            overrides.put("EVENTS_REDIS_URL", redis.url());
            if (!historyOn) {
                overrides.putAll(Scenario.HISTORY_OFF);
            }
            try (BenchServer a = BenchServer.start(settings, settings.war(), settings.servers(), settings.work(),
                    name() + "-a", overrides);
                 BenchServer b = BenchServer.start(settings, settings.war(), settings.servers(), settings.work(),
                         name() + "-b", overrides)) {
                results.addAll(measure(settings, fleet, redis, a, b));
            }
        }
        return results;
    }

    private List<Result> measure(BenchSettings settings, Fleet fleet, RedisServer redis, BenchServer a,
                                 BenchServer b) {
        Target target = Target.GATEWAY;
        String room = FanoutScenario.ROOM;
        int n = settings.subscribers();
        int onA = (n + 1) / 2;
        var benchA = new Bench(settings, settings.server(), a, fleet);
        var benchB = new Bench(settings, settings.server(), b, fleet);
        var redisProc = new ProcStat(redis.pid());
        List<Peer> subscribers = fleet.openAll(n, i -> target.uri(i % 2 == 0 ? a.base() : b.base(), settings.secret(),
                "sub-" + i, room, false), true, true);
        fleet.requestAll(subscribers, i -> Target.join(room, 1));
        Peer publisher = fleet.open(target.uri(a.base(), settings.secret(), "publisher", room, true), false, true, 0);
        var peers = new ArrayList<>(subscribers);
        peers.add(publisher);
        try {
            publisher.request(Target.join(room, 0)).orTimeout(30, TimeUnit.SECONDS).join();
            benchA.awaitQuietServer();
            benchB.awaitQuietServer();
            var fanout = new FanoutScenario(false, historyOn);
            fanout.window(benchA, target, publisher, settings.warmupSeconds());
            var results = new ArrayList<Result>();
            for (int run = 1; run <= settings.runs(); run++) {
                long bStart = benchB.serverProc.cpuNanos();
                long redisStart = redisProc.cpuNanos();
                Map<String, Object> figures = new LinkedHashMap<>(fanout.window(benchA, target, publisher,
                        settings.durationSeconds()));
                long bUsed = benchB.serverProc.cpuNanos() - bStart;
                long redisUsed = redisProc.cpuNanos() - redisStart;
                figures.putAll(split(figures, n, onA, bUsed, redisUsed));
                results.add(new Result(settings.server(), name(), target.label(), run, figures));
            }
            return results;
        } finally {
            fleet.closeAll(peers);
        }
    }

    /**
     * The per-node figures of a window whose {@code serverCpuUsPerDelivery} is node A's CPU over all deliveries:
     * A's and B's CPU over the deliveries to their own subscribers, Redis's over all, and both nodes' together
     * (replacing A's alone, and its cores).
     */
    static Map<String, Object> split(Map<String, Object> window, int subscribers, int onA, long bCpuNanos,
                                     long redisCpuNanos) {
        long delivered = ((Number) window.get("delivered")).longValue();
        double aCpuUs = ((Number) window.get("serverCpuUsPerDelivery")).doubleValue() * delivered;
        double seconds = ((Number) window.get("seconds")).doubleValue();
        double bCpuUs = bCpuNanos / 1000.0;
        double toA = (double) delivered * onA / subscribers;
        double toB = (double) delivered - toA;
        var figures = new LinkedHashMap<String, Object>();
        figures.put("nodeACpuUsPerDelivery", toA == 0 ? Double.NaN : aCpuUs / toA);
        figures.put("nodeBCpuUsPerDelivery", toB == 0 ? Double.NaN : bCpuUs / toB);
        figures.put("redisCpuUsPerDelivery", delivered == 0 ? Double.NaN : redisCpuNanos / 1000.0 / delivered);
        figures.put("serverCpuUsPerDelivery", delivered == 0 ? Double.NaN : (aCpuUs + bCpuUs) / delivered);
        figures.put("serverCores", ((Number) window.get("serverCores")).doubleValue() + bCpuUs / 1e6 / seconds);
        return figures;
    }
}
