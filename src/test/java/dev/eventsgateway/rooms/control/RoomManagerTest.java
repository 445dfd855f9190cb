package dev.eventsgateway.rooms.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.messaging.control.WiredNode;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.rooms.entity.Published;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomManagerTest {

    private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");

    private final WiredNode node =
            new WiredNode(new ConnectionSettings(Duration.ofSeconds(25), 512, 1000, 100, 0, 0), new RoomSettings(3, 5));
    private final Connections connections = node.connections;
    private final RoomManager rooms = node.rooms;

    private Connection open(String user, FakeTransport transport) {
        Connection connection = reserve(user, transport);
        connections.activate(connection);
        return connection;
    }

    private Connection reserve(String user, FakeTransport transport) {
        var caller = new Caller(user, RoomGrants.everyRoom(), Set.of(), DEADLINE);
        return connections.reserve(caller, WiredNode.LIFETIME, transport, 0).orElseThrow();
    }

    @Test
    void refusesARoomBeyondTheLimit() {
        Connection alice = open("alice", new FakeTransport());
        rooms.join(alice, "r1");
        rooms.join(alice, "r2");
        rooms.join(alice, "r3");

        assertEquals(JoinResult.TOO_MANY_ROOMS, rooms.join(alice, "r4"));

        assertFalse(rooms.isMember(alice, "r4"));
        assertEquals(Set.of("r1", "r2", "r3"), alice.rooms());
        assertEquals(3, rooms.roomCount());
        assertEquals(JoinResult.ALREADY_MEMBER, rooms.join(alice, "r1"));
        rooms.leave(alice, "r1");
        assertEquals(JoinResult.JOINED, rooms.join(alice, "r4"));
    }

    @Test
    void countsEveryJoinWithSinceByItsOutcome() {
        Connection alice = open("alice", new FakeTransport());
        Connection bob = open("bob", new FakeTransport());
        rooms.join(bob, "chat");
        rooms.broadcastToRoom("chat", "news", 1);

        JoinOutcome recovered = rooms.join(alice, "chat", Optional.of(new Position(WiredNode.EPOCH, 0)));
        rooms.leave(alice, "chat");
        rooms.join(alice, "chat", Optional.of(new Position("lost", 0)));
        rooms.leave(alice, "chat");
        rooms.join(alice, "chat", Optional.empty());

        assertEquals(JoinResult.JOINED, recovered.result());
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED), recovered.admission().orElseThrow().recovery());
        assertEquals(1, rooms.metrics.recoveries(RecoveryOutcome.RECOVERED));
        assertEquals(1, rooms.metrics.recoveries(RecoveryOutcome.EPOCH_CHANGED));
        assertEquals(0, rooms.metrics.recoveries(RecoveryOutcome.TOO_OLD));
    }

    @Test
    void keepsTheStateOfAnEmptiedRoomUntilItsHistoryExpired() {
        Connection alice = open("alice", new FakeTransport());
        rooms.join(alice, "chat");
        rooms.broadcastToRoom("chat", "news", 1);
        rooms.leave(alice, "chat");

        rooms.expireHistory();

        assertEquals(new Position(WiredNode.EPOCH, 1), rooms.history("chat", 5).position());
        assertEquals(1, rooms.history("chat", 5).publications().size());
        assertTrue(rooms.historyBytes() > 0);
    }

    @Test
    void emptyRoomsAreRemoved() {
        Connection alice = open("alice", new FakeTransport());
        Connection bob = open("bob", new FakeTransport());
        rooms.join(alice, "chat");
        rooms.join(bob, "chat");
        rooms.join(bob, "lobby");

        rooms.leave(alice, "chat");
        bob.close(CloseCode.NORMAL);

        assertEquals(0, rooms.roomCount());
        assertEquals(0, rooms.memberCount("chat"));
        assertEquals(0, rooms.membershipCount());
    }

    @Test
    void broadcastToRoomEncodesOnceForAllMembers() {
        List<FakeTransport> members = new ArrayList<>();
        for (String user : List.of("alice", "bob", "carol")) {
            FakeTransport transport = new FakeTransport();
            members.add(transport);
            rooms.join(open(user, transport), "chat");
        }
        FakeTransport outsider = new FakeTransport();
        rooms.join(open("dave", outsider), "lobby");
        members.forEach(FakeTransport::clearSent);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("headline", "hello");
        data.put("count", 3);

        Published published = rooms.broadcastToRoom("chat", "news", data);

        assertEquals(Published.handedOut(new Position(WiredNode.EPOCH, 1), 3), published);
        String first = members.get(0).lastSent();
        assertEquals("{\"event\":\"news\",\"data\":{\"headline\":\"hello\",\"count\":3},\"room\":\"chat\","
                + "\"epoch\":\"" + WiredNode.EPOCH + "\",\"offset\":1}", first);
        for (FakeTransport member : members) {
            assertEquals(1, member.sentCount());
            assertSame(first, member.lastSent());
        }
        assertEquals(List.of(), outsider.sent());
    }

    @Test
    void broadcastToAllEncodesOnceForEveryActiveConnection() {
        List<FakeTransport> transports = new ArrayList<>();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            FakeTransport transport = new FakeTransport();
            transports.add(transport);
            open(user, transport);
        }
        FakeTransport opening = new FakeTransport();
        reserve("eve", opening);

        Published published = rooms.broadcastToAll("maintenance", Map.of("inMinutes", 5));

        assertEquals(Optional.empty(), published.position(), "a push to everyone is in no room's order");
        assertEquals(OptionalInt.of(4), published.localRecipients());
        String first = transports.get(0).lastSent();
        assertEquals("{\"event\":\"maintenance\",\"data\":{\"inMinutes\":5}}", first);
        for (FakeTransport transport : transports) {
            assertSame(first, transport.lastSent());
        }
        assertEquals(List.of(), opening.sent());
    }

    @Test
    void broadcastToAnEmptyRoomReachesNobody() {
        FakeTransport a = new FakeTransport();
        open("alice", a);

        assertEquals(Published.handedOut(new Position(WiredNode.EPOCH, 1), 0),
                rooms.broadcastToRoom("empty", "news", "x"), "positioned and kept, handed to nobody");
        assertEquals(List.of(), a.sent());
    }

    @Test
    void broadcastRefusesABlankEventOrMissingRoom() {
        assertThrows(IllegalArgumentException.class, () -> rooms.broadcastToRoom("chat", " ", 1));
        assertThrows(IllegalArgumentException.class, () -> rooms.broadcastToAll(null, 1));
        assertThrows(NullPointerException.class, () -> rooms.broadcastToRoom(null, "news", 1));
    }

    @Test
    void publishSkipsTheExceptedConnection() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", b);
        rooms.join(alice, "chat");
        rooms.join(bob, "chat");
        a.clearSent();

        assertEquals(1, rooms.publish("chat", "frame", alice));
        assertEquals(1, rooms.publishToAll("all", bob));

        assertEquals(List.of("all"), a.sent());
        assertEquals(List.of("frame"), b.sent());
    }

    @Test
    void aMemberWhoseTransportThrowsDoesNotStopDeliveryToTheOthers() {
        List<FakeTransport> healthy = new ArrayList<>();
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            FakeTransport transport = new FakeTransport();
            healthy.add(transport);
            Connection connection = open("user" + i, transport);
            all.add(connection);
            rooms.join(connection, "chat");
        }
        FakeTransport broken = new FakeTransport();
        Connection brokenConnection = open("broken", broken);
        rooms.join(brokenConnection, "chat");
        broken.failSendsWith(new IllegalStateException("socket gone"));
        FakeTransport brokenOutsider = new FakeTransport().failSendsWith(new IllegalStateException("socket gone"));
        open("outsider", brokenOutsider);

        rooms.broadcastToRoom("chat", "news", 1);
        rooms.broadcastToAll("all-news", 2);

        for (FakeTransport transport : healthy) {
            assertTrue(transport.sent().contains("{\"event\":\"news\",\"data\":1,\"room\":\"chat\",\"epoch\":\""
                    + WiredNode.EPOCH + "\",\"offset\":1}"), transport.sent().toString());
            assertTrue(transport.sent().contains("{\"event\":\"all-news\",\"data\":2}"), transport.sent().toString());
        }
        assertEquals(List.of(CloseCode.SERVER_ERROR), broken.closes());
        assertEquals(List.of(CloseCode.SERVER_ERROR), brokenOutsider.closes());
        assertFalse(rooms.isMember(brokenConnection, "chat"));
        assertEquals(6, rooms.memberCount("chat"));
        assertTrue(all.stream().noneMatch(Connection::isClosed));
    }

    @Test
    void aNewRoomBeyondTheServerWideCapIsRefusedWhileExistingRoomsStayOpen() {
        List<Connection> owners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Connection owner = open("owner" + i, new FakeTransport());
            assertEquals(JoinResult.JOINED, rooms.join(owner, "room" + i));
            owners.add(owner);
        }
        Connection late = open("late", new FakeTransport());

        assertEquals(JoinResult.ROOM_LIMIT_REACHED, rooms.join(late, "room5"));
        assertEquals(JoinResult.JOINED, rooms.join(late, "room0"), "an existing room is never refused");
        assertEquals(5, rooms.roomCount());
        assertEquals(Set.of("room0"), late.rooms());

        rooms.leave(owners.get(4), "room4");
        assertEquals(JoinResult.JOINED, rooms.join(late, "room5"), "an emptied room frees its place");
        assertEquals(5, rooms.roomCount());
    }

    @Test
    void pushesRefuseTheGatewaysOwnEventNames() {
        for (String reserved : List.of("connected", "message", "ack", "error", "user:joined", "user:left",
                "server:stats", "token:expiring")) {
            var refused = assertThrows(ReservedEventException.class, () -> rooms.broadcastToRoom("chat", reserved, 1));
            assertTrue(refused.getMessage().contains("'" + reserved + "' is reserved"), refused.getMessage());
            assertThrows(ReservedEventException.class, () -> rooms.broadcastToAll(reserved, 1));
        }
        assertEquals(OptionalInt.of(0), rooms.broadcastToRoom("chat", "user:typing", 1).localRecipients(),
                "other names, colons included, are pushes");
    }
}
