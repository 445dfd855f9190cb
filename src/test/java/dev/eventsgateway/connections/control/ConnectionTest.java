package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.auth.entity.TokenLifetime;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Closure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");
    private static final TokenLifetime LIFETIME = new TokenLifetime(DEADLINE, DEADLINE.minusSeconds(60), DEADLINE);
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(25).toNanos();
    private static final long SEND_TIMEOUT_NANOS = ConnectionSettings.DEFAULT_SEND_TIMEOUT.toNanos();

    private final FakeTransport transport = new FakeTransport();
    private final List<Connection> closed = new CopyOnWriteArrayList<>();

    private Connection connection(int sendQueueLimit) {
        var settings = new ConnectionSettings(Duration.ofSeconds(25), sendQueueLimit, 100, 10, 20, 40);
        var caller = new Caller("alice", RoomGrants.everyRoom(), Set.of(), DEADLINE);
        return new Connection("c1", caller, LIFETIME, transport, settings, 0, closed::add);
    }

    @Test
    void exposesItsCallerAndLifetime() {
        Connection connection = connection(8);

        assertEquals("c1", connection.id());
        assertEquals("alice", connection.userId());
        assertEquals(LIFETIME, connection.lifetime());
        assertEquals("Connection[c1, user alice]", connection.toString());
    }

    @Test
    void anOperatorsCloseReachesTheTransportWithItsCodeAndReason() {
        Connection connection = connection(8);

        connection.close(new Closure(4003, "moved to another shard"));

        assertEquals(List.of(new Closure(4003, "moved to another shard")), transport.closures());
        assertEquals(List.of(connection), closed);
    }

    @Test
    void aConnectionRemembersTheCloseTheGatewaySentButNotThePeers() {
        Connection byGateway = connection(8);
        Connection byPeer = connection(8);

        byGateway.close(CloseCode.HEARTBEAT_TIMEOUT);
        byPeer.closedByPeer();
        byPeer.close(CloseCode.NORMAL);

        assertEquals(Optional.of(CloseCode.HEARTBEAT_TIMEOUT.closure()), byGateway.sentClosure());
        assertEquals(Optional.empty(), byPeer.sentClosure());
    }

    @Test
    void closeClosesTheTransportAndRunsOnClosedOnce() {
        Connection connection = connection(8);

        connection.close(CloseCode.NORMAL);
        connection.close(CloseCode.SERVER_ERROR);
        connection.closedByPeer();

        assertTrue(connection.isClosed());
        assertEquals(List.of(CloseCode.NORMAL), transport.closes());
        assertEquals(List.of(connection), closed);
    }

    @Test
    void closeByThePeerRunsOnClosedOnceWithoutClosingTheTransport() {
        Connection connection = connection(8);

        connection.closedByPeer();
        connection.closedByPeer();
        connection.close(CloseCode.NORMAL);

        assertTrue(connection.isClosed());
        assertEquals(List.of(), transport.closes());
        assertEquals(List.of(connection), closed);
    }

    @Test
    void closeRunsOnClosedEvenWhenTheTransportFailsToClose() {
        transport.failClosesWith(new IllegalStateException("already gone"));
        Connection connection = connection(8);

        connection.close(CloseCode.NORMAL);

        assertEquals(List.of(connection), closed);
    }

    @Test
    void refusesFramesAfterClose() {
        Connection connection = connection(8);
        assertTrue(connection.send("before"));

        connection.close(CloseCode.NORMAL);

        assertFalse(connection.send("after"));
        assertEquals(List.of("before"), transport.sent());
    }

    @Test
    void overflowClosesAsSlowConsumer() {
        transport.holdCompletions();
        Connection connection = connection(2);

        assertTrue(connection.send("1"));
        assertTrue(connection.send("2"));
        assertTrue(connection.send("3"));
        assertFalse(connection.send("4"));

        assertEquals(List.of(CloseCode.SLOW_CONSUMER), transport.closes());
        assertEquals(List.of(connection), closed);
        assertEquals(0, connection.queuedFrames());
    }

    @Test
    void failedSendClosesWithServerError() {
        transport.holdCompletions();
        Connection connection = connection(8);
        connection.send("1");

        transport.completeNext(new IOException("reset by peer"));

        assertEquals(List.of(CloseCode.SERVER_ERROR), transport.closes());
        assertEquals(List.of(connection), closed);
    }

    @Test
    void pingsOnlyWhenAHeartbeatIntervalHasPassed() {
        Connection connection = connection(8);

        connection.heartbeat(HEARTBEAT_NANOS - 1, HEARTBEAT_NANOS);
        assertEquals(0, transport.pings());
        connection.heartbeat(HEARTBEAT_NANOS, HEARTBEAT_NANOS);
        assertEquals(1, transport.pings());
        connection.heartbeat(2 * HEARTBEAT_NANOS - 1, HEARTBEAT_NANOS);
        assertEquals(1, transport.pings());
        connection.heartbeat(2 * HEARTBEAT_NANOS, HEARTBEAT_NANOS);
        assertEquals(2, transport.pings());
    }

    @Test
    void aSendStuckForTheSendTimeoutClosesAsSlowConsumer() {
        transport.holdCompletions();
        Connection connection = connection(8);
        connection.send("stuck");

        connection.noteSendProgress(SEND_TIMEOUT_NANOS - 1);
        assertEquals(List.of(), transport.closes());
        connection.noteSendProgress(SEND_TIMEOUT_NANOS);

        assertEquals(List.of(CloseCode.SLOW_CONSUMER), transport.closes());
        assertEquals(List.of(connection), closed);
    }

    @Test
    void anUnansweredPingForSentFramesClosesAsSlowConsumerAfterTheSendTimeout() {
        Connection connection = connection(8);
        connection.send("taken by the container at once");
        connection.heartbeat(HEARTBEAT_NANOS, HEARTBEAT_NANOS);
        connection.noteSendProgress(HEARTBEAT_NANOS);

        connection.noteSendProgress(HEARTBEAT_NANOS + SEND_TIMEOUT_NANOS);

        assertEquals(List.of(CloseCode.SLOW_CONSUMER), transport.closes());
    }

    @Test
    void aPongConfirmsTheSentFramesAndKeepsTheConnection() {
        Connection connection = connection(8);
        connection.send("taken by the container at once");
        connection.heartbeat(HEARTBEAT_NANOS, HEARTBEAT_NANOS);
        connection.noteSendProgress(HEARTBEAT_NANOS);

        connection.ponged(ByteBuffer.allocate(Long.BYTES).putLong(0, transport.lastPing()), HEARTBEAT_NANOS + 1);
        connection.noteSendProgress(HEARTBEAT_NANOS + SEND_TIMEOUT_NANOS);

        assertEquals(List.of(), transport.closes());
        assertEquals(HEARTBEAT_NANOS + 1, connection.lastSeenNanos(), "a pong is traffic");
    }

    @Test
    void aQuietConnectionThatOwesNothingStaysOpen() {
        Connection connection = connection(8);
        connection.send("delivered");

        connection.noteSendProgress(SEND_TIMEOUT_NANOS);
        connection.noteSendProgress(10 * SEND_TIMEOUT_NANOS);

        assertEquals(List.of(), transport.closes());
    }

    @Test
    void sendsThatKeepCompletingAreProgress() {
        transport.holdCompletions();
        Connection connection = connection(8);
        connection.send("1");
        connection.send("2");

        transport.completeNext();
        connection.noteSendProgress(SEND_TIMEOUT_NANOS - 1);
        connection.noteSendProgress(2 * SEND_TIMEOUT_NANOS - 2);

        assertEquals(List.of(), transport.closes());
    }

    @Test
    void touchRecordsTheLastTraffic() {
        Connection connection = connection(8);
        assertEquals(0, connection.lastSeenNanos());

        connection.touch(12_345);

        assertEquals(12_345, connection.lastSeenNanos());
    }

    @Test
    void roomsViewIsReadOnlyAndLive() {
        Connection connection = connection(8);
        Set<String> rooms = connection.rooms();

        assertTrue(connection.addRoom("chat"));
        assertFalse(connection.addRoom("chat"));

        assertEquals(Set.of("chat"), rooms);
        assertThrows(UnsupportedOperationException.class, () -> rooms.add("other"));
        assertTrue(connection.removeRoom("chat"));
        assertFalse(connection.removeRoom("chat"));
        assertEquals(Set.of(), rooms);
    }

    @Test
    void rateLimiterFollowsTheSettings() {
        Connection connection = connection(8);

        for (int i = 0; i < 40; i++) {
            assertEquals(0, connection.rateLimiter().tryAcquire(0));
        }
        assertEquals(50, connection.rateLimiter().tryAcquire(0));
        assertSame(connection.rateLimiter(), connection.rateLimiter());
    }

    @Test
    void framesBroadcastWhileTheFirstFrameIsBeingQueuedFollowIt() {
        Connection connection = connection(8);
        connection.holdBackUntilFirstFrame();

        connection.send("broadcast while opening");
        assertEquals(List.of(), transport.sent(), "nothing overtakes the first frame");
        connection.sendFirst("connected");
        connection.send("later");

        assertEquals(List.of("connected", "broadcast while opening", "later"), transport.sent());
    }
}
