package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The packaged WAR on Payara Micro, started in its own JVM with the test settings as system properties. */
final class PayaraMicroTarget implements GatewayTarget {

    private final String name;
    private final List<String> command = new ArrayList<>();
    private final URI baseUri;
    private ServerProcess server;
    private int restarts;

    /** Payara Micro 6 on the JVM running the tests. */
    static PayaraMicroTarget six(String name, Map<String, String> settings) {
        return new PayaraMicroTarget(name, "payara-micro.jar", Path.of(System.getProperty("java.home")), settings);
    }

    /** Payara Micro 7, which needs Java 21 or later: {@code -Devents.java21.home} names that JDK. */
    static PayaraMicroTarget seven(String name, Map<String, String> settings) {
        String javaHome = System.getProperty("events.java21.home");
        if (javaHome == null || javaHome.isBlank()) {
            throw new IllegalStateException("set events.java21.home to a Java 21+ JDK for Payara Micro 7");
        }
        return new PayaraMicroTarget(name, "payara-micro-7.jar", Path.of(javaHome), settings);
    }

    private PayaraMicroTarget(String name, String jarName, Path javaHome, Map<String, String> settings) {
        this.name = name;
        Path war = Path.of(System.getProperty("events.war", "target/events-gateway.war"));
        Path jar = Path.of(System.getProperty("events.servers", "target/servers"), jarName);
        if (!Files.isRegularFile(war) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("run through Maven (mvn verify): need " + war + " and " + jar);
        }
        int port = Ports.free();
        baseUri = URI.create("http://127.0.0.1:" + port);
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-Xmx1g");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", String.valueOf(port), "--nocluster"));
        server = ServerProcess.start(name, command, Map.of(), baseUri);
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
        server = ServerProcess.start(name + "-restart-" + ++restarts, command, Map.of(), baseUri);
    }

    @Override
    public synchronized Paused pause() {
        long pid = server.pid();
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    private static void signal(String signal, long pid) {
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

    @Override
    public synchronized void close() {
        server.stop();
    }
}
