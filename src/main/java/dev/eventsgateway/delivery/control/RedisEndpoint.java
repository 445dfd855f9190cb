package dev.eventsgateway.delivery.control;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the cluster's Redis is and how a node connects to it: one server (named directly, or found through Sentinel)
 * or a Redis Cluster, whose rooms use sharded channels.
 */
final class RedisEndpoint {

    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final AbstractRedisClient client;
    private final boolean sharded;
    private final Supplier<CompletableFuture<RedisLinks>> connector;

    private RedisEndpoint(AbstractRedisClient client, boolean sharded,
                          Supplier<CompletableFuture<RedisLinks>> connector) {
        this.client = client;
        this.sharded = sharded;
        this.connector = connector;
    }

    /**
     * The endpoint the address names. A Sentinel URI makes the client ask the sentinels for the master at every connect
     * and reconnect, so that both connections follow a failover to the promoted replica. A Redis Cluster is reached
     * through any of its nodes; the client follows its topology (slots moving, a replica promoted), adaptively on
     * redirects and disconnects and every 30 s.
     */
    static RedisEndpoint of(ClientResources resources, RedisAddress address, Duration timeout) {
        if (address.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, address.seedUris());
            // The client opens its connection to each shard at the first command there, so commands must wait for
            // it; one that times out meanwhile is cancelled, never sent later.
            cluster.setOptions(common(ClusterClientOptions.builder(), timeout,
                    ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .build())
                    .build());
            // The asynchronous connects need the slots known first; this also reads them anew at each reconnect.
            return new RedisEndpoint(cluster, true, () -> cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(ignored -> cluster.connectAsync(StringCodec.UTF8))
                    .thenCompose(connection -> paired(connection, connection.async(),
                            cluster.connectPubSubAsync(StringCodec.UTF8))));
        }
        RedisURI uri = address.uri();
        RedisClient single = RedisClient.create(resources, uri);
        // Fail at once while disconnected: a command queued for later could deliver after its caller gave up.
        single.setOptions(common(ClientOptions.builder(), timeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return new RedisEndpoint(single, false, () -> single.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                .thenCompose(connection -> paired(connection, connection.async(),
                        single.connectPubSubAsync(StringCodec.UTF8, uri))));
    }

    private static <B extends ClientOptions.Builder> B common(B options, Duration timeout,
                                                              ClientOptions.DisconnectedBehavior whileDisconnected) {
        options.autoReconnect(true)
                .disconnectedBehavior(whileDisconnected)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        return options;
    }

    // The command connection is closed again when the subscriber's cannot be opened: a node holds both or neither.
    private static CompletableFuture<RedisLinks> paired(
            StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
            CompletionStage<? extends StatefulRedisPubSubConnection<String, String>> subscribing) {
        return subscribing.toCompletableFuture().handle((subscriber, failure) -> {
            if (failure != null) {
                connection.closeAsync();
                throw new IllegalStateException("subscriber connection failed", failure);
            }
            return new RedisLinks(connection, commands, subscriber);
        });
    }

    /** Opens both connections; completes exceptionally when Redis does not answer. */
    CompletableFuture<RedisLinks> connect() {
        return connector.get();
    }

    /** Told of every connect and disconnect of every connection, reconnects included. */
    void addListener(RedisConnectionStateListener listener) {
        client.addListener(listener);
    }

    /** Whether rooms use sharded channels ({@code SPUBLISH} / {@code SSUBSCRIBE}), as on a Redis Cluster. */
    boolean sharded() {
        return sharded;
    }

    void shutdown(Duration timeout) {
        client.shutdown(Duration.ZERO, timeout);
    }
}
