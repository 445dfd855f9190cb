package dev.eventsgateway.delivery.control;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/** Where publications go: to this node only, or through the Redis server at {@code EVENTS_REDIS_URL}. */
public record DeliverySettings(Optional<URI> redisUrl) {

    public static final String REDIS_URL = "EVENTS_REDIS_URL";
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");

    public static DeliverySettings fromEnvironment() {
        return from(Environment.system());
    }

    public static DeliverySettings from(Environment env) {
        return new DeliverySettings(env.text(REDIS_URL).map(DeliverySettings::parse));
    }

    public boolean clustered() {
        return redisUrl.isPresent();
    }

    /** The mode, with the Redis address but never its credentials. */
    public String describe() {
        return redisUrl.map(url -> "cluster via " + url.getScheme() + "://" + url.getHost()
                        + (url.getPort() < 0 ? "" : ":" + url.getPort()))
                .orElse("single node, in memory");
    }

    // The value may hold a password, so no message repeats it.
    private static URI parse(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(REDIS_URL, "is not a URL (redis://[user:password@]host[:port][/db])");
        }
        if (url.getScheme() == null || !SCHEMES.contains(url.getScheme())) {
            throw new ConfigurationException(REDIS_URL, "must start with redis:// or rediss://");
        }
        if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().matches("/\\d{0,2}")) {
            throw new ConfigurationException(REDIS_URL, "may name a database number only as its path");
        }
        if (url.getHost() == null) {
            throw new ConfigurationException(REDIS_URL, "must name a host");
        }
        return url;
    }
}
