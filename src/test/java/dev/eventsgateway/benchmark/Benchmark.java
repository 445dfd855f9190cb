package dev.eventsgateway.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;


/**
 * The load benchmark's entry point: starts the server (or attaches to a running one) and the Node.js reference, runs
 * each scenario against the gateway, the bare baseline and the Node reference, writes one JSON line per measured
 * window and ends with a table of medians and their ratios to the Node reference.
 *
 * <p>{@code mvn -Pbenchmark verify -Dbench.server=wildfly -Dbench.scenario=fanout}; see docs/benchmarks.md.
 */
public final class Benchmark {

    private static final Logger LOG = System.getLogger(Benchmark.class.getName());

    private Benchmark() {
    }

    public static void main(String[] args) {
        var settings = BenchSettings.fromSystemProperties();
        var scenarios = settings.scenarios().stream().map(Scenario::named).toList();
        var results = new ArrayList<Result>();
        try (NodeReference node = settings.targets().contains(Target.NODE)
                ? NodeReference.start(settings, settings.work()) : null;
             BenchServer server = settings.url() != null
                ? BenchServer.attach(settings.url(), settings.pid())
                : BenchServer.start(settings, Path.of(System.getProperty("bench.war", "target/events-gateway.war")),
                        Path.of(System.getProperty("bench.servers", "target/servers")), settings.work())) {
            if (server.pid() <= 0) {
                throw new IllegalArgumentException("bench.pid must name the server JVM when bench.url is given");
            }
            var fleet = new Fleet(settings.httpClients(), settings.handshakeConcurrency(), new Deliveries());
            for (Scenario scenario : scenarios) {
                for (Target target : settings.targets()) {
                    var bench = new Bench(settings, server.name(), target == Target.NODE ? node : server, fleet);
                    LOG.log(Level.INFO, "{0} on {1}: {2}", scenario.name(), server.name(), target.label());
                    for (Result result : scenario.run(bench, target)) {
                        results.add(result);
                        emit(settings.results(), result);
                    }
                }
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
