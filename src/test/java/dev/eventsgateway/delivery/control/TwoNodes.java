package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.system.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A real redis-server on a free loopback port and two nodes in this JVM sharing it, for the in-JVM cluster tests. */
final class TwoNodes implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final RedisServer redis;
    final ClusterNode a;
    final ClusterNode b;

    private TwoNodes(RedisServer redis, ClusterNode a, ClusterNode b) {
        this.redis = redis;
        this.a = a;
        this.b = b;
    }

    /** Skips the calling test unless it runs with the embedded target (once per build) and redis-server is installed. */
    static TwoNodes start(String name) {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        RedisServer redis = RedisServer.start(name);
        ClusterNode a = null;
        try {
            a = new ClusterNode(redis.url());
            ClusterNode b = new ClusterNode(redis.url());
            TwoNodes nodes = new TwoNodes(redis, a, b);
            await("both nodes connected", () -> nodes.a.broker.isConnected() && nodes.b.broker.isConnected());
            return nodes;
        } catch (RuntimeException | AssertionError e) {
            if (a != null) {
                a.close();
            }
            redis.stop();
            throw e;
        }
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
            redis.stop();
        }
    }
}
