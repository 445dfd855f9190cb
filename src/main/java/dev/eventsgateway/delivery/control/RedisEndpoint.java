package dev.eventsgateway.delivery.control;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the cluster's Redis is and how a node connects to it: one server (named directly, or found through Sentinel)
 * or a Redis Cluster, whose rooms use sharded channels.
 */
sealed interface RedisEndpoint permits RedisEndpoint.Single, RedisEndpoint.Sharded {

    /** Opens both connections; completes exceptionally when Redis does not answer. */
    CompletableFuture<RedisLinks> connect();

    /** Told of every connect and disconnect of every connection, reconnects included. */
    void addListener(RedisConnectionStateListener listener);

    /** Whether rooms use sharded channels ({@code SPUBLISH} / {@code SSUBSCRIBE}), as on a Redis Cluster. */
    boolean sharded();

    void shutdown(Duration timeout);

    /**
     * The endpoint the address names; a Sentinel URI makes the client ask the sentinels for the master at every connect
     * and reconnect, so that both connections follow a failover to the promoted replica.
     */
    static RedisEndpoint of(ClientResources resources, RedisAddress address, Duration timeout) {
        return address.cluster() ? Sharded.of(resources, address.seedUris(), timeout)
                : Single.of(resources, RedisURI.create(address.url()), timeout);
    }

    private static <B extends ClientOptions.Builder> B common(B options, Duration timeout,
                                                              ClientOptions.DisconnectedBehavior whileDisconnected) {
        options.autoReconnect(true)
                .disconnectedBehavior(whileDisconnected)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        return options;
    }

    /** One Redis server, or the master Sentinel names. */
    record Single(RedisClient client, RedisURI uri) implements RedisEndpoint {

        static Single of(ClientResources resources, RedisURI uri, Duration timeout) {
            RedisClient client = RedisClient.create(resources, uri);
            // Fail at once while disconnected: a command queued for later could deliver after its caller gave up.
            client.setOptions(common(ClientOptions.builder(), timeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return new Single(client, uri);
        }

        @Override
        public CompletableFuture<RedisLinks> connect() {
            return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                    .thenCompose(connection -> client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
                            .handle((subscriber, failure) -> {
                                if (failure != null) {
                                    connection.closeAsync();
                                    throw new IllegalStateException("subscriber connection failed", failure);
                                }
                                return new RedisLinks(connection, connection.async(), subscriber);
                            }));
        }

        @Override
        public void addListener(RedisConnectionStateListener listener) {
            client.addListener(listener);
        }

        @Override
        public boolean sharded() {
            return false;
        }

        @Override
        public void shutdown(Duration timeout) {
            client.shutdown(Duration.ZERO, timeout);
        }
    }

    /**
     * A Redis Cluster, reached through any of its nodes; the client follows its topology (slots moving, a replica
     * promoted), adaptively on redirects and disconnects and every 30 s.
     */
    record Sharded(RedisClusterClient client) implements RedisEndpoint {

        private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

        static Sharded of(ClientResources resources, List<RedisURI> seeds, Duration timeout) {
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            // The client opens its connection to each shard at the first command there, so commands must wait for
            // it; one that times out meanwhile is cancelled, never sent later.
            client.setOptions(common(ClusterClientOptions.builder(), timeout,
                    ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .build())
                    .build());
            return new Sharded(client);
        }

        @Override
        public CompletableFuture<RedisLinks> connect() {
            // The asynchronous connects need the slots known first; this also reads them anew at each reconnect.
            return client.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(ignored -> client.connectAsync(StringCodec.UTF8))
                    .thenCompose(connection -> client.connectPubSubAsync(StringCodec.UTF8)
                            .handle((subscriber, failure) -> {
                                if (failure != null) {
                                    connection.closeAsync();
                                    throw new IllegalStateException("subscriber connection failed", failure);
                                }
                                return new RedisLinks(connection, connection.async(), subscriber);
                            }));
        }

        @Override
        public void addListener(RedisConnectionStateListener listener) {
            client.addListener(listener);
        }

        @Override
        public boolean sharded() {
            return true;
        }

        @Override
        public void shutdown(Duration timeout) {
            client.shutdown(Duration.ZERO, timeout);
        }
    }
}
