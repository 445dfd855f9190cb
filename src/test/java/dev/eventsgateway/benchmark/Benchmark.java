package dev.eventsgateway.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The load benchmark's entry point: starts the server (or attaches to a running one) and the Node.js reference, runs
 * each scenario against the gateway, the bare baseline and the Node reference, writes one JSON line per measured
 * window and ends with a table of medians and their ratios to the Node reference. Scenarios that need other
 * gateway settings (history off, a larger history for recovery) get a server of their own, one after the other; the
 * cluster scenario starts redis-server and two nodes.
 *
 * <p>{@code mvn -Pbenchmark verify -Dbench.server=wildfly -Dbench.scenario=fanout}; see docs/benchmarks.md.
 */
public final class Benchmark {

    private static final Logger LOG = System.getLogger(Benchmark.class.getName());

    private Benchmark() {
    }

    public static void main(String[] args) {
        var settings = BenchSettings.fromSystemProperties();
        // Scenarios needing the same gateway settings share one server; cluster scenarios start servers of their own.
        var groups = new LinkedHashMap<Map<String, String>, List<Scenario>>();
        var clusters = new ArrayList<ClusterScenario>();
        for (String name : settings.scenarios()) {
            if ("cluster".equals(name)) {
                settings.history().forEach(on -> clusters.add(new ClusterScenario(on)));
            } else {
                Scenario.named(name, settings).forEach(scenario -> groups.computeIfAbsent(scenario.serverSettings(),
                        key -> new ArrayList<>()).add(scenario));
            }
        }
        if (settings.url() != null && (groups.size() > 1 || !clusters.isEmpty()
                || groups.keySet().stream().anyMatch(overrides -> !overrides.isEmpty()))) {
            throw new IllegalArgumentException("with bench.url the benchmark cannot change the server's settings: "
                    + "recovery, cluster and bench.history=off need a server it starts");
        }
        var results = new ArrayList<Result>();
        var fleet = new Fleet(settings.httpClients(), settings.handshakeConcurrency(), new Deliveries());
        try (NodeReference node = settings.targets().contains(Target.NODE)
                ? NodeReference.start(settings, settings.work()) : null) {
            for (var group : groups.entrySet()) {
                try (BenchServer server = settings.url() != null
                        ? BenchServer.attach(settings.url(), settings.pid())
                        : BenchServer.start(settings, settings.war(), settings.servers(), settings.work(),
                                group.getKey().isEmpty() ? "" : group.getValue().get(0).name(), group.getKey())) {
                    if (server.pid() <= 0) {
                        throw new IllegalArgumentException("bench.pid must name the server JVM when bench.url is given");
                    }
                    for (Scenario scenario : group.getValue()) {
                        for (Target target : settings.targets()) {
                            if (!scenario.supports(target)) {
                                continue;
                            }
                            var bench = new Bench(settings, server.name(), target == Target.NODE ? node : server, fleet);
                            LOG.log(Level.INFO, "{0} on {1}: {2}", scenario.name(), server.name(), target.label());
                            for (Result result : scenario.run(bench, target)) {
                                results.add(result);
                                emit(settings.results(), result);
                            }
                        }
                    }
                }
            }
        }
        for (ClusterScenario cluster : clusters) {
            LOG.log(Level.INFO, "{0} on two {1} nodes and redis-server", cluster.name(), settings.server());
            for (Result result : cluster.run(settings, fleet)) {
                results.add(result);
                emit(settings.results(), result);
            }
        }
        System.out.println(Report.table(results));
        System.exit(0);
    }

    private static void emit(Path file, Result result) {
        String line = result.json();
        System.out.println(line);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
