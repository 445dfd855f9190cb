package dev.eventsgateway.system;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged WAR on Payara Micro, started in its own JVM with the test settings as system properties. */
final class PayaraMicroTarget {

    /** Payara Micro 6 on the JVM running the tests. */
    static ServerTarget six(String name, Map<String, String> settings) {
        return start(name, "payara-micro.jar", Path.of(System.getProperty("java.home")), settings);
    }

    /** Payara Micro 7, which needs Java 21 or later: {@code -Devents.java21.home} names that JDK. */
    static ServerTarget seven(String name, Map<String, String> settings) {
        String javaHome = System.getProperty("events.java21.home");
        if (javaHome == null || javaHome.isBlank()) {
            throw new IllegalStateException("set events.java21.home to a Java 21+ JDK for Payara Micro 7");
        }
        return start(name, "payara-micro-7.jar", Path.of(javaHome), settings);
    }

    private PayaraMicroTarget() {
    }

    private static ServerTarget start(String name, String jarName, Path javaHome, Map<String, String> settings) {
        Path war = Path.of(System.getProperty("events.war", "target/events-gateway.war"));
        Path jar = Path.of(System.getProperty("events.servers", "target/servers"), jarName);
        if (!Files.isRegularFile(war) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("run through Maven (mvn verify): need " + war + " and " + jar);
        }
        int port = Ports.free();
        URI baseUri = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-Xmx1g");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", String.valueOf(port), "--nocluster"));
        return new ServerTarget(name, command, Map.of(), baseUri, "ready in");
    }
}
