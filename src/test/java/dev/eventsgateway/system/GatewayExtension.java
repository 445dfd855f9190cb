package dev.eventsgateway.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Gateway} parameter: one target per test run, chosen by
 * {@code -Devents.target=embedded|payara|payara7|wildfly},
 * started on first use and stopped when the run ends.
 */
public final class GatewayExtension implements ParameterResolver {

    public static final String TARGET_PROPERTY = "events.target";

    private static final AtomicInteger LAUNCHES = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Gateway.class || type == GatewayLauncher.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == GatewayLauncher.class) {
            return launcher();
        }
        var store = context.getRoot().getStore(ExtensionContext.Namespace.create(GatewayExtension.class));
        return store.getOrComputeIfAbsent(Running.class,
                key -> new Running(launch(targetName(), targetName(), ServerSettings.values())), Running.class).gateway;
    }

    /** A launcher of separate gateways of the current target kind, also for extensions outside this package. */
    public static GatewayLauncher launcher() {
        return launcher(targetName());
    }

    /**
     * A launcher of separate gateways of the given kind ({@code payara}, {@code payara7} or {@code wildfly}) whatever
     * the current target, for a cluster of servers of different kinds.
     */
    public static GatewayLauncher launcher(String kind) {
        return new GatewayLauncher(kind, settings -> launch(kind, kind + "-" + LAUNCHES.incrementAndGet(), settings));
    }

    /**
     * Skips the calling test unless the build runs the system tests against this kind of server: for a test of what the
     * WAR does the same on every server, run once per build to keep the build short.
     */
    public static void assumeTarget(String kind) {
        Assumptions.assumeTrue(kind.equals(targetName()), "runs once per build, with the " + kind + " target");
    }

    /** Whether the build put this kind of server where the tests start it from; embedded always is. */
    public static boolean installed(String kind) {
        Path servers = Path.of(System.getProperty("events.servers", "target/servers"));
        return switch (kind) {
            case "embedded" -> true;
            case "payara" -> Files.isRegularFile(servers.resolve("payara-micro.jar"));
            case "payara7" -> Files.isRegularFile(servers.resolve("payara-micro-7.jar"));
            case "wildfly" -> Files.isDirectory(Path.of(System.getProperty("events.wildfly.home", "target/servers/wildfly")));
            default -> false;
        };
    }

    static String targetName() {
        return System.getProperty(TARGET_PROPERTY, "embedded");
    }

    private static GatewayTarget launch(String kind, String name, Map<String, String> settings) {
        return switch (kind) {
            case "embedded" -> new EmbeddedTarget();
            case "payara" -> PayaraMicroTarget.six(name, settings);
            case "payara7" -> PayaraMicroTarget.seven(name, settings);
            case "wildfly" -> WildFlyTarget.start(name, settings);
            default -> throw new IllegalArgumentException(TARGET_PROPERTY
                    + " must be embedded, payara, payara7 or wildfly, not " + kind);
        };
    }

    /** Stops the target when JUnit closes the root store at the end of the run. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        private final GatewayTarget target;
        private final Gateway gateway;

        Running(GatewayTarget target) {
            this.target = target;
            this.gateway = new Gateway(target);
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
