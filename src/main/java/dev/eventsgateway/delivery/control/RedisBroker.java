package dev.eventsgateway.delivery.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.UserSlots;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.HistorySnapshot;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.entity.Published;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The cluster through Redis: one script call gives a room publication its position, keeps it in the room's stream and
 * publishes it; this node follows the channels of the rooms it has members in, and hands what arrives to them off the
 * Redis event loop, in arrival order, splicing the position onto each publication once.
 */
public final class RedisBroker implements Broker, UserSlots, AutoCloseable {

    static final long RETRY_AFTER_MS = 1_000;
    private static final Logger LOG = System.getLogger(RedisBroker.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);
    private static final Duration RESTORE_RETRY = Duration.ofMillis(100);
    private static final Duration LANE_WAIT = Duration.ofSeconds(5);
    /**
     * A node that has not renewed its liveness for this long is dead to the others. Renewed every second, so a live
     * node misses it only when it could not reach Redis for about five seconds.
     */
    static final Duration LIVENESS_TTL = Duration.ofSeconds(5);
    /** Room frames that are not publications take no offset: {@code 0|(no epoch)|sent|except|frame}. */
    private static final String UNPOSITIONED = "0||";

    private final String node = NodeId.random();
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final String address;
    private final RoomManager rooms;
    private final Connections connections;
    private final SerialLane deliveries;
    private final Executor background;
    private final AtomicBoolean beating = new AtomicBoolean();
    private final RedisMetrics metrics;
    private final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Position> lastSequence = new ConcurrentHashMap<>();
    /** Rooms a local connection is joining: their subscription stays even while they have no member yet. */
    private final Map<String, Integer> joining = new ConcurrentHashMap<>();
    private final HistorySettings history;
    private final AtomicReference<Boolean> reachable = new AtomicReference<>();
    // Every connect or disconnect starts a new generation; only a restoration of the current one counts.
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean restored;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean closed;
    private volatile RedisNodeRequests requests;

    private RedisBroker(URI url, RoomManager rooms, Connections connections, Executor executor,
                        RedisMetrics metrics) {
        this.address = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
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
        this.uri = RedisURI.create(url);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected: a command queued for later could deliver after its caller gave up.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        client.addListener(new Reachability());
    }

    /**
     * Connects in the background and keeps trying until Redis answers; until then every publish and subscribe fails
     * with {@link DeliveryUnavailableException}.
     */
    public static RedisBroker start(URI url, RoomManager rooms, Connections connections, Executor executor,
                                    RedisMetrics metrics) {
        RedisBroker broker = new RedisBroker(url, rooms, connections, executor, metrics);
        broker.connect();
        return broker;
    }

    // PUBLISH orders the room's channel: every node receives its frames in one order, positioned or not.
    @Override
    public int publish(String room, String frame, Connection except) {
        return counted(() -> Math.toIntExact(await(commands().async().publish(RedisChannels.room(room),
                UNPOSITIONED + outbound(except, frame)), "publishing to a room")));
    }

    // One script assigns the offset, keeps the frame in the room's stream, renews the keys' TTL and publishes it.
    @Override
    public Published publishPublication(String room, String frame) {
        List<Object> placed = counted(() -> await(commands().async().eval(
                RedisScripts.PUBLISH_PUBLICATION, ScriptOutputType.MULTI, RedisChannels.keys(room),
                rooms.newEpoch(), ttlMillis(), RedisChannels.room(room), String.valueOf(history.size()),
                outbound(null, frame)), "publishing to a room"));
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
        List<Object> read = await(commands().async().eval(RedisScripts.READ_LATEST, ScriptOutputType.MULTI,
                RedisChannels.keys(room), rooms.newEpoch(), ttlMillis(), String.valueOf(limit)),
                "reading a room's history");
        return rooms.historyFrom(room, RedisHistory.snapshot(read));
    }

    private HistorySnapshot readFrom(String room, Optional<Position> since) {
        List<Object> read = await(commands().async().eval(RedisScripts.READ_FROM, ScriptOutputType.MULTI,
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
        presenceScript(RedisScripts.ENTER, room, connection, "recording a room's presence");
    }

    @Override
    public void departed(String room, Connection connection) {
        presenceScript(RedisScripts.DEPART, room, connection, "removing from a room's presence");
    }

    private void presenceScript(String script, String room, Connection connection, String what) {
        await(commands().async().eval(script, ScriptOutputType.INTEGER,
                new String[] {RedisChannels.presence(room), RedisChannels.nodeMembers(node)},
                RedisChannels.presenceField(node, connection.id()), connection.userId(),
                room + "|" + connection.id() + "|" + connection.userId()), what);
    }

    // The values are one user id per connection: grouping them here keeps Redis's work to one HVALS.
    @Override
    public Roster presence(String room, int limit) {
        return Roster.counting(await(commands().async().hvals(RedisChannels.presence(room)),
                "reading a room's presence"), limit);
    }

    // While Redis is unreachable a node keeps accepting its users within its own limits, as it keeps serving those it
    // has: such a connection stays uncounted in the cluster's count, which the loss of Redis was already logged for.
    @Override
    public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
        try {
            long counted = this.<Long>await(commands().async().eval(RedisScripts.ACQUIRE, ScriptOutputType.INTEGER,
                    new String[] {RedisChannels.userConnections(userId), RedisChannels.nodeConnections(node)},
                    RedisChannels.presenceField(node, connectionId), String.valueOf(maxPerUser),
                    connectionId + "|" + userId), "counting a user's connections");
            return counted == 1;
        } catch (DeliveryUnavailableException e) {
            LOG.log(Level.DEBUG, "connection {0} of user {1} accepted uncounted in the cluster: {2}", connectionId,
                    userId, e.getMessage());
            return true;
        }
    }

    // Not awaited: a close never waits for Redis. A release that fails leaves the slot counted until this node's
    // entries are taken back, at the latest when it stops or is found dead.
    @Override
    public void release(String userId, String connectionId) {
        StatefulRedisConnection<String, String> link = commands;
        if (link == null) {
            return;
        }
        link.async().eval(RedisScripts.RELEASE, ScriptOutputType.INTEGER,
                        new String[] {RedisChannels.userConnections(userId), RedisChannels.nodeConnections(node)},
                        RedisChannels.presenceField(node, connectionId), "0", connectionId + "|" + userId)
                .exceptionally(failure -> {
                    LOG.log(Level.WARNING, "slot of connection {0} of user {1} not freed in Redis: {2}",
                            connectionId, userId, rootMessage(failure));
                    return null;
                });
    }

    // One beat at a time: a beat still waiting for Redis makes the next one unnecessary.
    @Override
    public void beat(Consumer<Departure> departed) {
        StatefulRedisConnection<String, String> link = commands;
        if (link == null || closed || !beating.compareAndSet(false, true)) {
            return;
        }
        try {
            link.async().<List<Object>>eval(RedisScripts.BEAT, ScriptOutputType.MULTI, new String[0], node,
                    String.valueOf(LIVENESS_TTL.toMillis())).whenComplete((reply, failure) -> {
                        beating.set(false);
                        if (failure != null) {
                            LOG.log(Level.DEBUG, "heartbeat of node {0} failed: {1}", node, rootMessage(failure));
                        } else {
                            background.execute(() -> beaten(reply, departed));
                        }
                    });
        } catch (RuntimeException e) {
            beating.set(false);
            throw unavailable("renewing this node's liveness", e);
        }
    }

    private void beaten(List<Object> reply, Consumer<Departure> departed) {
        boolean known = ((Long) reply.get(0)) == 1L;
        if (!known) {
            LOG.log(Level.WARNING, "node {0} was taken for dead by the cluster (no heartbeat reached Redis for {1} s):"
                    + " its connections were dropped from presence and counts; writing them again", node,
                    LIVENESS_TTL.toSeconds());
            rewrite();
        }
        if (reply.size() > 1) {
            LOG.log(Level.INFO, "node {0}: {1} memberships of nodes found dead taken back, announcing their departure",
                    node, reply.size() - 1);
        }
        for (Object entry : reply.subList(1, reply.size())) {
            String text = (String) entry;
            int roomEnd = text.indexOf('|');
            try {
                departed.accept(new Departure(text.substring(0, roomEnd), text.substring(roomEnd + 1)));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "departure in room " + text.substring(0, roomEnd) + " not announced", e);
            }
        }
    }

    // What a node taken for dead had written is gone: its connections and memberships are written again, unlimited.
    private void rewrite() {
        for (Connection connection : connections.all()) {
            warnOnFailure(commands().async().eval(RedisScripts.ACQUIRE, ScriptOutputType.INTEGER,
                    new String[] {RedisChannels.userConnections(connection.userId()),
                            RedisChannels.nodeConnections(node)},
                    RedisChannels.presenceField(node, connection.id()), String.valueOf(Integer.MAX_VALUE),
                    connection.id() + "|" + connection.userId()), "the connection count of a connection");
            for (String room : connection.rooms()) {
                warnOnFailure(commands().async().eval(RedisScripts.ENTER, ScriptOutputType.INTEGER,
                        new String[] {RedisChannels.presence(room), RedisChannels.nodeMembers(node)},
                        RedisChannels.presenceField(node, connection.id()), connection.userId(),
                        room + "|" + connection.id() + "|" + connection.userId()), "the presence of a membership");
            }
        }
    }

    private void warnOnFailure(CompletionStage<?> write, String what) {
        write.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "node {0} could not write back {1}: {2}; it stays missing until this node"
                        + " restarts", node, what, rootMessage(failure));
            }
        });
    }

    /** This node's id in the cluster, new at each deployment. */
    public String nodeId() {
        return node;
    }

    @Override
    public Published publishToAll(String frame, Connection except) {
        counted(() -> await(commands().async().publish(RedisChannels.ALL, outbound(except, frame)),
                "publishing to everyone"));
        return Published.toAllNodes();
    }

    @Override
    public void subscribe(String room) {
        StatefulRedisPubSubConnection<String, String> link = pubsub;
        if (link == null || !link.isOpen()) {
            throw unavailable("following a room", null);
        }
        CompletableFuture<Void> confirmed = subscriptions.compute(room, (name, pending) ->
                pending != null && !pending.isCompletedExceptionally()
                        ? pending
                        : link.async().subscribe(RedisChannels.room(name)).toCompletableFuture());
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
            StatefulRedisPubSubConnection<String, String> link = pubsub;
            if (link != null) {
                link.async().unsubscribe(RedisChannels.room(name)).exceptionally(failure -> {
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
        return "cluster through Redis at " + address;
    }

    @Override
    public boolean isAvailable() {
        return !closed && restored && isConnected();
    }

    /** Whether both connections are up, for tests and health. */
    public boolean isConnected() {
        StatefulRedisConnection<String, String> link = commands;
        StatefulRedisPubSubConnection<String, String> subscriber = pubsub;
        return link != null && link.isOpen() && subscriber != null && subscriber.isOpen();
    }

    /** Takes back what this node wrote to the cluster's state, announcing nothing (a stop is silent); disconnects. */
    @Override
    public void close() {
        StatefulRedisConnection<String, String> link = commands;
        if (link != null && link.isOpen() && !closed) {
            try {
                long taken = this.<Long>await(link.async().eval(RedisScripts.STOP, ScriptOutputType.INTEGER,
                        new String[0], node), "leaving the cluster");
                LOG.log(Level.INFO, "node {0} left the cluster, {1} memberships taken back", node, taken);
            } catch (DeliveryUnavailableException e) {
                LOG.log(Level.WARNING, "node {0} left the cluster without taking back its entries; the others do once "
                        + "its liveness expires: {1}", node, e.getMessage());
            }
        }
        closed = true;
        client.shutdown(Duration.ZERO, TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(TIMEOUT.toMillis());
    }

    private void connect() {
        if (closed) {
            return;
        }
        AtomicReference<StatefulRedisConnection<String, String>> commandLink = new AtomicReference<>();
        AtomicReference<StatefulRedisPubSubConnection<String, String>> subscriberLink = new AtomicReference<>();
        client.connectAsync(StringCodec.UTF8, uri)
                .thenCompose(link -> {
                    commandLink.set(link);
                    return client.connectPubSubAsync(StringCodec.UTF8, uri);
                })
                .thenCompose(subscriber -> {
                    subscriberLink.set(subscriber);
                    subscriber.addListener(new Arrivals());
                    return subscriber.async().subscribe(followedAlways());
                })
                .whenComplete((ignored, failure) -> connected(commandLink.get(), subscriberLink.get(), failure));
    }

    private void connected(StatefulRedisConnection<String, String> link,
                           StatefulRedisPubSubConnection<String, String> subscriber, Throwable failure) {
        if (failure == null && !closed) {
            link.async().eval(RedisScripts.ANNOUNCE, ScriptOutputType.INTEGER, new String[0], node,
                    String.valueOf(LIVENESS_TTL.toMillis()));
            commands = link;
            pubsub = subscriber;
            generation.incrementAndGet();
            restored = true;
            changed(true, null);
            return;
        }
        if (link != null) {
            link.closeAsync();
        }
        if (subscriber != null) {
            subscriber.closeAsync();
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
                    address, RECONNECT_DELAY.toMillis(), cause == null ? "connection lost" : rootMessage(cause));
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
        StatefulRedisPubSubConnection<String, String> link = pubsub;
        if (link == null || !link.isOpen()) {
            restoreLater(attempt);
            return;
        }
        String[] channels = Stream.concat(Stream.of(followedAlways()),
                subscriptions.keySet().stream().map(RedisChannels::room)).toArray(String[]::new);
        link.async().subscribe(channels).whenComplete((ignored, failure) -> {
            if (failure != null) {
                restoreLater(attempt);
            } else if (attempt == generation.get()) {
                restored = true;
                LOG.log(Level.DEBUG, "Redis at {0}: this node follows its {1} room channels again", address,
                        channels.length - followedAlways().length);
            }
        });
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

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    StatefulRedisConnection<String, String> commands() {
        StatefulRedisConnection<String, String> link = commands;
        if (link == null) {
            throw unavailable("publishing", null);
        }
        return link;
    }

    <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (ExecutionException e) {
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        }
    }

    DeliveryUnavailableException unavailable(String what, Throwable cause) {
        return new DeliveryUnavailableException(what + " failed: Redis at " + address + " is unavailable",
                RETRY_AFTER_MS, cause);
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
            Position position = new Position(envelope.epoch(), envelope.sequence());
            noticeGap(room.get(), position);
            handed = rooms.publishAt(room.get(), position, envelope.frame());
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

    // Publications while this node's subscription was down never arrive: the offsets make that loss visible. A new
    // epoch means Redis lost the room's history and counts afresh.
    private void noticeGap(String room, Position position) {
        Position previous = lastSequence.put(room, position);
        if (previous != null && previous.epoch().equals(position.epoch()) && position.offset() > previous.offset() + 1) {
            long missed = position.offset() - previous.offset() - 1;
            metrics.missed(missed);
            LOG.log(Level.WARNING, "room {0}: {1} publications did not reach this node live (offset {2} after {3}), "
                    + "published while its Redis subscription was down", room, missed, position.offset(),
                    previous.offset());
        }
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
    }

    /**
     * Logs each change between reachable and unreachable once, after the first connection, and restores this node's
     * subscriptions after each reconnect.
     */
    private final class Reachability implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            if (commands != null && !closed) {
                changed(true, null);
                regained();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (commands != null && !closed) {
                lost();
                changed(false, null);
            }
        }
    }
}
