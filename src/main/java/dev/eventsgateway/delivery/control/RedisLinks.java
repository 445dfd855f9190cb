package dev.eventsgateway.delivery.control;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The two connections a node keeps to Redis: one for commands (the API one server and a Redis Cluster share) and one
 * for its subscriptions.
 */
record RedisLinks(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
                  StatefulRedisPubSubConnection<String, String> subscriber) {

    boolean isOpen() {
        return connection.isOpen() && subscriber.isOpen();
    }

    void closeAsync() {
        connection.closeAsync();
        subscriber.closeAsync();
    }
}
