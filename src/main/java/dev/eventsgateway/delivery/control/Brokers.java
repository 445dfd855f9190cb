package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.UserSlots;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.platform.control.Background;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.Executor;

/**
 * Chooses the broker the configuration asks for, this node only or the cluster through Redis, with the per-user
 * connection count and the requests to every node that go with it, and shuts the Redis client (its connections and
 * event loops) down with the application.
 */
@ApplicationScoped
public class Brokers {

    private RedisBroker redis;

    @Produces
    @ApplicationScoped
    Broker broker(DeliverySettings settings, RoomManager rooms, Connections connections,
                  @Background Executor executor, RedisMetrics metrics) {
        if (settings.redis().isEmpty()) {
            return new LocalBroker(rooms);
        }
        redis = RedisBroker.start(settings.redis().get(), rooms, connections, executor, metrics);
        return redis;
    }

    /**
     * The per-user connection count: this node's own alone, or across the cluster through the Redis broker, which
     * resolving {@code broker} creates.
     */
    @Produces
    @ApplicationScoped
    UserSlots userSlots(DeliverySettings settings, Broker broker) {
        if (settings.redis().isEmpty()) {
            return UserSlots.LOCAL;
        }
        broker.describe();
        return redis;
    }

    /** The requests to every node: this node alone, or the cluster's through the Redis broker. */
    @Produces
    @ApplicationScoped
    NodeRequests nodeRequests(DeliverySettings settings, Broker broker) {
        if (settings.redis().isEmpty()) {
            return new LocalNodeRequests();
        }
        broker.describe();
        return redis.requests();
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
