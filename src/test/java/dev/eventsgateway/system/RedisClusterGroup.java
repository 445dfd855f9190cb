package dev.eventsgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of three masters without replicas, each a throw-away {@code redis-server} on free loopback ports
 * (client and cluster bus), its 16384 slots split evenly; stopped by the pids and its state files removed.
 */
public final class RedisClusterGroup implements AutoCloseable {

    private static final int SLOTS = 16_384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final List<RedisServer> masters;
    private final Path directory;

    private RedisClusterGroup(List<RedisServer> masters, Path directory) {
        this.masters = List.copyOf(masters);
        this.directory = directory;
    }

    /** Starts three masters, assigns their slots, introduces them and returns once each reports the cluster ok. */
    public static RedisClusterGroup start(String name) {
        List<RedisServer> masters = new ArrayList<>();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("redis-cluster-" + name + "-");
            for (int i = 0; i < 3; i++) {
                Path own = Files.createDirectory(directory.resolve("node-" + i));
                masters.add(RedisServer.startClusterNode(name + "-" + i, own));
            }
            RedisClusterGroup group = new RedisClusterGroup(masters, directory);
            group.form();
            return group;
        } catch (IOException e) {
            stopAll(masters, directory);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            stopAll(masters, directory);
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < masters.size(); i++) {
            int first = SLOTS * i / masters.size();
            int last = SLOTS * (i + 1) / masters.size() - 1;
            expectOk(masters.get(i).query("CLUSTER", "ADDSLOTSRANGE", String.valueOf(first), String.valueOf(last)));
        }
        RedisServer introducer = masters.get(0);
        for (RedisServer other : masters.subList(1, masters.size())) {
            expectOk(introducer.query("CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port()),
                    String.valueOf(other.clusterBusPort())));
        }
        await("every node seeing the cluster ok", () -> masters.stream().allMatch(master -> {
            String info = master.query("CLUSTER", "INFO");
            return info != null && info.contains("cluster_state:ok")
                    && info.contains("cluster_known_nodes:" + masters.size());
        }));
    }

    private static void expectOk(String reply) {
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("forming the Redis Cluster: " + reply);
        }
    }

    /** {@code redis-cluster://127.0.0.1:<port>,...}: every node as a seed. */
    public String url() {
        return "redis-cluster://" + masters.stream().map(master -> "127.0.0.1:" + master.port())
                .collect(Collectors.joining(","));
    }

    public List<RedisServer> masters() {
        return masters;
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + READY_TIMEOUT + " waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    @Override
    public void close() {
        stopAll(masters, directory);
    }

    private static void stopAll(List<RedisServer> masters, Path directory) {
        masters.forEach(RedisServer::stop);
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + directory, e);
        }
    }
}
