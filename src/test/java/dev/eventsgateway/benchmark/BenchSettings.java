package dev.eventsgateway.benchmark;

import dev.eventsgateway.system.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The benchmark's parameters, all from {@code -Dbench.*} system properties; see docs/benchmarks.md. */
record BenchSettings(String server, List<String> scenarios, List<Target> targets, URI url, long pid, String secret,
                     int runs, int warmupSeconds, int durationSeconds, int subscribers, int rate, int window,
                     int connections, int holdSeconds, int rooms, int members, int roomRate, int contentBytes,
                     int httpClients, int handshakeConcurrency, int publisherRate, int openFiles, String serverHeap,
                     List<String> serverOptions, String wildflyVersion, Path nodeReference, Path work, Path results) {

    static BenchSettings fromSystemProperties() {
        String url = text("bench.url", "");
        return new BenchSettings(
                text("bench.server", "wildfly"),
                list(text("bench.scenario", "fanout")),
                list(text("bench.target", "gateway,bare,node")).stream().map(Target::named).toList(),
                url.isBlank() ? null : URI.create(url.replaceFirst("^ws", "http")),
                Long.parseLong(text("bench.pid", "-1")),
                text("bench.secret", ServerSettings.SECRET),
                integer("bench.runs", 3),
                integer("bench.warmup", 10),
                integer("bench.duration", 20),
                integer("bench.subscribers", 1000),
                integer("bench.rate", 50),
                integer("bench.window", 16),
                integer("bench.connections", 10_000),
                integer("bench.hold", 10),
                integer("bench.rooms", 100),
                integer("bench.members", 10),
                integer("bench.roomRate", 1000),
                integer("bench.contentBytes", 64),
                integer("bench.httpClients", 4),
                integer("bench.handshakes", 64),
                integer("bench.publisherRate", 100_000),
                integer("bench.openFiles", 65_536),
                text("bench.serverHeap", "-Xms64m -Xmx1g"),
                list(text("bench.serverOptions", "")),
                text("bench.wildflyVersion", "39.0.1.Final"),
                Path.of(text("bench.nodeReference", "src/test/node-reference")),
                Path.of(text("bench.work", "target/bench")),
                Path.of(text("bench.results", "target/bench/results.jsonl")));
    }

    private static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(text(name, String.valueOf(fallback)));
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
