package dev.eventsgateway.delivery.control;

import dev.eventsgateway.configuration.Environment;
import java.util.Optional;

/**
 * Where publications go: to this node only, or through the Redis at {@code EVENTS_REDIS_URL} (one server, or the
 * master a group of Redis Sentinels names).
 */
public record DeliverySettings(Optional<RedisAddress> redis) {

    public static final String REDIS_URL = "EVENTS_REDIS_URL";

    public static DeliverySettings fromEnvironment() {
        return from(Environment.system());
    }

    public static DeliverySettings from(Environment env) {
        return new DeliverySettings(env.text(REDIS_URL).map(RedisAddress::parse));
    }

    public boolean clustered() {
        return redis.isPresent();
    }

    /** The mode, with the Redis address but never its credentials. */
    public String describe() {
        return redis.map(address -> "cluster via " + address.describe()).orElse("single node, in memory");
    }
}
