package dev.eventsgateway.ops.control;

import dev.eventsgateway.auth.control.Origins;
import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server API's own settings: an API key next to admin JWTs (without one, only admin tokens get in), and the
 * browser origins allowed to call it cross-origin (none: CORS closed).
 */
public record ApiSettings(Optional<String> apiKey, Set<String> corsOrigins) {

    public static final String API_KEY = "EVENTS_API_KEY";
    public static final String CORS_ORIGINS = "EVENTS_API_CORS_ORIGINS";
    public static final int MIN_KEY_LENGTH = 32;

    public ApiSettings {
        corsOrigins = Set.copyOf(corsOrigins);
    }

    public static ApiSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static ApiSettings from(Environment env) {
        Optional<String> key = env.text(API_KEY);
        if (key.isPresent() && key.get().length() < MIN_KEY_LENGTH) {
            throw new ConfigurationException(API_KEY, "must be at least " + MIN_KEY_LENGTH + " characters long");
        }
        return new ApiSettings(key, corsOrigins(env));
    }

    private static Set<String> corsOrigins(Environment env) {
        List<String> entries = env.list(CORS_ORIGINS, "");
        if (entries.contains("*")) {
            // A wildcard would let any site's page drive the API with a credential it got hold of.
            throw new ConfigurationException(CORS_ORIGINS, "* is not allowed for the authenticated server API; "
                    + "list each origin, such as https://admin.example.com");
        }
        return entries.stream().map(entry -> Origins.configured(CORS_ORIGINS, entry)).collect(Collectors.toSet());
    }

    /** For the deployment report: never the key itself. */
    public String describe() {
        return "apiKey=" + (apiKey.isPresent() ? "set" : "unset") + ", cors="
                + (corsOrigins.isEmpty() ? "closed" : String.join(",", corsOrigins.stream().sorted().toList()));
    }
}
