package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.RedisClusterGroup;
import dev.eventsgateway.system.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Two nodes in this JVM sharing a real Redis on free loopback ports, one redis-server or a Redis Cluster of three, for
 * the in-JVM cluster tests.
 */
final class TwoNodes implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** The one redis-server; null on a Redis Cluster. */
    final RedisServer redis;
    /** The Redis Cluster; null on one redis-server. */
    final RedisClusterGroup redisCluster;
    final ClusterNode a;
    final ClusterNode b;

    private TwoNodes(RedisServer redis, RedisClusterGroup redisCluster, ClusterNode a, ClusterNode b) {
        this.redis = redis;
        this.redisCluster = redisCluster;
        this.a = a;
        this.b = b;
    }

    /** Skips the calling test unless it runs with the embedded target (once per build) and redis-server is installed. */
    static TwoNodes start(String name) {
        assumeOncePerBuild();
        RedisServer redis = RedisServer.start(name);
        return started(redis, null, redis.url(), redis::stop);
    }

    /** As {@link #start}, on a Redis Cluster of three masters. */
    static TwoNodes startOnRedisCluster(String name) {
        assumeOncePerBuild();
        RedisClusterGroup cluster = RedisClusterGroup.start(name);
        return started(null, cluster, cluster.url(), cluster::close);
    }

    private static void assumeOncePerBuild() {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
    }

    private static TwoNodes started(RedisServer redis, RedisClusterGroup cluster, String url, Runnable stop) {
        ClusterNode a = null;
        try {
            a = new ClusterNode(url);
            ClusterNode b = new ClusterNode(url);
            TwoNodes nodes = new TwoNodes(redis, cluster, a, b);
            await("both nodes connected", () -> nodes.a.broker.isConnected() && nodes.b.broker.isConnected());
            return nodes;
        } catch (RuntimeException | AssertionError e) {
            if (a != null) {
                a.close();
            }
            stop.run();
            throw e;
        }
    }

    /** The URL the nodes use, for more nodes of the same cluster. */
    String url() {
        return redis != null ? redis.url() : redisCluster.url();
    }

    /** A plain client of the same Redis, to look at what the nodes wrote. */
    Observer observe() {
        if (redis != null) {
            RedisClient client = RedisClient.create(redis.url());
            var connection = client.connect();
            return new Observer(connection.sync(), () -> {
                connection.close();
                client.shutdown();
            });
        }
        RedisClusterClient client = RedisClusterClient.create(redisCluster.masters().stream()
                .map(master -> RedisURI.create(master.url())).toList());
        var connection = client.connect();
        return new Observer(connection.sync(), () -> {
            connection.close();
            client.shutdown();
        });
    }

    /** Polls the condition until it holds, failing after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
        } finally {
            if (redis != null) {
                redis.stop();
            } else {
                redisCluster.close();
            }
        }
    }

    /** Synchronous commands on the nodes' Redis, closed with the client behind them. */
    record Observer(RedisClusterCommands<String, String> commands, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }
}
