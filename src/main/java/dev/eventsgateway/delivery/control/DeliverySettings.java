package dev.eventsgateway.delivery.control;

import dev.eventsgateway.configuration.ConfigurationException;
import dev.eventsgateway.configuration.Environment;
import java.util.Optional;

/**
 * Where publications go: to this node only, or through the Redis at {@code EVENTS_REDIS_URL} (one server, the master a
 * group of Redis Sentinels names, or a Redis Cluster), with its credentials in the URL or in variables of their own.
 */
public record DeliverySettings(Optional<RedisAddress> redis) {

    public static final String REDIS_URL = "EVENTS_REDIS_URL";
    public static final String REDIS_USERNAME = "EVENTS_REDIS_USERNAME";
    public static final String REDIS_PASSWORD = "EVENTS_REDIS_PASSWORD";

    public static DeliverySettings fromEnvironment() {
        return from(Environment.system());
    }

    public static DeliverySettings from(Environment env) {
        Optional<RedisAddress> redis = env.text(REDIS_URL).map(RedisAddress::parse);
        Optional<String> username = env.text(REDIS_USERNAME);
        Optional<String> password = env.text(REDIS_PASSWORD);
        if (redis.isEmpty() && (username.isPresent() || password.isPresent())) {
            throw new ConfigurationException(username.isPresent() ? REDIS_USERNAME : REDIS_PASSWORD,
                    "is set but " + REDIS_URL + " is not: a single node uses no Redis");
        }
        if (username.isPresent() && password.isEmpty()) {
            throw new ConfigurationException(REDIS_USERNAME, "needs " + REDIS_PASSWORD + " too");
        }
        return new DeliverySettings(password.isEmpty() ? redis
                : redis.map(address -> address.withCredentials(username, password.get(), REDIS_PASSWORD)));
    }

    public boolean clustered() {
        return redis.isPresent();
    }

    /** The mode, with the Redis address but never its credentials. */
    public String describe() {
        return redis.map(address -> "cluster via " + address.describe()).orElse("single node, in memory");
    }
}
