package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.HandshakeOutcome;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.connections.control.Refusals;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest {

    private static final int MEMBERS = 3000;

    private final WiredNode node =
            new WiredNode(new ConnectionSettings(Duration.ofSeconds(25), 1, 100_000, 10, 0, 0), new RoomSettings(10, 10));
    private final Connections connections = node.connections;
    private final RoomManager rooms = node.rooms;
    private final ConnectionLifecycle lifecycle = new ConnectionLifecycle(connections, Tokens.VERIFIER, new Refusals());

    @Test
    void slowMembersClosedByOneBroadcastLeaveOneAfterAnotherWithoutNesting() {
        List<FakeTransport> transports = new ArrayList<>();
        List<Connection> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            FakeTransport transport = new FakeTransport();
            Connection member = open("member-" + i, transport);
            rooms.join(member, "busy");
            transports.add(transport);
            members.add(member);
        }
        transports.forEach(FakeTransport::holdCompletions);
        rooms.broadcastToRoom("busy", "fill", 1);
        rooms.broadcastToRoom("busy", "fill", 2);

        // Every member is full now: this frame closes the first, whose user:left closes the next, and so on.
        rooms.broadcastToRoom("busy", "overflow", 3);

        assertTrue(members.stream().allMatch(Connection::isClosed), "every stalled member was closed");
        assertTrue(transports.stream().allMatch(t -> t.closes().equals(List.of(CloseCode.SLOW_CONSUMER))));
        assertEquals(0, rooms.roomCount(), "no member is left behind in the room");
        assertEquals(0, connections.reserved());
    }

    @Test
    void onlyAcceptedHandshakesAreTimedFromTheirStartToTheConnectedFrame() {
        long started = System.nanoTime();
        open("alice", new FakeTransport());
        lifecycle.open(new HandshakeOutcome.Rejected("bad signature"), new FakeTransport(), started, 0);
        long bound = System.nanoTime() - started;

        var durations = lifecycle.metrics.handshakeDurations();
        assertEquals(1, durations.count(), "the refused handshake is not timed");
        assertTrue(durations.sumNanos() > 0 && durations.sumNanos() <= bound, durations.sumNanos() + " ns");
    }

    private Connection open(String user, FakeTransport transport) {
        var caller = new Caller(user, RoomGrants.everyRoom(), Set.of(), Instant.now().plusSeconds(3600));
        return lifecycle.open(new HandshakeOutcome.Authenticated(caller), transport, System.nanoTime(), 0)
                .orElseThrow();
    }
}
