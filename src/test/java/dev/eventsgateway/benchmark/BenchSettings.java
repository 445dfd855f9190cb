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
                     List<String> serverOptions, String wildflyVersion, Path nodeReference, Path work, Path results,
                     List<Boolean> history, int recoveryMessages, int recoveries, Path war, Path servers) {

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
                Path.of(text("bench.results", "target/bench/results.jsonl")),
                list(text("bench.history", "on")).stream().map(BenchSettings::historyOn).distinct().toList(),
                integer("bench.recoveryMessages", 300),
                integer("bench.recoveries", 7),
                Path.of(text("bench.war", "target/events-gateway.war")),
                Path.of(text("bench.servers", "target/servers")));
    }

    /** {@code on}: the gateway's default history; {@code off}: EVENTS_HISTORY_SIZE=0. */
    static boolean historyOn(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("bench.history must list on and/or off, not " + value);
        };
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
