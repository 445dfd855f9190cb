package dev.eventsgateway.messaging.control;

import static dev.eventsgateway.messaging.control.PresenceFrames.joined;
import static dev.eventsgateway.messaging.control.PresenceFrames.left;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Joins, leaves and disconnects tell the other members, and only them. */
class RoomPresenceTest {

    private final WiredNode node =
            new WiredNode(new ConnectionSettings(Duration.ofSeconds(25), 512, 1000, 100, 0, 0), new RoomSettings(3, 5));
    private final RoomManager rooms = node.rooms;
    private final RoomPresence presence = node.presence;

    private Connection open(String user, FakeTransport transport) {
        return node.open(new Caller(user, RoomGrants.everyRoom(), Set.of(), WiredNode.EXPIRES), transport);
    }

    @Test
    void joinNotifiesTheOtherMembersOnly() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        FakeTransport outsider = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", b);
        open("carol", outsider);

        assertEquals(JoinResult.JOINED, presence.join(alice, "chat"));
        assertEquals(List.of(), a.sent());
        assertEquals(JoinResult.JOINED, presence.join(bob, "chat"));

        assertEquals(List.of(joined("bob", "chat")), a.sent());
        assertEquals(List.of(), b.sent());
        assertEquals(List.of(), outsider.sent());
        assertTrue(rooms.isMember(alice, "chat"));
        assertTrue(rooms.isMember(bob, "chat"));
        assertEquals(Set.of("chat"), bob.rooms());
        assertEquals(2, rooms.memberCount("chat"));
    }

    @Test
    void joiningTwiceIsAlreadyMemberWithoutASecondNotification() {
        FakeTransport a = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", new FakeTransport());
        presence.join(alice, "chat");
        presence.join(bob, "chat");

        assertEquals(JoinResult.ALREADY_MEMBER, presence.join(bob, "chat"));

        assertEquals(List.of(joined("bob", "chat")), a.sent());
        assertEquals(2, rooms.memberCount("chat"));
    }

    @Test
    void leaveNotifiesTheRemainingMembers() {
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        FakeTransport c = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", b);
        Connection carol = open("carol", c);
        presence.join(alice, "chat");
        presence.join(bob, "chat");
        presence.join(carol, "chat");
        a.clearSent();
        b.clearSent();
        c.clearSent();

        assertTrue(presence.leave(bob, "chat"));

        assertEquals(List.of(left("bob", "chat")), a.sent());
        assertEquals(List.of(left("bob", "chat")), c.sent());
        assertEquals(List.of(), b.sent());
        assertFalse(rooms.isMember(bob, "chat"));
        assertEquals(Set.of(), bob.rooms());
        assertEquals(2, rooms.memberCount("chat"));
    }

    @Test
    void leavingARoomOneIsNotInChangesNothing() {
        FakeTransport a = new FakeTransport();
        Connection alice = open("alice", a);
        Connection bob = open("bob", new FakeTransport());
        presence.join(alice, "chat");

        assertFalse(presence.leave(bob, "chat"));
        assertFalse(presence.leave(bob, "nowhere"));

        assertEquals(List.of(), a.sent());
        assertEquals(1, rooms.memberCount("chat"));
        assertEquals(1, rooms.roomCount());
    }

    @Test
    void disconnectLeavesEveryRoomAndTellsTheirMembers() {
        FakeTransport b = new FakeTransport();
        FakeTransport c = new FakeTransport();
        Connection alice = open("alice", new FakeTransport());
        Connection bob = open("bob", b);
        Connection carol = open("carol", c);
        presence.join(bob, "chat");
        presence.join(carol, "lobby");
        presence.join(alice, "chat");
        presence.join(alice, "lobby");
        b.clearSent();
        c.clearSent();

        alice.closedByPeer();

        assertEquals(List.of(left("alice", "chat")), b.sent());
        assertEquals(List.of(left("alice", "lobby")), c.sent());
        assertEquals(Set.of(), alice.rooms());
        assertFalse(rooms.isMember(alice, "chat"));
        assertFalse(rooms.isMember(alice, "lobby"));
        assertEquals(2, rooms.membershipCount());
    }

    @Test
    void aClosedConnectionJoinsNothingAndNobodyIsTold() {
        FakeTransport a = new FakeTransport();
        Connection alice = open("alice", a);
        presence.join(alice, "chat");
        Connection bob = open("bob", new FakeTransport());
        bob.closedByPeer();

        presence.join(bob, "chat");

        assertFalse(rooms.isMember(bob, "chat"));
        assertEquals(1, rooms.memberCount("chat"));
        assertEquals(List.of(), a.sent());
    }

}
