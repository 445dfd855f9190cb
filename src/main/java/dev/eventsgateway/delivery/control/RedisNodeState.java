package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.protocol.entity.Roster;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's part of the cluster's shared state in Redis (its connections in the rooms' presences and the users'
 * connection counts, and its liveness), and the taking back of a dead node's part by one survivor. Every command
 * touches the keys of one hash tag, so that the same code runs on one Redis server and on a Redis Cluster; where two
 * tags change together, the node's own list is written first and cleared last, so that a node dying in between leaves
 * nothing its survivor cannot find.
 */
final class RedisNodeState {

    private static final Logger LOG = System.getLogger(RedisNodeState.class.getName());
    /**
     * A node that has not renewed its liveness for this long is dead to the others. Renewed every second, so a live
     * node misses it only when it could not reach Redis for about five seconds.
     */
    static final Duration LIVENESS_TTL = Duration.ofSeconds(5);
    /** How long a survivor may take to take a dead node back before another may try. */
    private static final Duration RECLAIM_LEASE = Duration.ofSeconds(30);

    private final String node;
    private final Supplier<RedisClusterAsyncCommands<String, String>> link;
    private final RedisCall calls;
    private final Executor background;
    private final Connections connections;
    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile boolean announced;

    RedisNodeState(String node, Supplier<RedisClusterAsyncCommands<String, String>> link, RedisCall calls,
                   Executor background, Connections connections) {
        this.node = node;
        this.link = link;
        this.calls = calls;
        this.background = background;
        this.connections = connections;
    }

    void entered(String room, Connection connection) {
        RedisClusterAsyncCommands<String, String> commands = commands("recording a room's presence");
        calls.await(CompletableFuture.allOf(
                commands.sadd(RedisChannels.nodeMembers(node), memberEntry(room, connection)).toCompletableFuture(),
                commands.hset(RedisChannels.presence(room), presenceField(connection), connection.userId())
                        .toCompletableFuture()), "recording a room's presence");
    }

    void departed(String room, Connection connection) {
        RedisClusterAsyncCommands<String, String> commands = commands("removing from a room's presence");
        calls.await(commands.hdel(RedisChannels.presence(room), presenceField(connection))
                .thenCompose(removed -> commands.srem(RedisChannels.nodeMembers(node), memberEntry(room, connection))),
                "removing from a room's presence");
    }

    // The values are one user id per connection: grouping them here keeps Redis's work to one HVALS.
    Roster presence(String room, int limit) {
        return Roster.counting(calls.await(commands("reading a room's presence").hvals(RedisChannels.presence(room)),
                "reading a room's presence"), limit);
    }

    // While Redis is unreachable a node keeps accepting its users within its own limits, as it keeps serving those it
    // has: such a connection stays uncounted in the cluster's count, which the loss of Redis was already logged for.
    boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
        try {
            RedisClusterAsyncCommands<String, String> commands = commands("counting a user's connections");
            String entry = connectionEntry(connectionId, userId);
            calls.await(commands.sadd(RedisChannels.nodeConnections(node), entry), "counting a user's connections");
            long counted = calls.<Long>await(commands.eval(RedisScripts.ACQUIRE, ScriptOutputType.INTEGER,
                    new String[] {RedisChannels.userConnections(userId)},
                    RedisChannels.presenceField(node, connectionId), String.valueOf(maxPerUser)),
                    "counting a user's connections");
            if (counted == 1) {
                return true;
            }
            warnOnFailure(commands.srem(RedisChannels.nodeConnections(node), entry), "dropping a refused connection");
            return false;
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.DEBUG, "connection {0} of user {1} accepted uncounted in the cluster: {2}", connectionId,
                    userId, e.getMessage());
            return true;
        }
    }

    // Not awaited: a close never waits for Redis. A release that fails leaves the slot counted until this node's
    // entries are taken back, at the latest when it stops or is found dead.
    void release(String userId, String connectionId) {
        RedisClusterAsyncCommands<String, String> commands = link.get();
        if (commands == null) {
            return;
        }
        commands.srem(RedisChannels.userConnections(userId), RedisChannels.presenceField(node, connectionId))
                .thenCompose(removed -> commands.srem(RedisChannels.nodeConnections(node),
                        connectionEntry(connectionId, userId)))
                .exceptionally(failure -> {
                    LOG.log(Level.WARNING, "slot of connection {0} of user {1} not freed in Redis: {2}",
                            connectionId, userId, RedisCall.rootMessage(failure));
                    return null;
                });
    }

    /** Makes this node known and alive, at each connection to Redis; not awaited. */
    void announce() {
        RedisClusterAsyncCommands<String, String> commands = link.get();
        if (commands == null) {
            return;
        }
        CompletableFuture.allOf(
                commands.set(RedisChannels.node(node), "1", SetArgs.Builder.px(LIVENESS_TTL.toMillis()))
                        .toCompletableFuture(),
                commands.sadd(RedisChannels.NODES, node).toCompletableFuture())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.DEBUG, "node {0} not announced: {1}", node, RedisCall.rootMessage(failure));
                    } else {
                        announced = true;
                    }
                });
    }

    /**
     * Renews this node's liveness, then on a managed thread takes back the nodes found dead; one beat at a time, since
     * a beat still waiting for Redis makes the next one unnecessary. Returns at once.
     */
    void beat(Consumer<Departure> departed) {
        RedisClusterAsyncCommands<String, String> commands = link.get();
        if (commands == null || !beating.compareAndSet(false, true)) {
            return;
        }
        try {
            CompletableFuture<String> renewed = commands.set(RedisChannels.node(node), "1",
                    SetArgs.Builder.px(LIVENESS_TTL.toMillis())).toCompletableFuture();
            CompletableFuture<Long> added = commands.sadd(RedisChannels.NODES, node).toCompletableFuture();
            renewed.thenCombine(added, (ok, count) -> count).whenComplete((count, failure) -> {
                if (failure != null) {
                    beating.set(false);
                    LOG.log(Level.DEBUG, "heartbeat of node {0} failed: {1}", node, RedisCall.rootMessage(failure));
                    return;
                }
                background.execute(() -> {
                    try {
                        beaten(commands, count == 1, departed);
                    } catch (DeliveryUnavailableException e) {
                        LOG.log(Level.DEBUG, "taking back dead nodes failed, next beat tries again: {0}",
                                e.getMessage());
                    } finally {
                        beating.set(false);
                    }
                });
            });
        } catch (RuntimeException e) {
            beating.set(false);
            throw calls.unavailable("renewing this node's liveness", e);
        }
    }

    private void beaten(RedisClusterAsyncCommands<String, String> commands, boolean newlyListed,
                        Consumer<Departure> departed) {
        if (newlyListed && announced) {
            LOG.log(Level.WARNING, "node {0} was taken for dead by the cluster (no heartbeat reached Redis for {1} s):"
                    + " its connections were dropped from presence and counts; writing them again", node,
                    LIVENESS_TTL.toSeconds());
            rewrite(commands);
        }
        announced = true;
        listedNodes(commands).forEach((other, alive) -> {
            if (!alive && !other.equals(node)) {
                takeBack(commands, other, departed);
            }
        });
    }

    // The lease makes one survivor take each dead node back; if it dies meanwhile, another takes over once the lease
    // expires, from what is left: every entry goes from the dead node's list only after it was handled.
    private void takeBack(RedisClusterAsyncCommands<String, String> commands, String dead,
                          Consumer<Departure> departed) {
        String lease = calls.await(commands.set(RedisChannels.nodeReclaim(dead), node,
                SetArgs.Builder.nx().px(RECLAIM_LEASE.toMillis())), "claiming a dead node");
        if (!"OK".equals(lease)) {
            return;
        }
        if (calls.await(commands.exists(RedisChannels.node(dead)), "checking a node") > 0) {
            calls.await(commands.del(RedisChannels.nodeReclaim(dead)), "releasing a node back alive");
            return;
        }
        List<Departure> departures = clear(commands, dead);
        calls.await(commands.srem(RedisChannels.NODES, dead), "forgetting a dead node");
        calls.await(commands.del(RedisChannels.nodeReclaim(dead)), "releasing a dead node");
        if (!departures.isEmpty()) {
            LOG.log(Level.INFO, "node {0}: {1} memberships of dead node {2} taken back, announcing their departure",
                    node, departures.size(), dead);
        }
        for (Departure departure : departures) {
            try {
                departed.accept(departure);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "departure in room " + departure.room() + " not announced", e);
            }
        }
    }

    /** The nodes listed whose liveness key exists: the live nodes of the cluster. */
    Set<String> liveNodes() {
        Set<String> live = new HashSet<>();
        listedNodes(commands("finding the live nodes")).forEach((listed, alive) -> {
            if (alive) {
                live.add(listed);
            }
        });
        return live;
    }

    // Every node listed in eg:nodes, and whether its liveness key exists.
    private Map<String, Boolean> listedNodes(RedisClusterAsyncCommands<String, String> commands) {
        List<String> listed = List.copyOf(calls.await(commands.smembers(RedisChannels.NODES), "listing the nodes"));
        List<CompletableFuture<Long>> alive = listed.stream()
                .map(other -> commands.exists(RedisChannels.node(other)).toCompletableFuture()).toList();
        Map<String, Boolean> liveness = new HashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            liveness.put(listed.get(i), calls.await(alive.get(i), "checking a node's liveness") > 0);
        }
        return liveness;
    }

    /** Takes back everything this node wrote, announcing nothing (a stop is silent). Returns how many memberships. */
    int leave() {
        RedisClusterAsyncCommands<String, String> commands = commands("leaving the cluster");
        int memberships = clear(commands, node).size();
        calls.await(commands.srem(RedisChannels.NODES, node), "leaving the cluster");
        calls.await(commands.del(RedisChannels.node(node)), "leaving the cluster");
        return memberships;
    }

    // Removes a node's presence fields and user slots, then its lists; returns the memberships it had.
    private List<Departure> clear(RedisClusterAsyncCommands<String, String> commands, String owner) {
        List<Departure> departures = new ArrayList<>();
        List<CompletableFuture<?>> removals = new ArrayList<>();
        for (String entry : calls.await(commands.smembers(RedisChannels.nodeMembers(owner)),
                "reading a node's rooms")) {
            int roomEnd = entry.indexOf('|');
            int connectionEnd = entry.indexOf('|', roomEnd + 1);
            String room = entry.substring(0, roomEnd);
            departures.add(new Departure(room, entry.substring(connectionEnd + 1)));
            removals.add(commands.hdel(RedisChannels.presence(room),
                    RedisChannels.presenceField(owner, entry.substring(roomEnd + 1, connectionEnd)))
                    .toCompletableFuture());
        }
        for (String entry : calls.await(commands.smembers(RedisChannels.nodeConnections(owner)),
                "reading a node's connections")) {
            int connectionEnd = entry.indexOf('|');
            removals.add(commands.srem(RedisChannels.userConnections(entry.substring(connectionEnd + 1)),
                    RedisChannels.presenceField(owner, entry.substring(0, connectionEnd))).toCompletableFuture());
        }
        calls.await(CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)), "taking back a node");
        calls.await(commands.del(RedisChannels.nodeMembers(owner), RedisChannels.nodeConnections(owner)),
                "taking back a node");
        return departures;
    }

    // What a node taken for dead had written is gone: its connections and memberships are written again, unlimited.
    private void rewrite(RedisClusterAsyncCommands<String, String> commands) {
        for (Connection connection : connections.all()) {
            String entry = connectionEntry(connection.id(), connection.userId());
            warnOnFailure(commands.sadd(RedisChannels.nodeConnections(node), entry)
                    .thenCompose(added -> commands.sadd(RedisChannels.userConnections(connection.userId()),
                            RedisChannels.presenceField(node, connection.id()))),
                    "the connection count of a connection");
            for (String room : connection.rooms()) {
                warnOnFailure(commands.sadd(RedisChannels.nodeMembers(node), memberEntry(room, connection))
                        .thenCompose(added -> commands.hset(RedisChannels.presence(room), presenceField(connection),
                                connection.userId())), "the presence of a membership");
            }
        }
    }

    private void warnOnFailure(CompletionStage<?> write, String what) {
        write.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "node {0} could not write {1}: {2}", node, what,
                        RedisCall.rootMessage(failure));
            }
        });
    }

    private RedisClusterAsyncCommands<String, String> commands(String what) {
        RedisClusterAsyncCommands<String, String> commands = link.get();
        if (commands == null) {
            throw calls.unavailable(what, null);
        }
        return commands;
    }

    private String presenceField(Connection connection) {
        return RedisChannels.presenceField(node, connection.id());
    }

    private static String memberEntry(String room, Connection connection) {
        return room + "|" + connection.id() + "|" + connection.userId();
    }

    private static String connectionEntry(String connectionId, String userId) {
        return connectionId + "|" + userId;
    }
}
