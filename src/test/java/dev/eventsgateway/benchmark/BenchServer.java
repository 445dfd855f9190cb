package dev.eventsgateway.benchmark;

import dev.eventsgateway.system.Ports;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server under test: started here (WildFly or Payara Micro with the gateway WAR and the baseline WAR, the
 * benchmark's settings as system properties, the open-file limit raised as far as allowed) or one already running, named by URL and pid.
 */
final class BenchServer implements MeasuredServer, AutoCloseable {

    private static final Logger LOG = System.getLogger(BenchServer.class.getName());
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final String name;
    private final URI base;
    private final long pid;
    private final Process process;

    private BenchServer(String name, URI base, long pid, Process process) {
        this.name = name;
        this.base = base;
        this.pid = pid;
        this.process = process;
    }

    /** The settings the benchmark starts a server with: the test settings, production timings, raised limits. */
    static LinkedHashMap<String, String> settings(BenchSettings bench) {
        var values = new LinkedHashMap<>(ServerSettings.values());
        values.put("EVENTS_HEARTBEAT_MS", "25000");
        values.put("EVENTS_STATS_INTERVAL_SECONDS", "10");
        values.put("EVENTS_SEND_QUEUE_LIMIT", "512");
        values.put("EVENTS_MAX_ROOMS_PER_CONNECTION", "100");
        // Raised for the publisher (the limit is one setting for every connection); still on, never 0.
        values.put("EVENTS_RATE_LIMIT_PER_SECOND", String.valueOf(bench.publisherRate()));
        values.put("EVENTS_RATE_LIMIT_BURST", String.valueOf(bench.publisherRate()));
        values.put("EVENTS_MAX_CONNECTIONS", "100000");
        values.put("EVENTS_MAX_CONNECTIONS_PER_USER", "100");
        return values;
    }

    static BenchServer attach(URI base, long pid) {
        return new BenchServer("attached", base, pid, null);
    }

    static BenchServer start(BenchSettings bench, Path gatewayWar, Path servers, Path work) {
        return start(bench, gatewayWar, servers, work, "", Map.of());
    }

    /**
     * Starts one more server: {@code node} (empty for the run's only server) names its log and WildFly base directory,
     * so that several run side by side; {@code overrides} replace or add gateway settings (history size, Redis URL).
     */
    static BenchServer start(BenchSettings bench, Path gatewayWar, Path servers, Path work, String node,
                             Map<String, String> overrides) {
        String suffix = node.isEmpty() ? "" : "-" + node;
        var values = settings(bench);
        values.putAll(overrides);
        Path baseline = BaselineWar.write(work);
        int[] ports = Ports.free(4);
        int port = ports[0];
        URI base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "ulimit -n " + bench.openFiles() + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$0\" \"$@\""));
        Map<String, String> environment = new LinkedHashMap<>();
        String javaHome = System.getProperty("java.home");
        if ("wildfly".equals(bench.server())) {
            Path home = servers.resolve("wildfly-" + bench.wildflyVersion());
            Path serverBase = work.resolve("wildfly-base" + suffix);
            deleteTree(serverBase);
            Trees.copy(home.resolve("standalone"), serverBase);
            forgetDeployments(serverBase.resolve("configuration/standalone.xml"));
            copy(gatewayWar, serverBase.resolve("deployments/events-gateway.war"));
            copy(baseline, serverBase.resolve("deployments/baseline.war"));
            command.addAll(List.of(home.resolve("bin/standalone.sh").toString(), "-b", "127.0.0.1",
                    "-bmanagement", "127.0.0.1", "-Djboss.server.base.dir=" + serverBase,
                    "-Djboss.http.port=" + port, "-Djboss.https.port=" + ports[1],
                    "-Djboss.management.http.port=" + ports[2], "-Djboss.management.https.port=" + ports[3]));
            values.forEach((key, value) -> command.add("-D" + key + "=" + value));
            environment.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
            environment.put("JAVA_HOME", javaHome);
            environment.put("JBOSS_JAVA_SIZING", bench.serverHeap());
        } else if ("payara".equals(bench.server())) {
            command.add(Path.of(javaHome, "bin/java").toString());
            command.addAll(List.of(bench.serverHeap().split(" ")));
            values.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", servers.resolve("payara-micro.jar").toString(),
                    "--deploy", gatewayWar.toString(), "--deploy", baseline.toString(),
                    "--port", String.valueOf(port), "--nocluster"));
        } else {
            throw new IllegalArgumentException("bench.server must be wildfly or payara, not " + bench.server());
        }
        command.addAll(bench.serverOptions());
        Path log = work.resolve(bench.server() + suffix + ".log");
        Process process;
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bench.server(), e);
        }
        LOG.log(Level.INFO, "started {0}{1} (pid {2}, log {3}, settings changed: {4})", bench.server(), suffix,
                process.pid(), log, overrides.keySet());
        long started = System.nanoTime();
        var server = new BenchServer(bench.server(), base, -1, process);
        try {
            awaitReady(process, base, bench.secret(), log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        long jvm = javaPid(process);
        LOG.log(Level.INFO, "{0} ready after {1} ms, JVM pid {2}", bench.server(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), jvm);
        return new BenchServer(bench.server(), base, jvm, process);
    }

    String name() {
        return name;
    }

    @Override
    public URI base() {
        return base;
    }

    /** The server JVM's pid, for /proc. */
    @Override
    public long pid() {
        return pid;
    }

    /** A full GC of the server JVM, requested with {@code jcmd <pid> GC.run}. */
    @Override
    public boolean collectGarbage() {
        try {
            Process jcmd = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java")
                    .replaceFirst("java$", "jcmd"), String.valueOf(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = jcmd.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                jcmd.destroyForcibly();
            }
            return done && jcmd.exitValue() == 0;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "jcmd failed: {0}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                try {
                    child.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static void awaitReady(Process process, URI base, String secret, Path log) {
        HttpClient client = HttpClient.newHttpClient();
        var deliveries = new Deliveries();
        StartupProbe.await(process, "server", log, STARTUP_LIMIT, Duration.ofMillis(500), () -> {
            Peer.open(client, Target.GATEWAY.uri(base, secret, "probe", "probe", false), deliveries, false, true)
                    .get(5, TimeUnit.SECONDS).abort();
            Peer.open(client, Target.BARE.uri(base, secret, "probe", "probe", false), deliveries, false, false)
                    .get(5, TimeUnit.SECONDS).abort();
        });
    }

    /** The server JVM: the process itself (Payara, exec'd) or its java descendant (WildFly's standalone.sh). */
    private static long javaPid(Process process) {
        return process.descendants()
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** A distribution that once ran in place lists its deployments in standalone.xml; the scanner adds them anew. */
    private static void forgetDeployments(Path configuration) {
        try {
            String xml = Files.readString(configuration);
            Files.writeString(configuration, xml.replaceAll("(?s)<deployments>.*?</deployments>", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
