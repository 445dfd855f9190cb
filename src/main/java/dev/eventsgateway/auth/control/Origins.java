package dev.eventsgateway.auth.control;

import dev.eventsgateway.configuration.ConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Brings origins to one comparable form: lower-case scheme and host, the port only when it is not the default. */
public final class Origins {

    private Origins() {
    }

    /** One configured origin, normalized; anything else fails the deployment naming the variable. */
    public static String configured(String variable, String entry) {
        return normalize(entry).orElseThrow(() -> new ConfigurationException(variable,
                "'" + entry + "' is not an origin such as https://app.example.com"));
    }

    /** Empty when the text is not an http(s) origin (for example the opaque origin {@code null}). */
    public static Optional<String> normalize(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        String trimmed = origin.trim();
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    }
}
