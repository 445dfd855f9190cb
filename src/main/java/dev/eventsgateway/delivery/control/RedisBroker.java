package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.UserSlots;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.HistorySnapshot;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.StoredPublication;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.entity.Published;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cluster through Redis: one script call gives a room publication its position, keeps it in the room's stream and
 * publishes it; this node follows the channels of the rooms it has members in, and hands what arrives to them off the
 * Redis event loop, in arrival order, splicing the position onto each publication once; when Redis lost publications
 * this node received (an asynchronous failover), it makes the room start a new epoch rather than reuse their offsets.
 */
public final class RedisBroker implements Broker, UserSlots, AutoCloseable {

    private static final Logger LOG = System.getLogger(RedisBroker.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);
    private static final Duration RESTORE_RETRY = Duration.ofMillis(100);
    private static final Duration LANE_WAIT = Duration.ofSeconds(5);
    static final Duration LIVENESS_TTL = RedisNodeState.LIVENESS_TTL;
    /** Room frames that are not publications take no offset: {@code 0|(no epoch)|sent|except|frame}. */
    private static final String UNPOSITIONED = "0||";

    private final String node = NodeId.random();
    private final ClientResources resources;
    private final RedisEndpoint endpoint;
    private final String address;
    private final String description;
    private final RedisCall calls;
    private final RedisNodeState state;
    private final RoomManager rooms;
    private final Connections connections;
    private final SerialLane deliveries;
    private final Executor background;
    private final RedisMetrics metrics;
    private final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Received> lastSequence = new ConcurrentHashMap<>();
    /** Rooms whose Redis gave offsets again that this node had received: what still comes in that epoch goes here. */
    private final Map<String, Fork> forks = new ConcurrentHashMap<>();
    /** Rooms whose epoch this node handed out from Redis's history up to an offset before it started their new one. */
    private final Map<String, Position> caughtUp = new ConcurrentHashMap<>();
    /** Rooms a local connection is joining: their subscription stays even while they have no member yet. */
    private final Map<String, Integer> joining = new ConcurrentHashMap<>();
    private final HistorySettings history;
    private final AtomicReference<Boolean> reachable = new AtomicReference<>();
    // Every connect or disconnect starts a new generation; only a restoration of the current one counts.
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean restored;
    private volatile RedisLinks links;
    private volatile boolean closed;
    private volatile RedisNodeRequests requests;

    private RedisBroker(RedisAddress redis, RoomManager rooms, Connections connections, Executor executor,
                        RedisMetrics metrics) {
        this.address = redis.location();
        this.description = redis.sentinel() || redis.cluster() ? redis.describe() : "Redis at " + address;
        this.rooms = rooms;
        this.connections = connections;
        this.deliveries = new SerialLane(executor);
        this.background = executor;
        this.metrics = metrics;
        this.history = rooms.historySettings();
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.constant(RECONNECT_DELAY))
                .build();
        this.endpoint = RedisEndpoint.of(resources, redis, TIMEOUT);
        this.calls = new RedisCall(TIMEOUT, address);
        this.state = new RedisNodeState(node, this::commandsOrNull, calls, executor, connections);
        endpoint.addListener(new Reachability());
    }

    /**
     * Connects in the background and keeps trying until Redis answers; until then every publish and subscribe fails
     * with {@link DeliveryUnavailableException}.
     */
    public static RedisBroker start(RedisAddress redis, RoomManager rooms, Connections connections,
                                    Executor executor, RedisMetrics metrics) {
        RedisBroker broker = new RedisBroker(redis, rooms, connections, executor, metrics);
        broker.connect();
        return broker;
    }

    // PUBLISH (SPUBLISH on a Redis Cluster) orders the room's channel: every node receives its frames in one order,
    // positioned or not.
    @Override
    public int publish(String room, String frame, Connection except) {
        String channel = RedisChannels.room(room);
        String message = UNPOSITIONED + outbound(except, frame);
        return counted(() -> {
            RedisClusterAsyncCommands<String, String> commands = commands();
            return Math.toIntExact(await(endpoint.sharded() ? commands.spublish(channel, message)
                    : commands.publish(channel, message), "publishing to a room"));
        });
    }

    // One script assigns the offset, keeps the frame in the room's stream, renews the keys' TTL and publishes it.
    @Override
    public Published publishPublication(String room, String frame) {
        List<Object> placed = counted(() -> await(commands().eval(
                RedisScripts.PUBLISH_PUBLICATION, ScriptOutputType.MULTI, RedisChannels.keys(room),
                rooms.newEpoch(), ttlMillis(), RedisChannels.room(room), String.valueOf(history.size()),
                outbound(null, frame), endpoint.sharded() ? "SPUBLISH" : "PUBLISH"), "publishing to a room"));
        return Published.positioned(new Position((String) placed.get(0), (Long) placed.get(1)));
    }

    /**
     * Follows the room first, so that every publication after the snapshot read next reaches this node; then adds the
     * member on the delivery lane, so that the arrivals before it are all handed out (or known, when this node takes
     * the snapshot's position) and those after it all reach the member: no gap, no duplicate.
     */
    @Override
    public Optional<Admission> admit(String room, Optional<Position> since, BooleanSupplier admit,
                                     Consumer<String> send) {
        joining.merge(room, 1, Integer::sum);
        boolean admitted = false;
        try {
            subscribe(room);
            HistorySnapshot snapshot = readFrom(room, since);
            LaneJoin join = new LaneJoin(() -> rooms.admitAt(room, since, snapshot, admit, send));
            deliveries.execute(join);
            Optional<Admission> admission = join.await();
            admitted = admission.isPresent();
            return admission;
        } finally {
            joining.computeIfPresent(room, (name, count) -> count == 1 ? null : count - 1);
            if (!admitted) {
                unsubscribe(room);
            }
        }
    }

    @Override
    public HistoryRead history(String room, int limit) {
        List<Object> read = await(commands().eval(RedisScripts.READ_LATEST, ScriptOutputType.MULTI,
                RedisChannels.keys(room), rooms.newEpoch(), ttlMillis(), String.valueOf(limit)),
                "reading a room's history");
        return rooms.historyFrom(room, RedisHistory.snapshot(read));
    }

    private HistorySnapshot readFrom(String room, Optional<Position> since) {
        List<Object> read = await(commands().eval(RedisScripts.READ_FROM, ScriptOutputType.MULTI,
                RedisChannels.keys(room), rooms.newEpoch(), ttlMillis(),
                String.valueOf(since.map(position -> position.offset() + 1).orElse(0L)),
                String.valueOf(history.recoveryMax() + 1L), since.map(Position::epoch).orElse("")),
                "reading a room's history");
        return RedisHistory.snapshot(read);
    }

    private String ttlMillis() {
        return String.valueOf(history.ttl().toMillis());
    }

    @Override
    public void entered(String room, Connection connection) {
        state.entered(room, connection);
    }

    @Override
    public void departed(String room, Connection connection) {
        state.departed(room, connection);
    }

    @Override
    public Roster presence(String room, int limit) {
        return state.presence(room, limit);
    }

    @Override
    public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
        return state.tryAcquire(userId, connectionId, maxPerUser);
    }

    @Override
    public void release(String userId, String connectionId) {
        state.release(userId, connectionId);
    }

    @Override
    public void beat(Consumer<Departure> departed) {
        if (!closed) {
            state.beat(departed);
        }
    }

    /** This node's id in the cluster, new at each deployment. */
    public String nodeId() {
        return node;
    }

    @Override
    public Published publishToAll(String frame, Connection except) {
        counted(() -> await(commands().publish(RedisChannels.ALL, outbound(except, frame)),
                "publishing to everyone"));
        return Published.toAllNodes();
    }

    @Override
    public void subscribe(String room) {
        RedisLinks link = links;
        if (link == null || !link.subscriber().isOpen()) {
            throw unavailable("following a room", null);
        }
        CompletableFuture<Void> confirmed = subscriptions.compute(room, (name, pending) ->
                pending != null && !pending.isCompletedExceptionally()
                        ? pending
                        : follow(link, RedisChannels.room(name)));
        try {
            await(confirmed, "following a room");
        } catch (DeliveryUnavailableException e) {
            subscriptions.remove(room, confirmed);
            throw e;
        }
    }

    // Decided and sent inside compute, so that a join racing this leave sends its SUBSCRIBE after this UNSUBSCRIBE.
    @Override
    public void unsubscribe(String room) {
        subscriptions.compute(room, (name, confirmed) -> {
            if (rooms.memberCount(name) > 0 || joining.containsKey(name)) {
                return confirmed;
            }
            lastSequence.remove(name);
            forks.remove(name);
            caughtUp.remove(name);
            RedisLinks link = links;
            if (link != null) {
                RedisPubSubAsyncCommands<String, String> subscriber = link.subscriber().async();
                String channel = RedisChannels.room(name);
                (endpoint.sharded() ? subscriber.sunsubscribe(channel) : subscriber.unsubscribe(channel))
                        .exceptionally(failure -> {
                            // Lettuce restores it after a reconnect; the first frame to arrive then unsubscribes again.
                            LOG.log(Level.DEBUG, "unsubscribing from room {0} failed: {1}", name, failure.toString());
                            return null;
                        });
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return "cluster through " + description;
    }

    @Override
    public boolean isAvailable() {
        return !closed && restored && isConnected();
    }

    /** Whether both connections are up, for tests and health. */
    public boolean isConnected() {
        RedisLinks link = links;
        return link != null && link.isOpen();
    }

    /** Takes back what this node wrote to the cluster's state, announcing nothing (a stop is silent); disconnects. */
    @Override
    public void close() {
        RedisLinks link = links;
        if (link != null && link.connection().isOpen() && !closed) {
            try {
                int taken = state.leave();
                LOG.log(Level.INFO, "node {0} left the cluster, {1} memberships taken back", node, taken);
            } catch (DeliveryUnavailableException e) {
                LOG.log(Level.WARNING, "node {0} left the cluster without taking back its entries; the others do once "
                        + "its liveness expires: {1}", node, e.getMessage());
            }
        }
        closed = true;
        endpoint.shutdown(TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT.toMillis());
    }

    private void connect() {
        if (closed) {
            return;
        }
        endpoint.connect()
                .thenCompose(link -> {
                    link.subscriber().addListener(new Arrivals());
                    return link.subscriber().async().subscribe(followedAlways()).toCompletableFuture()
                            .handle((ignored, failure) -> {
                                if (failure != null) {
                                    link.closeAsync();
                                    throw new IllegalStateException("subscribing failed", failure);
                                }
                                return link;
                            });
                })
                .whenComplete(this::connected);
    }

    private void connected(RedisLinks link, Throwable failure) {
        if (failure == null && !closed) {
            links = link;
            state.announce();
            generation.incrementAndGet();
            restored = true;
            changed(true, null);
            return;
        }
        if (link != null) {
            link.closeAsync();
        }
        if (!closed) {
            changed(false, failure);
            resources.eventExecutorGroup().schedule(this::connect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void changed(boolean up, Throwable cause) {
        Boolean before = reachable.getAndSet(up);
        if (before != null && before == up) {
            return;
        }
        if (up) {
            LOG.log(Level.INFO, "Redis at {0} reachable: delivering across the cluster", address);
        } else {
            LOG.log(Level.WARNING, "Redis at {0} unreachable, retrying every {1} ms; publishing fails meanwhile: {2}",
                    address, RECONNECT_DELAY.toMillis(),
                    cause == null ? "connection lost" : RedisCall.rootMessage(cause));
        }
    }

    private void lost() {
        generation.incrementAndGet();
        restored = false;
    }

    private void regained() {
        restored = false;
        restore(generation.incrementAndGet());
    }

    // Lettuce resubscribes after a reconnect but reports nothing; subscribing again is harmless for channels it
    // restored, and its confirmation proves every channel of this node is followed. A room left meanwhile is dropped
    // by the first frame that arrives for it.
    private void restore(long attempt) {
        if (closed || attempt != generation.get()) {
            return;
        }
        RedisLinks link = links;
        if (link == null || !link.subscriber().isOpen()) {
            restoreLater(attempt);
            return;
        }
        String[] roomChannels = subscriptions.keySet().stream().map(RedisChannels::room).toArray(String[]::new);
        CompletableFuture<Void> always = link.subscriber().async().subscribe(followedAlways()).toCompletableFuture();
        CompletableFuture<Void> followed = roomChannels.length == 0 ? always
                : always.thenCompose(ignored -> follow(link, roomChannels));
        followed.whenComplete((ignored, failure) -> {
            if (failure != null) {
                restoreLater(attempt);
            } else if (attempt == generation.get()) {
                restored = true;
                LOG.log(Level.DEBUG, "Redis at {0}: this node follows its {1} room channels again", address,
                        roomChannels.length);
                lastSequence.forEach(this::renewIfBehind);
            }
        });
    }

    // A reconnect may have been a failover to a replica that lacked this room's latest publications: their offsets
    // would be given again. A room that is quiet since gets its new epoch here, before anyone reuses an offset; one
    // published to meanwhile is caught by deliver, which sees an offset it received already, or here, when its
    // sequence passed this node's last offset while this node's subscription was down: another publication is there.
    private void renewIfBehind(String room, Received last) {
        RedisClusterAsyncCommands<String, String> commands = commandsOrNull();
        if (commands == null) {
            return;
        }
        Position position = last.position();
        commands.<Long>eval(RedisScripts.RENEW_EPOCH, ScriptOutputType.INTEGER, RedisChannels.keys(room),
                        position.epoch(), rooms.newEpoch(), ttlMillis(), String.valueOf(position.offset()),
                        last.stamp())
                .whenComplete((renewed, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "room {0}: checking its sequence against offset {1} this node received "
                                + "failed: {2}", room, position.offset(), RedisCall.rootMessage(failure));
                    } else if (renewed == 1L) {
                        metrics.diverged();
                        LOG.log(Level.WARNING, "room {0}: Redis lost publications this node received (its sequence "
                                + "of epoch {1} is behind offset {2}, as after a failover to a replica that lacked "
                                + "them); the room starts a new epoch", room, position.epoch(), position.offset());
                    } else if (renewed == 2L) {
                        deliveries.execute(() -> catchUpAndRenew(room, position));
                    }
                });
    }

    /**
     * Redis holds another publication at the last offset this node received: it lost that one and gave its offset to a
     * new one while this node's subscription was down. The new ones at or below that offset cannot be told from those
     * this node handed out and are missed here; those after it are handed out from the history, then the room starts
     * a new epoch so that no client recovers across the difference.
     */
    private void catchUpAndRenew(String room, Position checked) {
        Received last = lastSequence.get(room);
        if (last == null || !last.position().epoch().equals(checked.epoch()) || forks.containsKey(room)) {
            return;
        }
        metrics.diverged();
        long handed = 0;
        // Arrivals since the check were handed out already, with what they showed missing before them.
        long upTo = Math.max(checked.offset(), last.position().offset());
        try {
            List<Object> read = await(commands().eval(RedisScripts.READ_FROM, ScriptOutputType.MULTI,
                    RedisChannels.keys(room), rooms.newEpoch(), ttlMillis(), String.valueOf(upTo + 1),
                    String.valueOf(Math.max(1, history.size())), checked.epoch()),
                    "reading a room's publications after a loss");
            for (StoredPublication stored : RedisHistory.snapshot(read).publications()) {
                if (stored.offset() > upTo) {
                    rooms.publishAt(room, new Position(checked.epoch(), stored.offset()), stored.frame());
                    upTo = stored.offset();
                    handed++;
                }
            }
        } catch (DeliveryUnavailableException | RedisEnvelope.MalformedEnvelopeException e) {
            LOG.log(Level.WARNING, "room {0}: reading the publications after offset {1} failed: {2}", room,
                    checked.offset(), e.getMessage());
        }
        Position handedOut = new Position(checked.epoch(), upTo);
        caughtUp.put(room, handedOut);
        lastSequence.put(room, new Received(handedOut, ""));
        LOG.log(Level.WARNING, "room {0}: Redis lost publications this node received (it holds another publication at "
                + "offset {1} of epoch {2}, as after a failover to a replica that lacked them); publications given "
                + "offsets up to {1} while this node was cut off did not reach its members, the {3} after them were "
                + "handed out, and the room starts a new epoch", room, checked.offset(), checked.epoch(), handed);
        renewEpoch(room, checked.epoch());
    }

    private void restoreLater(long attempt) {
        resources.eventExecutorGroup().schedule(() -> restore(attempt), RESTORE_RETRY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The channels this node follows from its connection on: everyone's, and the node requests'. */
    private String[] followedAlways() {
        return Stream.concat(Stream.of(RedisChannels.ALL), Stream.of(nodeRequests().channels()))
                .toArray(String[]::new);
    }

    /** The requests to every node of the cluster, carried by this broker's connections. */
    public NodeRequests requests() {
        return nodeRequests();
    }

    private RedisNodeRequests nodeRequests() {
        RedisNodeRequests created = requests;
        if (created == null) {
            synchronized (this) {
                if (requests == null) {
                    requests = new RedisNodeRequests(this, node, background);
                }
                created = requests;
            }
        }
        return created;
    }

    /** The nodes whose liveness key exists, this one included once it announced itself. */
    Set<String> liveNodes() {
        return state.liveNodes();
    }

    // Sharded channels live on the shard of the room's keys: the client subscribes there.
    private CompletableFuture<Void> follow(RedisLinks link, String... roomChannels) {
        RedisPubSubAsyncCommands<String, String> subscriber = link.subscriber().async();
        return (endpoint.sharded() ? subscriber.ssubscribe(roomChannels) : subscriber.subscribe(roomChannels))
                .toCompletableFuture();
    }

    RedisClusterAsyncCommands<String, String> commands() {
        RedisClusterAsyncCommands<String, String> commands = commandsOrNull();
        if (commands == null) {
            throw unavailable("publishing", null);
        }
        return commands;
    }

    private RedisClusterAsyncCommands<String, String> commandsOrNull() {
        RedisLinks link = links;
        return link == null ? null : link.commands();
    }

    <T> T await(CompletionStage<T> stage, String what) {
        return calls.await(stage, what);
    }

    DeliveryUnavailableException unavailable(String what, Throwable cause) {
        return calls.unavailable(what, cause);
    }

    private <T> T counted(Supplier<T> publication) {
        try {
            T taken = publication.get();
            metrics.published(false);
            return taken;
        } catch (DeliveryUnavailableException e) {
            metrics.published(true);
            throw e;
        }
    }

    // Wall-clock time, since the receiving node compares it with its own: the lag depends on both nodes' clocks.
    private static String outbound(Connection except, String frame) {
        return RedisEnvelope.outbound(System.currentTimeMillis(), except == null ? null : except.id(), frame);
    }

    private void deliver(String channel, String message) {
        Optional<String> room = RedisChannels.roomOf(channel);
        if (room.isEmpty()) {
            RedisEnvelope envelope = RedisEnvelope.unsequenced(message);
            received(envelope);
            rooms.publishToAll(envelope.frame(), local(envelope.except()));
            return;
        }
        RedisEnvelope envelope = RedisEnvelope.sequenced(message);
        received(envelope);
        int handed;
        if (envelope.positioned()) {
            handed = deliverAt(room.get(), new Position(envelope.epoch(), envelope.sequence()), envelope.frame(),
                    RedisEnvelope.outbound(envelope.sentAtMillis(), envelope.except(), ""));
        } else {
            handed = rooms.publish(room.get(), envelope.frame(), local(envelope.except()));
        }
        if (handed == 0 && rooms.memberCount(room.get()) == 0) {
            unsubscribe(room.get());
        }
    }

    private void received(RedisEnvelope envelope) {
        metrics.received(System.currentTimeMillis() - envelope.sentAtMillis());
    }

    /**
     * Each offset of an epoch is published once, so one that arrives again (at or below the last this node received;
     * a join's snapshot leaves that alone) means Redis lost the publications this node received after its own
     * sequence: a failover to a replica that lacked them. Its members hold those offsets already, so this one and the
     * rest of that epoch reach them under an epoch of this node's own, in arrival order, and the room in Redis starts
     * a new epoch, which every node then delivers from its start.
     */
    private int deliverAt(String room, Position position, String frame, String stamp) {
        Position handedOut = caughtUp.get(room);
        if (handedOut != null) {
            if (handedOut.epoch().equals(position.epoch()) && position.offset() <= handedOut.offset()) {
                // Already handed out from the history, which catchUpAndRenew read before this arrived.
                return rooms.publishAt(room, position, frame);
            }
            caughtUp.remove(room, handedOut);
        }
        Fork fork = forks.get(room);
        if (fork != null && !fork.diverged().equals(position.epoch())) {
            forks.remove(room, fork);
            fork = null;
        }
        if (fork == null) {
            Received received = lastSequence.get(room);
            Position last = received == null ? null : received.position();
            if (last == null || !last.epoch().equals(position.epoch()) || position.offset() > last.offset()) {
                fillGap(room, position, stamp);
                return rooms.publishAt(room, position, frame);
            }
            fork = new Fork(last.epoch(), rooms.newEpoch(), 1, false);
            metrics.diverged();
            LOG.log(Level.WARNING, "room {0}: Redis gave offset {1} of epoch {2} again after this node received up to "
                    + "offset {3}: it lost acknowledged publications (a failover to a replica that lacked them). This "
                    + "node hands the new ones out under epoch {4}, and the room starts a new epoch", room,
                    position.offset(), position.epoch(), last.offset(), fork.epoch());
        } else {
            fork = fork.next();
        }
        if (!fork.renewed()) {
            fork = fork.renewed(renewEpoch(room, fork.diverged()));
        }
        forks.put(room, fork);
        return rooms.publishAt(room, new Position(fork.epoch(), fork.offset()), frame);
    }

    // Whoever renews first wins; the others find another epoch and leave it. A fork tries a failure again at the next
    // arrival of the old epoch, and is harmless once none comes: a publication then already takes another epoch.
    private boolean renewEpoch(String room, String diverged) {
        try {
            await(commands().eval(RedisScripts.RENEW_EPOCH, ScriptOutputType.INTEGER, RedisChannels.keys(room),
                    diverged, rooms.newEpoch(), ttlMillis(), ""), "starting a room's new epoch");
            return true;
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.WARNING, "room {0}: starting its new epoch after Redis lost publications failed: {1}", room,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Publications while this node's subscription was down (Redis restarted, or the connection dropped) never arrive
     * live: the offsets show the gap, and the room's history in Redis still holds them, so they are handed out first,
     * in order, on this delivery lane. A new epoch means Redis lost the room's state and counts afresh from 1: all of
     * the new epoch before this arrival is missing. What the history no longer holds is counted and logged.
     */
    private void fillGap(String room, Position position, String stamp) {
        Received received = lastSequence.put(room, new Received(position, stamp));
        if (received == null) {
            return;
        }
        Position previous = received.position();
        long from = previous.epoch().equals(position.epoch()) ? previous.offset() + 1 : 1;
        long wanted = position.offset() - from;
        if (wanted <= 0) {
            return;
        }
        long filled = 0;
        if (history.size() > 0) {
            try {
                filled = handOutMissing(room, position, from, wanted);
            } catch (DeliveryUnavailableException | RedisEnvelope.MalformedEnvelopeException e) {
                LOG.log(Level.WARNING, "room {0}: the history read for {1} missed publications failed: {2}", room,
                        wanted, e.getMessage());
            }
        }
        if (filled > 0) {
            LOG.log(Level.INFO, "room {0}: {1} publications that did not reach this node live (published while its "
                    + "Redis subscription was down) were handed out from the room''s history", room, filled);
        }
        long missed = wanted - filled;
        if (missed > 0) {
            metrics.missed(missed);
            LOG.log(Level.WARNING, "room {0}: {1} publications did not reach this node live (offset {2} after {3}), "
                    + "published while its Redis subscription was down, and are not in the room''s history", room,
                    missed, position.offset(), previous.epoch().equals(position.epoch()) ? previous.offset() : 0);
        }
    }

    // The stream holds at most about the history size, so the read is bounded whatever the gap. The room's view decides
    // what its members still lack: RoomManager drops what a join already handed out.
    private long handOutMissing(String room, Position position, long from, long wanted) {
        List<Object> read = await(commands().eval(RedisScripts.READ_FROM, ScriptOutputType.MULTI,
                RedisChannels.keys(room), rooms.newEpoch(), ttlMillis(), String.valueOf(from),
                String.valueOf(wanted), position.epoch()),
                "reading a room's missed publications");
        long filled = 0;
        for (StoredPublication stored : RedisHistory.snapshot(read).publications()) {
            if (stored.offset() >= from && stored.offset() < position.offset()) {
                rooms.publishAt(room, new Position(position.epoch(), stored.offset()), stored.frame());
                filled++;
            }
        }
        return filled;
    }

    private Connection local(String id) {
        return id.isEmpty() ? null : connections.find(id).orElse(null);
    }

    /**
     * A join waiting for its turn on the delivery lane; a caller that gave up (the lane was stuck) abandons it, and an
     * abandoned join never runs, so that nobody joins after being told UNAVAILABLE.
     */
    private final class LaneJoin implements Runnable {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int ABANDONED = 2;

        private final Supplier<Optional<Admission>> join;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final CompletableFuture<Optional<Admission>> result = new CompletableFuture<>();

        LaneJoin(Supplier<Optional<Admission>> join) {
            this.join = join;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(WAITING, RUNNING)) {
                return;
            }
            try {
                result.complete(join.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        Optional<Admission> await() {
            try {
                return result.get(LANE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (state.compareAndSet(WAITING, ABANDONED)) {
                    throw unavailable("joining a room", e);
                }
                return outcome(result::join);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (state.compareAndSet(WAITING, ABANDONED)) {
                    throw unavailable("joining a room", e);
                }
                return outcome(result::join);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e);
            }
        }

        private Optional<Admission> outcome(Supplier<Optional<Admission>> running) {
            try {
                return running.get();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
    }

    /**
     * A room's epoch whose offsets Redis gave again ({@code diverged}), and the epoch and last offset under which this
     * node hands out what still arrives in it; {@code renewed} once the room in Redis moved on from it.
     */
    private record Fork(String diverged, String epoch, long offset, boolean renewed) {
        Fork next() {
            return new Fork(diverged, epoch, offset + 1, renewed);
        }

        Fork renewed(boolean done) {
            return new Fork(diverged, epoch, offset, done);
        }
    }

    /** The position of the last publication this node received in a room, and its {@code sent|except|}. */
    private record Received(Position position, String stamp) {
    }

    /** Hands every arrival to the delivery lane: the Redis event loop only queues it. */
    private final class Arrivals extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            RedisNodeRequests nodes = nodeRequests();
            if (nodes.carries(channel)) {
                nodes.arrived(channel, message);
                return;
            }
            deliveries.execute(() -> deliver(channel, message));
        }

        @Override
        public void smessage(String channel, String message) {
            deliveries.execute(() -> deliver(channel, message));
        }
    }

    /**
     * Logs each change between reachable and unreachable once, after the first connection, and restores this node's
     * subscriptions after each reconnect.
     */
    private final class Reachability implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            if (links != null && !closed) {
                changed(true, null);
                regained();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (links != null && !closed) {
                lost();
                changed(false, null);
            }
        }
    }
}
