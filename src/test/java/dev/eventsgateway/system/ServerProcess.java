package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server JVM started by the tests: its log goes to a file, it is ready once a client gets {@code connected}. */
final class ServerProcess {

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** @param readyLine text the server logs once it has finished starting */
    static ServerProcess start(String name, List<String> command, java.util.Map<String, String> environment, URI baseUri,
                               String readyLine) {
        Path logs = Path.of(System.getProperty("events.logs", "target/server-logs"));
        Path log = logs.resolve(name + ".log");
        Process process;
        try {
            Files.createDirectories(logs);
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        var server = new ServerProcess(name, process, log);
        server.awaitReady(baseUri, readyLine);
        return server;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the process has exited, after it was killed. */
    void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still running 30 s after it was killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** A graceful stop (SIGTERM, so the server undeploys), forced after a minute. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ready once the server's log says so and a client then gets its answer: Payara Micro has been seen to answer
     * upgrades with 404 or 500 for a moment after its first successful one, before it logs "ready in".
     */
    private void awaitReady(URI baseUri, String readyLine) {
        Instant started = Instant.now();
        Instant deadline = started.plus(STARTUP_LIMIT);
        String token = Tokens.forUser("readiness-probe").sign();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (logContains(readyLine)) {
                try (TestClient probe = TestClient.connectOnce(Gateway.eventsUri(baseUri, token), java.util.Map.of(),
                        Duration.ofSeconds(2))) {
                    awaitAnswer(probe);
                    System.out.printf("%s ready after %d ms (pid %d, log %s)%n", name,
                            Duration.between(started, Instant.now()).toMillis(), process.pid(), log);
                    return;
                } catch (RuntimeException e) {
                    // Not answering yet: try again below.
                }
            }
            waitBeforeRetry();
        }
        stop();
        throw new IllegalStateException(name + " not ready within " + STARTUP_LIMIT + ":\n" + tail());
    }

    private boolean logContains(String line) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(line);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * The endpoint has answered once the probe is connected, or refused with 4401: a gateway configured for other
     * keys (JWKS, PEM) cannot accept the probe's HS256 token, yet its endpoint is deployed and running.
     */
    private static void awaitAnswer(TestClient probe) {
        for (int attempt = 0; attempt < 25; attempt++) {
            try {
                probe.next("connected", Duration.ofMillis(200));
                return;
            } catch (AssertionError notYet) {
                TestClient.Close close = probe.closed().getNow(null);
                if (close != null && close.code() == 4401) {
                    return;
                }
                if (close != null) {
                    throw new IllegalStateException("probe closed with " + close, notYet);
                }
            }
        }
        throw new IllegalStateException("no connected frame and no 4401 within 5 s");
    }

    private void waitBeforeRetry() {
        try {
            // Polling a process that gives no readiness signal: waiting for its exit doubles as the pause.
            process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
