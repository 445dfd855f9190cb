package dev.eventsgateway.benchmark;

import dev.eventsgateway.system.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js reference server of {@code src/test/node-reference}: installed with {@code npm ci} into the work
 * directory, started with {@code node --expose-gc} on a free loopback port with the gateway's settings as environment,
 * and stopped by its pid.
 */
final class NodeReference implements MeasuredServer, AutoCloseable {

    private static final Logger LOG = System.getLogger(NodeReference.class.getName());
    private static final List<String> FILES = List.of("server.mjs", "package.json", "package-lock.json");
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(5);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    private final URI base;
    private final Process process;
    /** HTTP/1.1: an h2c upgrade request would reach the reference's WebSocket upgrade handler, which refuses it. */
    private final HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private NodeReference(URI base, Process process) {
        this.base = base;
        this.process = process;
    }

    static NodeReference start(BenchSettings bench, Path work) {
        Path directory = work.resolve("node-reference");
        install(bench.nodeReference(), directory, work.resolve("npm.log"));
        int port = Ports.free();
        URI base = URI.create("http://127.0.0.1:" + port);
        Path log = work.resolve("node.log");
        Process process;
        try {
            // exec: the shell becomes node, so the started process's pid is the one /proc is read for.
            var builder = new ProcessBuilder("/bin/sh", "-c",
                    "ulimit -n " + bench.openFiles() + " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$0\" \"$@\"",
                    "node", "--expose-gc", "server.mjs", String.valueOf(port))
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(BenchServer.settings(bench));
            builder.environment().put("EVENTS_JWT_SECRET", bench.secret());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is node 20 on the PATH?)", e);
        }
        var node = new NodeReference(base, process);
        try {
            node.awaitReady(bench.secret(), log);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.log(Level.INFO, "node reference ready (pid {0}, log {1})", process.pid(), log);
        return node;
    }

    /** Copies the reference into the work directory and runs {@code npm ci} there, so that the sources stay clean. */
    private static void install(Path source, Path directory, Path log) {
        try {
            Files.createDirectories(directory);
            for (String file : FILES) {
                Files.copy(source.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(INSTALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci took longer than " + INSTALL_LIMIT + ", see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed with " + npm.exitValue() + ", see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the node reference from " + source
                    + " (is npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the node reference", e);
        }
    }

    private void awaitReady(String secret, Path log) {
        var deliveries = new Deliveries();
        StartupProbe.await(process, "node reference", log, STARTUP_LIMIT, Duration.ofMillis(200), () ->
                Peer.open(admin, Target.NODE.uri(base, secret, "probe", "probe", false), deliveries, false, true)
                        .get(5, TimeUnit.SECONDS).abort());
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** A full collection through the reference's {@code POST /admin/gc}, which calls V8's {@code gc()}. */
    @Override
    public boolean collectGarbage() {
        try {
            HttpResponse<Void> response = admin.send(HttpRequest.newBuilder(base.resolve("/admin/gc"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 204;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "node gc request failed: {0}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM to the node pid (it closes its connections with 1001 and exits), SIGKILL if it outlives 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
