package dev.eventsgateway.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} on a free loopback port, without persistence, run as a child process and stopped
 * by its pid; never the system's service.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final Path log;
    private final List<String> arguments;
    private Process process;

    private RedisServer(int port, Path log, List<String> arguments) {
        this.port = port;
        this.log = log;
        this.arguments = arguments;
    }

    /** Whether Debian's {@code redis-server} is installed; tests needing it are skipped without it. */
    public static boolean available() {
        return executable() != null;
    }

    public static RedisServer start(String name) {
        RedisServer server = notStarted(name);
        server.restart();
        return server;
    }

    /** One with its port chosen but not running yet: {@link #restart()} starts it. */
    public static RedisServer notStarted(String name) {
        return new RedisServer(Ports.free(), logOf(name), List.of());
    }

    /** One that refuses every command until a client authenticates with this password. */
    public static RedisServer startWithPassword(String name, String password) {
        RedisServer server = new RedisServer(Ports.free(), logOf(name), List.of("--requirepass", password));
        server.restart();
        return server;
    }

    /** A replica of the server on {@code masterPort} of this host, started and answering PING (not yet in sync). */
    public static RedisServer startReplicaOf(String name, int masterPort) {
        RedisServer server = new RedisServer(Ports.free(), logOf(name),
                List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort)));
        server.restart();
        return server;
    }

    /**
     * A node of a Redis Cluster, not yet part of one: its cluster bus on a free port of its own, its cluster state in
     * {@code directory}.
     */
    public static RedisServer startClusterNode(String name, Path directory) {
        int[] ports = Ports.free(2);
        RedisServer server = new RedisServer(ports[0], logOf(name),
                List.of("--cluster-enabled", "yes", "--cluster-port", String.valueOf(ports[1]),
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        "--dir", directory.toAbsolutePath().toString()));
        server.restart();
        return server;
    }

    /** The cluster bus port this node was started with, or -1 for one outside a cluster. */
    public int clusterBusPort() {
        int at = arguments.indexOf("--cluster-port");
        return at < 0 ? -1 : Integer.parseInt(arguments.get(at + 1));
    }

    /** A Redis Sentinel reading (and rewriting) the configuration file given, started and answering PING. */
    public static RedisServer startSentinel(String name, Path configuration) {
        RedisServer server = new RedisServer(Ports.free(), logOf(name),
                List.of(configuration.toAbsolutePath().toString(), "--sentinel"));
        server.restart();
        return server;
    }

    private static Path logOf(String name) {
        return Path.of(System.getProperty("events.logs", "target/server-logs")).resolve("redis-" + name + ".log");
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether it runs now: started, and neither stopped nor killed since. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running redis-server's pid, for its CPU in /proc. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    /** Starts it again on the same port, empty, and waits until it answers PING. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is running");
        }
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(executable().toString());
            boolean sentinel = arguments.contains("--sentinel");
            // A sentinel's configuration file comes first; persistence options are the data servers' only.
            command.addAll(sentinel ? arguments : List.of());
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1"));
            command.addAll(sentinel ? List.of() : List.of("--save", "", "--appendonly", "no"));
            command.addAll(sentinel ? List.of() : arguments);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            awaitPong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process (by its pid) and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the process with SIGKILL (by its pid), as a crash would, and waits for it to be gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing redis-server", e);
        }
        process = null;
    }

    /**
     * Sends one command and returns its reply as text, nested replies one element a line; {@code null} when the
     * server cannot be reached. For test set-up and checks only.
     */
    public String query(String... command) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            return null;
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        if (line.isEmpty()) {
            throw new IOException("empty reply");
        }
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+', '-', ':' -> rest;
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    yield "";
                }
                String bulk = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                in.readNBytes(2);
                yield bulk;
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    elements.add(reply(in));
                }
                yield String.join("\n", elements);
            }
            default -> throw new IOException("unexpected reply type " + line.charAt(0));
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int previous = -1;
        int next;
        while ((next = in.read()) >= 0) {
            if (previous == '\r' && next == '\n') {
                byte[] read = bytes.toByteArray();
                return new String(read, 0, read.length - 1, StandardCharsets.UTF_8);
            }
            bytes.write(next);
            previous = next;
        }
        throw new IOException("connection closed mid-reply");
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPong() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ", see " + log);
            }
            if (answersPing()) {
                return;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer within " + START_TIMEOUT);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(7), StandardCharsets.US_ASCII);
            // One that wants a password answers, too: it is up.
            return reply.equals("+PONG\r\n") || reply.equals("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String fixed : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server")) {
            if (Files.isExecutable(Path.of(fixed))) {
                return Path.of(fixed);
            }
        }
        return null;
    }
}
