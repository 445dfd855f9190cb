package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A master, one replica and one Redis Sentinel watching them (quorum 1, down after 1 s), each a throw-away
 * {@code redis-server} on a free loopback port stopped by its pid; the master can be killed to make the sentinel
 * promote the replica.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    public static final String MASTER = "gateway";
    static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final RedisServer master;
    private final RedisServer replica;
    private final RedisServer sentinel;
    private final Path configuration;

    private RedisSentinelGroup(RedisServer master, RedisServer replica, RedisServer sentinel, Path configuration) {
        this.master = master;
        this.replica = replica;
        this.sentinel = sentinel;
        this.configuration = configuration;
    }

    /** Starts all three and returns once the replica is in sync and the sentinel knows it as a healthy replica. */
    public static RedisSentinelGroup start(String name) {
        RedisServer master = RedisServer.start(name + "-master");
        RedisServer replica = null;
        RedisServer sentinel = null;
        Path configuration = null;
        try {
            replica = RedisServer.startReplicaOf(name + "-replica", master.port());
            configuration = Files.createTempFile("sentinel-" + name + "-", ".conf");
            // The sentinel rewrites this file (known replicas, epochs): it must be its own and writable.
            Files.write(configuration, List.of(
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
                    "sentinel failover-timeout " + MASTER + " 5000",
                    "sentinel parallel-syncs " + MASTER + " 1"));
            sentinel = RedisServer.startSentinel(name + "-sentinel", configuration);
            RedisSentinelGroup group = new RedisSentinelGroup(master, replica, sentinel, configuration);
            group.await("the replica in sync with the master", group::replicaInSync);
            group.await("the sentinel knowing the replica", group::sentinelKnowsTheReplica);
            return group;
        } catch (IOException e) {
            stopAll(master, replica, sentinel, configuration);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            stopAll(master, replica, sentinel, configuration);
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:<sentinel port>#gateway}. */
    public String url() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER;
    }

    /** The server that is master at the start. */
    public RedisServer master() {
        return master;
    }

    public RedisServer replica() {
        return replica;
    }

    /** Kills the master with SIGKILL, as a crash would. */
    public void killMaster() {
        master.kill();
    }

    /** The port of the master the sentinel names now, or -1 while it cannot be asked. */
    public int masterPortNamedBySentinel() {
        String reply = sentinel.query("SENTINEL", "get-master-addr-by-name", MASTER);
        if (reply == null || !reply.contains("\n")) {
            return -1;
        }
        return Integer.parseInt(reply.substring(reply.indexOf('\n') + 1).trim());
    }

    /** Waits until the sentinel names the replica as master and the replica says it is one. */
    public void awaitReplicaPromoted(Duration timeout) {
        await("the sentinel promoted the replica", timeout, () -> masterPortNamedBySentinel() == replica.port()
                && String.valueOf(replica.query("ROLE")).startsWith("master"));
    }

    private boolean replicaInSync() {
        String info = replica.query("INFO", "replication");
        return info != null && info.contains("master_link_status:up");
    }

    // A sentinel learns replicas from the master's INFO; one it knows as "slave" without down flags can be promoted.
    private boolean sentinelKnowsTheReplica() {
        String replicas = sentinel.query("SENTINEL", "replicas", MASTER);
        return replicas != null && replicas.contains("127.0.0.1:" + replica.port()) && replicas.contains("\nslave\n")
                && !replicas.contains("s_down") && !replicas.contains("disconnected");
    }

    private void await(String what, BooleanSupplier condition) {
        await(what, READY_TIMEOUT, condition);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    /** Stops the sentinel, the replica and the master (each by its pid) and removes the sentinel's file. */
    @Override
    public void close() {
        stopAll(master, replica, sentinel, configuration);
    }

    private static void stopAll(RedisServer master, RedisServer replica, RedisServer sentinel, Path configuration) {
        for (RedisServer server : new RedisServer[] {sentinel, replica, master}) {
            if (server != null) {
                server.stop();
            }
        }
        if (configuration != null) {
            try {
                Files.deleteIfExists(configuration);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
