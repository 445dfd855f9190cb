package dev.eventsgateway.system;

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

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Gateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var store = context.getRoot().getStore(ExtensionContext.Namespace.create(GatewayExtension.class));
        return store.getOrComputeIfAbsent(Running.class, key -> new Running(startTarget()), Running.class).gateway;
    }

    static String targetName() {
        return System.getProperty(TARGET_PROPERTY, "embedded");
    }

    private static GatewayTarget startTarget() {
        String name = targetName();
        return switch (name) {
            case "embedded" -> new EmbeddedTarget();
            case "payara" -> PayaraMicroTarget.six();
            case "payara7" -> PayaraMicroTarget.seven();
            case "wildfly" -> new WildFlyTarget();
            default -> throw new IllegalArgumentException(TARGET_PROPERTY
                    + " must be embedded, payara, payara7 or wildfly, not " + name);
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
