package dev.eventsgateway.auth.control;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The browser origins allowed to connect: {@code CORS_ORIGIN}, comma-separated, {@code *} for any. */
public record OriginSettings(boolean anyOrigin, Set<String> allowed) {

    public static final String CORS_ORIGIN = "CORS_ORIGIN";
    public static final String DEFAULT = "http://localhost:5173";

    public OriginSettings {
        allowed = Set.copyOf(allowed);
    }

    public static OriginSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static OriginSettings from(Environment env) {
        List<String> entries = env.list(CORS_ORIGIN, DEFAULT);
        if (entries.isEmpty()) {
            throw new ConfigurationException(CORS_ORIGIN, "must name at least one origin, or * for any");
        }
        if (entries.contains("*")) {
            return new OriginSettings(true, Set.of());
        }
        Set<String> allowed = entries.stream().map(entry -> Origins.configured(CORS_ORIGIN, entry))
                .collect(Collectors.toSet());
        return new OriginSettings(false, allowed);
    }

    public String describe() {
        return anyOrigin ? "*" : String.join(",", allowed.stream().sorted().toList());
    }
}
