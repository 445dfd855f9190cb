package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged WAR on WildFly (Undertow), from the unpacked distribution: a fresh server base directory per run,
 * the WAR dropped into its deployment scanner's folder, the test settings as system properties.
 */
final class WildFlyTarget {

    private WildFlyTarget() {
    }

    static ServerTarget start(String name, Map<String, String> settings) {
        Path war = Path.of(System.getProperty("events.war", "target/events-gateway.war"));
        Path home = Path.of(System.getProperty("events.wildfly.home", "target/servers/wildfly"));
        if (!Files.isRegularFile(war) || !Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("run through Maven (mvn verify): need " + war + " and " + home);
        }
        Path base = Path.of(System.getProperty("events.logs", "target/server-logs"), name + "-base").toAbsolutePath();
        Trees.copy(home.resolve("standalone"), base);
        copy(war, base.resolve("deployments/events-gateway.war"));

        int[] ports = Ports.free(4);
        int port = ports[0];
        URI baseUri = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/standalone.sh").toString(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + port,
                "-Djboss.https.port=" + ports[1],
                "-Djboss.management.http.port=" + ports[2],
                "-Djboss.management.https.port=" + ports[3]));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // standalone.sh forwards SIGTERM to the server JVM only when it launches it in the background.
        return new ServerTarget(name, command, Map.of("LAUNCH_JBOSS_IN_BACKGROUND", "1",
                "JAVA_HOME", System.getProperty("java.home")), baseUri, "WFLYSRV0025");
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
