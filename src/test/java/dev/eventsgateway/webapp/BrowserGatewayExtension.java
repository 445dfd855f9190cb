package dev.eventsgateway.webapp;

import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerSettings;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves the {@link BrowserGateway}, launched once per run and stopped when the run ends; browser tests run on the
 * Payara Micro target only, and only where Chromium and chromedriver are installed.
 */
public final class BrowserGatewayExtension implements ExecutionCondition, ParameterResolver {

    private static final String TARGET = "payara";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String target = System.getProperty(GatewayExtension.TARGET_PROPERTY, "embedded");
        if (!TARGET.equals(target)) {
            return ConditionEvaluationResult.disabled("browser tests run on the " + TARGET + " target, not " + target);
        }
        if (!Browser.installed()) {
            return ConditionEvaluationResult.disabled("no " + Browser.CHROMIUM + " or " + Browser.CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
        }
        return ConditionEvaluationResult.enabled("Payara Micro and Chromium are there");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrowserGateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var store = context.getRoot().getStore(ExtensionContext.Namespace.create(BrowserGatewayExtension.class));
        return store.getOrComputeIfAbsent(Running.class, key -> new Running(launch()), Running.class).gateway;
    }

    private static BrowserGateway launch() {
        OtherSite site = OtherSite.start();
        try {
            String origins = ServerSettings.ALLOWED_ORIGIN + "," + site.origin(BrowserGateway.ALLOWED_HOST);
            // A token:expiring notice shorter than BrowserTokenRefreshIT's 20 s tokens: a refreshed token is not
            // noticed again at once.
            var server = GatewayExtension.launcher().launch(Map.of("EVENTS_DEV_TOKENS", "true", "CORS_ORIGIN", origins,
                    "EVENTS_TOKEN_EXPIRY_NOTICE_MS", "10000"));
            return new BrowserGateway(server, site);
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
    }

    /** Stops the gateway when JUnit closes the root store at the end of the run. */
    private record Running(BrowserGateway gateway) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            gateway.stop();
        }
    }
}
