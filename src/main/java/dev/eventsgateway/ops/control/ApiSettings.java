package dev.eventsgateway.ops.control;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Optional;

/** The server API's own credential: an API key, next to admin JWTs; without one, only admin tokens get in. */
public record ApiSettings(Optional<String> apiKey) {

    public static final String API_KEY = "EVENTS_API_KEY";
    public static final int MIN_KEY_LENGTH = 32;

    public static ApiSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static ApiSettings from(Environment env) {
        Optional<String> key = env.text(API_KEY);
        if (key.isPresent() && key.get().length() < MIN_KEY_LENGTH) {
            throw new ConfigurationException(API_KEY, "must be at least " + MIN_KEY_LENGTH + " characters long");
        }
        return new ApiSettings(key);
    }

    /** For the deployment report: never the key itself. */
    public String describe() {
        return "apiKey=" + (apiKey.isPresent() ? "set" : "unset");
    }
}
