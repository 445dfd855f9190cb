package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.messaging.control.WiredNode;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.protocol.entity.UserConnections;
import dev.eventsgateway.system.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster-wide state two nodes in one JVM share through a real redis-server: presence, limits, liveness. */
class ClusterStateIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisServer redis;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startRedisAndTwoNodes() {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        redis = RedisServer.start("state");
        nodeA = new ClusterNode(redis.url());
        nodeB = new ClusterNode(redis.url());
        await("both nodes connected", () -> nodeA.broker.isConnected() && nodeB.broker.isConnected());
    }

    @AfterEach
    void stopEverything() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void presenceCountsEveryNodesMembersAndIsTheSameFromEachNode() {
        Connection aliceOnA = nodeA.open("alice", new FakeTransport());
        Connection aliceOnB = nodeB.open("alice", new FakeTransport());
        Connection bobOnB = nodeB.open("bob", new FakeTransport());
        Connection carolOnA = nodeA.open("carol", new FakeTransport());
        nodeA.presence.join(aliceOnA, "chat");
        nodeB.presence.join(aliceOnB, "chat");
        nodeB.presence.join(bobOnB, "chat");
        nodeA.presence.join(carolOnA, "chat");
        nodeA.presence.join(carolOnA, "other");

        Roster expected = new Roster(List.of(new UserConnections("alice", 2), new UserConnections("bob", 1),
                new UserConnections("carol", 1)), false);
        assertEquals(expected, nodeA.rooms.presence("chat", Roster.MAX_USERS));
        assertEquals(expected, nodeB.rooms.presence("chat", Roster.MAX_USERS));

        nodeB.presence.leave(aliceOnB, "chat");
        carolOnA.close(CloseCode.GOING_AWAY);
        Roster afterwards = new Roster(List.of(new UserConnections("alice", 1), new UserConnections("bob", 1)), false);
        await("the disconnect left the presence", () -> afterwards.equals(nodeB.rooms.presence("chat", 10)));
        assertEquals(afterwards, nodeA.rooms.presence("chat", 10));
        assertEquals(new Roster(List.of(new UserConnections("alice", 1)), true), nodeA.rooms.presence("chat", 1));
        assertEquals(new Roster(List.of(), false), nodeB.rooms.presence("other", 10));
    }

    @Test
    void aUsersConnectionsAreCountedOnEveryNodeTogether() {
        try (ClusterNode limitedA = new ClusterNode(redis.url(), 2);
             ClusterNode limitedB = new ClusterNode(redis.url(), 2)) {
            await("both limited nodes connected", () -> limitedA.broker.isConnected()
                    && limitedB.broker.isConnected());
            Connection first = limitedA.open("alice", new FakeTransport());
            limitedB.open("alice", new FakeTransport());

            assertTrue(reserve(limitedA, "alice").isEmpty(), "the second node holds alice's other connection");
            assertTrue(reserve(limitedB, "alice").isEmpty());
            assertTrue(reserve(limitedB, "bob").isPresent(), "another user is counted apart");
            assertEquals(1, limitedA.connections.reserved(), "the refused attempt took no slot on node A");

            first.close(CloseCode.NORMAL);
            await("the closed connection's slot is free on the other node",
                    () -> reserve(limitedB, "alice").isPresent());
        }
    }

    private static Optional<Connection> reserve(ClusterNode node, String user) {
        Caller caller = new Caller(user, RoomGrants.everyRoom(), Set.of(), WiredNode.EXPIRES);
        return node.connections.reserve(caller, WiredNode.LIFETIME, new FakeTransport(), 0);
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
