package dev.eventsgateway.delivery.control;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.history.entity.Admission;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.UserSlots;
import dev.eventsgateway.connections.control.Disconnected;
import dev.eventsgateway.connections.control.Disconnects;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.connections.control.ForwardingEvent;
import dev.eventsgateway.messaging.control.RoomPresence;
import dev.eventsgateway.messaging.control.WiredNode;
import dev.eventsgateway.metrics.control.RedisMetrics;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import dev.eventsgateway.rooms.entity.Published;
import java.time.Duration;
import dev.eventsgateway.protocol.entity.Roster;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** One gateway node's rooms and connections wired by hand around a real {@link RedisBroker}, for tests. */
final class ClusterNode implements AutoCloseable {

    final Connections connections;
    final RoomManager rooms;
    final RoomPresence presence;
    final RedisBroker broker;
    final RedisMetrics metrics = new RedisMetrics();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    ClusterNode(String redisUrl) {
        this(redisUrl, 100);
    }

    ClusterNode(String redisUrl, int maxConnectionsPerUser) {
        this(RedisAddress.parse(redisUrl), maxConnectionsPerUser);
    }

    ClusterNode(RedisAddress redis, int maxConnectionsPerUser) {
        var departures = new ForwardingEvent<Disconnected>();
        Disconnects disconnects = new Disconnects(departures, executor);
        var slots = new LateSlots();
        connections = new Connections(new ConnectionSettings(Duration.ofSeconds(25), 4_096, 1_000,
                maxConnectionsPerUser, 0, 0), disconnects, slots);
        var late = new LateBroker();
        rooms = new RoomManager(connections, disconnects, new RoomSettings(100, 1_000), late);
        broker = RedisBroker.start(redis, rooms, connections, executor, metrics);
        late.target = broker;
        slots.target = broker;
        presence = new RoomPresence(rooms, broker);
        departures.observe(presence::disconnected);
    }

    Connection open(String user, FakeTransport transport) {
        Caller caller = new Caller(user, RoomGrants.everyRoom(), Set.of(), WiredNode.EXPIRES);
        Connection connection = connections.reserve(caller, WiredNode.LIFETIME, transport, 0).orElseThrow();
        connections.activate(connection);
        return connection;
    }

    @Override
    public void close() {
        broker.close();
        executor.shutdownNow();
    }

    /** The per-user count the connections use, set once the broker (which needs the connections) exists. */
    private static final class LateSlots implements UserSlots {
        private volatile UserSlots target;

        @Override
        public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
            return target.tryAcquire(userId, connectionId, maxPerUser);
        }

        @Override
        public void release(String userId, String connectionId) {
            target.release(userId, connectionId);
        }
    }

    /** The broker the room manager uses, set once the broker (which needs the room manager) exists. */
    private static final class LateBroker implements Broker {
        private volatile Broker target;

        @Override
        public int publish(String room, String frame, Connection except) {
            return target.publish(room, frame, except);
        }

        @Override
        public Published publishPublication(String room, String frame) {
            return target.publishPublication(room, frame);
        }

        @Override
        public Optional<Admission> admit(String room, Optional<Position> since, BooleanSupplier admit,
                                         Consumer<String> send) {
            return target.admit(room, since, admit, send);
        }

        @Override
        public HistoryRead history(String room, int limit) {
            return target.history(room, limit);
        }

        @Override
        public Published publishToAll(String frame, Connection except) {
            return target.publishToAll(frame, except);
        }

        @Override
        public void entered(String room, Connection connection) {
            target.entered(room, connection);
        }

        @Override
        public void departed(String room, Connection connection) {
            target.departed(room, connection);
        }

        @Override
        public Roster presence(String room, int limit) {
            return target.presence(room, limit);
        }

        @Override
        public void beat(Consumer<Departure> departed) {
            target.beat(departed);
        }

        @Override
        public void subscribe(String room) {
            target.subscribe(room);
        }

        @Override
        public void unsubscribe(String room) {
            target.unsubscribe(room);
        }

        @Override
        public boolean isAvailable() {
            return target.isAvailable();
        }

        @Override
        public String describe() {
            return target.describe();
        }
    }
}
