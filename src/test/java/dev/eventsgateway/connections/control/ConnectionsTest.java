package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(3600);
    private static final Duration HEARTBEAT = Duration.ofSeconds(25);
    private static final long INTERVAL = HEARTBEAT.toNanos();

    private final List<Connection> released = new CopyOnWriteArrayList<>();
    private final List<Disconnected> departures = new CopyOnWriteArrayList<>();
    private final ForwardingEvent<Disconnected> disconnected = new ForwardingEvent<>();

    ConnectionsTest() {
        disconnected.observe(departure -> {
            departures.add(departure);
            released.add(departure.connection());
        });
    }

    private Connections connections(int maxTotal, int maxPerUser) {
        return new Connections(settings(maxTotal, maxPerUser), new Disconnects(disconnected, Runnable::run));
    }

    private static TokenLifetime lifetime(Instant expiresAt) {
        return new TokenLifetime(expiresAt, expiresAt.minusSeconds(60), expiresAt);
    }

    private static ConnectionSettings settings(int maxTotal, int maxPerUser) {
        // A send timeout beyond the sweeps below, which hold sends in flight for whole heartbeat intervals.
        return new ConnectionSettings(HEARTBEAT, 16, maxTotal, maxPerUser, 20, 40, 1 << 20, Duration.ofMinutes(10));
    }

    private static Caller caller(String user) {
        return new Caller(user, RoomGrants.everyRoom(), Set.of(), DEADLINE);
    }

    private Optional<Connection> reserve(Connections connections, String user, FakeTransport transport) {
        return connections.reserve(caller(user), lifetime(DEADLINE), transport, 0);
    }

    private Connection open(Connections connections, String user, FakeTransport transport, Instant deadline) {
        Connection connection = connections.reserve(caller(user), lifetime(deadline), transport, 0).orElseThrow();
        connections.activate(connection);
        return connection;
    }

    @Test
    void givesEveryConnectionAUniqueOpaqueId() {
        Connections connections = connections(10_000, 10_000);
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            String id = reserve(connections, "alice", new FakeTransport()).orElseThrow().id();
            assertTrue(id.matches("[A-Za-z0-9_-]{16}"), id);
            ids.add(id);
        }

        assertEquals(1000, ids.size());
    }

    @Test
    void refusesConnectionsBeyondTheTotalLimit() {
        Connections connections = connections(2, 10);

        assertTrue(reserve(connections, "alice", new FakeTransport()).isPresent());
        assertTrue(reserve(connections, "bob", new FakeTransport()).isPresent());
        assertFalse(reserve(connections, "carol", new FakeTransport()).isPresent());

        assertEquals(2, connections.reserved());
        assertEquals(2, connections.users());
    }

    @Test
    void refusesConnectionsBeyondThePerUserLimit() {
        Connections connections = connections(100, 2);

        assertTrue(reserve(connections, "alice", new FakeTransport()).isPresent());
        assertTrue(reserve(connections, "alice", new FakeTransport()).isPresent());
        assertFalse(reserve(connections, "alice", new FakeTransport()).isPresent());
        assertTrue(reserve(connections, "bob", new FakeTransport()).isPresent());

        assertEquals(3, connections.reserved());
        assertEquals(2, connections.users());
    }

    @Test
    void theClustersCountRefusesAUserAndThenThisNodesSlotIsFreedAgain() {
        CountingSlots cluster = new CountingSlots(1);
        Connections connections = new Connections(settings(100, 5), new Disconnects(disconnected, Runnable::run),
                cluster);

        Connection first = reserve(connections, "alice", new FakeTransport()).orElseThrow();
        assertFalse(reserve(connections, "alice", new FakeTransport()).isPresent(), "the other nodes hold the rest");
        assertEquals(1, connections.reserved());
        assertEquals(List.of("alice|" + first.id()), cluster.held);

        first.close(CloseCode.NORMAL);

        assertEquals(List.of(), cluster.held);
        assertTrue(reserve(connections, "alice", new FakeTransport()).isPresent());
    }

    @Test
    void aClusterCountThatFailsTakesNothingOnThisNode() {
        UserSlots unreachable = new UserSlots() {
            @Override
            public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
                throw new IllegalStateException("Redis is down");
            }

            @Override
            public void release(String userId, String connectionId) {
                throw new AssertionError("nothing was taken");
            }
        };
        Connections connections = new Connections(settings(1, 1), new Disconnects(disconnected, Runnable::run),
                unreachable);

        assertThrows(IllegalStateException.class, () -> reserve(connections, "alice", new FakeTransport()));
        assertEquals(0, connections.reserved());
        assertEquals(0, connections.users());
    }

    @Test
    void closingAConnectionFreesItsSlot() {
        Connections connections = connections(100, 1);
        Connection first = reserve(connections, "alice", new FakeTransport()).orElseThrow();
        assertFalse(reserve(connections, "alice", new FakeTransport()).isPresent());

        first.close(CloseCode.NORMAL);

        assertTrue(reserve(connections, "alice", new FakeTransport()).isPresent());
        assertEquals(1, connections.reserved());
    }

    @Test
    void closeByThePeerFreesItsSlotToo() {
        Connections connections = connections(1, 1);
        Connection first = reserve(connections, "alice", new FakeTransport()).orElseThrow();

        first.closedByPeer();

        assertTrue(reserve(connections, "bob", new FakeTransport()).isPresent());
        assertEquals(1, connections.users());
    }

    @Test
    void reservedConnectionIsInvisibleUntilActivated() {
        Connections connections = connections(100, 10);
        Connection connection = reserve(connections, "alice", new FakeTransport()).orElseThrow();

        assertEquals(0, connections.count());
        assertEquals(1, connections.reserved());
        connections.activate(connection);

        assertEquals(1, connections.count());
        assertEquals(Optional.of(connection), connections.find(connection.id()));
        assertEquals(List.of(connection), new ArrayList<>(connections.all()));
    }

    @Test
    void closedConnectionLeavesTheRegistryBeforeItsDisconnectIsRaised() {
        Connections connections = connections(100, 10);
        List<Integer> countSeenByObserver = new ArrayList<>();
        disconnected.observe(departure -> countSeenByObserver.add(connections.count()));
        Connection connection = reserve(connections, "alice", new FakeTransport()).orElseThrow();
        connections.activate(connection);

        connection.close(CloseCode.NORMAL);
        connection.closedByPeer();

        assertEquals(List.of(0), countSeenByObserver);
        assertEquals(Optional.empty(), connections.find(connection.id()));
        assertEquals(0, connections.reserved());
        assertEquals(0, connections.users());
    }

    @Test
    void activatingAConnectionClosedWhileOpeningRegistersNothing() {
        Connections connections = connections(100, 10);
        Connection connection = reserve(connections, "alice", new FakeTransport()).orElseThrow();
        connection.closedByPeer();

        connections.activate(connection);

        assertEquals(0, connections.count());
        assertEquals(Optional.empty(), connections.find(connection.id()));
        assertEquals(0, connections.reserved());
        assertEquals(List.of(connection), released);
    }

    @Test
    void sweepClosesConnectionsWhoseTokenExpired() {
        Connections connections = connections(100, 10);
        FakeTransport expiring = new FakeTransport();
        FakeTransport valid = new FakeTransport();
        Connection expired = open(connections, "alice", expiring, NOW.minusMillis(1));
        Connection atDeadline = open(connections, "bob", valid, NOW);

        connections.sweep(NOW, 1);

        assertEquals(List.of(CloseCode.TOKEN_EXPIRED), expiring.closes());
        assertTrue(expired.isClosed());
        assertEquals(List.of(), valid.closes());
        assertFalse(atDeadline.isClosed());
        assertEquals(1, connections.count());
    }

    @Test
    void sweepClosesConnectionsSilentForTwoHeartbeats() {
        Connections connections = connections(100, 10);
        FakeTransport silent = new FakeTransport();
        FakeTransport talking = new FakeTransport();
        open(connections, "alice", silent, DEADLINE);
        Connection alive = open(connections, "bob", talking, DEADLINE);
        alive.touch(INTERVAL);

        connections.sweep(NOW, 2 * INTERVAL);
        assertEquals(List.of(), silent.closes());

        connections.sweep(NOW, 2 * INTERVAL + 1);
        assertEquals(List.of(CloseCode.HEARTBEAT_TIMEOUT), silent.closes());
        assertEquals(List.of(), talking.closes());
        assertEquals(1, connections.count());
    }

    @Test
    void sweepPingsWhenAHeartbeatIsDue() {
        Connections connections = connections(100, 10);
        FakeTransport transport = new FakeTransport();
        Connection connection = open(connections, "alice", transport, DEADLINE);

        connections.sweep(NOW, INTERVAL - 1);
        assertEquals(0, transport.pings());
        connections.sweep(NOW, INTERVAL);
        assertEquals(1, transport.pings());
        connections.sweep(NOW, INTERVAL + 1);
        assertEquals(1, transport.pings());
        connection.touch(2 * INTERVAL);
        connections.sweep(NOW, 2 * INTERVAL);
        assertEquals(2, transport.pings());
        assertEquals(List.of(), transport.closes());
    }

    @Test
    void sendsThePeerKeepsReadingCountAsTraffic() {
        Connections connections = connections(100, 10);
        FakeTransport busy = new FakeTransport().holdCompletions();
        Connection listener = open(connections, "listener", busy, DEADLINE);
        listener.send("frame 0");

        for (int i = 1; i <= 4; i++) {
            listener.send("frame " + i);
            busy.completeNext();
            connections.sweep(NOW, i * INTERVAL + 1);
        }

        assertEquals(0, busy.pings(), "a send was in flight at every sweep");
        assertEquals(List.of(), busy.closes(), "a listener that reads is not silent, though it never writes");
    }

        @Test
    void sweepSkipsThePingWhileASendIsInFlight() {
        Connections connections = connections(100, 10);
        FakeTransport transport = new FakeTransport().holdCompletions();
        Connection connection = open(connections, "alice", transport, DEADLINE);
        connection.send("frame");

        connections.sweep(NOW, INTERVAL);

        assertEquals(0, transport.pings());
        assertFalse(connection.isClosed());
    }

    @Test
    void sweepGoesOnAfterOneConnectionFails() {
        Connections connections = connections(100, 10);
        List<FakeTransport> healthy = new ArrayList<>();
        disconnected.observe(departure -> {
            if (departure.connection().userId().equals("mallory")) {
                throw new IllegalStateException("cleanup failed");
            }
        });
        open(connections, "mallory", new FakeTransport(), NOW.minusSeconds(1));
        for (int i = 0; i < 5; i++) {
            FakeTransport transport = new FakeTransport();
            healthy.add(transport);
            open(connections, "user" + i, transport, NOW.minusSeconds(1));
        }

        connections.sweep(NOW, 1);

        for (FakeTransport transport : healthy) {
            assertEquals(List.of(CloseCode.TOKEN_EXPIRED), transport.closes());
        }
    }

    @Test
    void shutdownClosesEveryConnectionWith1001AndAnnouncesNoDeparture() {
        Connections connections = connections(100, 10);
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        open(connections, "alice", a, DEADLINE);
        open(connections, "bob", b, DEADLINE);

        connections.shutDown();

        assertEquals(List.of(CloseCode.GOING_AWAY), a.closes());
        assertEquals(List.of(CloseCode.GOING_AWAY), b.closes());
        assertEquals(0, connections.count());
        assertEquals(0, connections.reserved());
        assertEquals(2, released.size());
        assertTrue(departures.stream().noneMatch(Disconnected::announce), "shutdown announces no departure");
    }

    @Test
    void tellsAConnectionOnceWhenItsTokenNearsExpiryAndAgainForARefreshedToken() {
        Connections connections = connections(100, 10);
        FakeTransport transport = new FakeTransport();
        Instant expires = NOW.plusSeconds(50);
        Connection connection = connections.reserve(caller("alice"),
                new TokenLifetime(expires, NOW.plusSeconds(10), expires.plusSeconds(30)), transport, 0).orElseThrow();
        connections.activate(connection);

        connections.sweep(NOW.plusSeconds(9), 1);
        assertEquals(List.of(), transport.sent(), "not yet");
        connections.sweep(NOW.plusSeconds(10), 2);
        connections.sweep(NOW.plusSeconds(11), 3);
        String notice = "{\"event\":\"token:expiring\",\"data\":{\"expiresAt\":\"" + Timestamps.iso(expires) + "\"}}";
        assertEquals(List.of(notice), transport.sent(), "once per token");

        Instant renewed = NOW.plusSeconds(500);
        connection.refresh(caller("alice"), new TokenLifetime(renewed, NOW.plusSeconds(100), renewed.plusSeconds(30)));
        connections.sweep(NOW.plusSeconds(90), 4);
        connections.sweep(NOW.plusSeconds(100), 5);

        assertEquals(2, transport.sentCount());
        assertTrue(transport.lastSent().contains(Timestamps.iso(renewed)), transport.lastSent());
        connections.sweep(expires.plusSeconds(31), 6);
        assertFalse(connection.isClosed(), "the refreshed token keeps the connection open past the old expiry");
        connections.sweep(renewed.plusSeconds(31), 7);
        assertEquals(List.of(CloseCode.TOKEN_EXPIRED), transport.closes());
    }

    /** The cluster's count of a test: at most {@code max} connections per user on all nodes, as it holds them. */
    private static final class CountingSlots implements UserSlots {
        private final int max;
        private final List<String> held = new CopyOnWriteArrayList<>();

        CountingSlots(int max) {
            this.max = max;
        }

        @Override
        public boolean tryAcquire(String userId, String connectionId, int maxPerUser) {
            if (held.stream().filter(slot -> slot.startsWith(userId + "|")).count() >= Math.min(max, maxPerUser)) {
                return false;
            }
            return held.add(userId + "|" + connectionId);
        }

        @Override
        public void release(String userId, String connectionId) {
            held.remove(userId + "|" + connectionId);
        }
    }
}
