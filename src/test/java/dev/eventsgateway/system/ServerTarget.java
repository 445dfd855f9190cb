package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A gateway in a server process of its own, started from a command line on a fixed port. */
class ServerTarget implements GatewayTarget {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final URI baseUri;
    private final String readyLine;
    private ServerProcess server;
    private int restarts;

    /** @param readyLine text the server logs once it has finished starting */
    ServerTarget(String name, List<String> command, Map<String, String> environment, URI baseUri, String readyLine) {
        this.name = name;
        this.readyLine = readyLine;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.baseUri = baseUri;
        this.server = ServerProcess.start(name, this.command, this.environment, baseUri, readyLine);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public <T> Optional<T> bean(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public synchronized Optional<Path> log() {
        return Optional.of(server.log());
    }

    @Override
    public boolean hasServletContainer() {
        return true;
    }

    @Override
    public synchronized void restart() {
        server.stop();
        server = ServerProcess.start(name + "-restart-" + ++restarts, command, environment, baseUri, readyLine);
    }

    /** Stops the server process and every process it started (a launch script's JVM) until the handle is closed. */
    @Override
    public synchronized Paused pause() {
        List<Long> pids = Stream.concat(Stream.of(server.pid()),
                ProcessHandle.of(server.pid()).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .toList();
        signal("STOP", pids);
        return () -> signal("CONT", pids);
    }

    @Override
    public synchronized void kill() {
        List<Long> pids = Stream.concat(Stream.of(server.pid()),
                ProcessHandle.of(server.pid()).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .toList();
        signal("KILL", pids);
        server.awaitExit();
    }

    @Override
    public synchronized void close() {
        server.stop();
    }

    private static void signal(String signal, List<Long> pids) {
        for (long pid : pids) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while signalling " + pid, e);
            }
        }
    }
}
