package dev.eventsgateway.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect}: opens C connections (each its own user and token on the gateway), holds them idle, and reports
 * the server's CPU per accepted connection (handshake, JWT verification, {@code connected}) and its resident set
 * per held connection, both raw and after a full GC.
 */
final class ConnectScenario implements Scenario {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public List<Result> run(Bench bench, Target target) {
        var settings = bench.settings;
        int c = settings.connections();
        var results = new ArrayList<Result>();
        for (int run = 1; run <= settings.runs(); run++) {
            String prefix = "conn-" + run + "-";
            bench.awaitQuietServer();
            boolean collected = bench.collectGarbage();
            long rssBefore = bench.serverProc.rssBytes();
            long threadsBefore = bench.serverProc.threads();
            long cpuBefore = bench.serverProc.cpuNanos();
            long clientCpuBefore = bench.clientProc.cpuNanos();
            long closesBefore = bench.fleet.deliveries().unexpectedCloses();
            long start = System.nanoTime();
            List<Peer> peers = bench.fleet.openAll(c, i -> target.uri(bench.base(), bench.secret(), prefix + i, "idle",
                    false), false, target.awaitsConnected());
            long opened = System.nanoTime();
            // Late handshake work (the last connected frames, logging) settles before the CPU is read.
            bench.awaitQuietServer();
            long cpuUsed = bench.serverProc.cpuNanos() - cpuBefore;
            long clientCpuUsed = bench.clientProc.cpuNanos() - clientCpuBefore;
            Bench.pause(TimeUnit.SECONDS.toNanos(settings.holdSeconds()));
            long rssRaw = bench.serverProc.rssBytes();
            collected &= bench.collectGarbage();
            long rssAfter = bench.serverProc.rssBytes();
            var figures = new LinkedHashMap<String, Object>();
            figures.put("connections", c);
            figures.put("connectSeconds", (opened - start) / 1e9);
            figures.put("connectsPerSec", c / ((opened - start) / 1e9));
            figures.put("serverCpuUsPerConnection", cpuUsed / 1000.0 / c);
            figures.put("clientCpuUsPerConnection", clientCpuUsed / 1000.0 / c);
            figures.put("rssBeforeMb", rssBefore / 1048576.0);
            figures.put("rssHeldMb", rssAfter / 1048576.0);
            figures.put("rssKbPerConnection", (rssAfter - rssBefore) / 1024.0 / c);
            figures.put("rssRawKbPerConnection", (rssRaw - rssBefore) / 1024.0 / c);
            figures.put("gcBeforeSamples", String.valueOf(collected));
            figures.put("serverThreadsBefore", threadsBefore);
            figures.put("serverThreadsHeld", bench.serverProc.threads());
            figures.put("unexpectedCloses", bench.fleet.deliveries().unexpectedCloses() - closesBefore);
            results.add(new Result(bench.serverName, name(), target.label(), run, figures));
            bench.fleet.closeAll(peers);
        }
        return results;
    }
}
