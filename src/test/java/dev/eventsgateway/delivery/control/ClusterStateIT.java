package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.messaging.control.WiredNode;
import dev.eventsgateway.protocol.entity.CloseCode;
import dev.eventsgateway.protocol.entity.Roster;
import dev.eventsgateway.protocol.entity.UserConnections;
import dev.eventsgateway.system.RedisServer;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    private TwoNodes cluster;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startRedisAndTwoNodes() {
        cluster = startNodes();
        nodeA = cluster.a;
        nodeB = cluster.b;
    }

    /** The nodes and the Redis they share: one redis-server here. */
    TwoNodes startNodes() {
        return TwoNodes.start("state");
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
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
        await("the disconnect left the presences", () -> afterwards.equals(nodeB.rooms.presence("chat", 10))
                && nodeB.rooms.presence("other", 10).users().isEmpty());
        assertEquals(afterwards, nodeA.rooms.presence("chat", 10));
        assertEquals(new Roster(List.of(new UserConnections("alice", 1)), true), nodeA.rooms.presence("chat", 1));
        assertEquals(new Roster(List.of(), false), nodeB.rooms.presence("other", 10));
    }

    @Test
    void aUsersConnectionsAreCountedOnEveryNodeTogether() {
        try (ClusterNode limitedA = new ClusterNode(cluster.url(), 2);
             ClusterNode limitedB = new ClusterNode(cluster.url(), 2)) {
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

    @Test
    void aNodeThatStopsBeatingIsTakenBackByOneSurvivorWhoseMembersHearOfEachDeparture() throws Exception {
        try (ClusterNode nodeC = new ClusterNode(cluster.url()); TwoNodes.Observer observer = cluster.observe()) {
            await("node C connected", nodeC.broker::isConnected);
            FakeTransport aliceTransport = new FakeTransport();
            FakeTransport daveTransport = new FakeTransport();
            nodeA.presence.join(nodeA.open("alice", aliceTransport), "chat");
            nodeC.presence.join(nodeC.open("dave", daveTransport), "chat");
            nodeB.presence.join(nodeB.open("bob", new FakeTransport()), "chat");
            nodeB.presence.join(nodeB.open("bob", new FakeTransport()), "chat");
            Connection carol = nodeB.open("carol", new FakeTransport());
            nodeB.presence.join(carol, "chat");
            nodeB.presence.join(carol, "news");
            assertEquals(2L, observer.commands().scard(RedisChannels.userConnections("bob")));

            // Node B stays connected but renews its liveness no more: to the others it is dead once its key expires.
            Instant silentSince = Instant.now();
            CompletableFuture<Void> beatsA = beatUntil(nodeA, () -> leftFor(aliceTransport).size() >= 3);
            CompletableFuture<Void> beatsC = beatUntil(nodeC, () -> leftFor(daveTransport).size() >= 3);
            CompletableFuture.allOf(beatsA, beatsC).get(WAIT.toSeconds() + RedisBroker.LIVENESS_TTL.toSeconds(),
                    TimeUnit.SECONDS);
            Duration noticed = Duration.between(silentSince, Instant.now());
            System.out.println("node B's departures announced " + noticed.toMillis() + " ms after its last beat");

            List<String> expected = List.of("bob", "bob", "carol");
            assertEquals(expected, leftFor(aliceTransport).stream().sorted().toList());
            assertEquals(expected, leftFor(daveTransport).stream().sorted().toList(),
                    "announced once, by one of the two survivors");
            assertTrue(noticed.compareTo(RedisBroker.LIVENESS_TTL.plusSeconds(2)) < 0, noticed.toString());
            Roster survivors = new Roster(List.of(new UserConnections("alice", 1), new UserConnections("dave", 1)),
                    false);
            assertEquals(survivors, nodeA.rooms.presence("chat", 10));
            assertEquals(survivors, nodeC.rooms.presence("chat", 10));
            assertEquals(new Roster(List.of(), false), nodeC.rooms.presence("news", 10));
            assertEquals(0L, observer.commands().scard(RedisChannels.userConnections("bob")), "bob's slots are free");
            assertEquals(0L, observer.commands().exists(RedisChannels.nodeMembers(nodeB.broker.nodeId()),
                    RedisChannels.nodeConnections(nodeB.broker.nodeId())));
        }
    }

    @Test
    void aNodeThatStopsTakesBackItsEntriesWithoutAnnouncingAnyDeparture() {
        FakeTransport aliceTransport = new FakeTransport();
        nodeA.presence.join(nodeA.open("alice", aliceTransport), "chat");
        nodeB.presence.join(nodeB.open("bob", new FakeTransport()), "chat");
        assertEquals(2, nodeA.rooms.presence("chat", 10).users().size());

        nodeB.close();
        nodeB = null;

        assertEquals(new Roster(List.of(new UserConnections("alice", 1)), false), nodeA.rooms.presence("chat", 10));
        nodeA.presence.beat();
        nodeA.presence.beat();
        assertEquals(List.of(), leftFor(aliceTransport), "a stop announces nothing");
        try (ClusterNode limited = new ClusterNode(cluster.url(), 1)) {
            await("node connected", limited.broker::isConnected);
            assertTrue(reserve(limited, "bob").isPresent(), "bob's slot on the stopped node is free");
        }
    }

    @Test
    void aLiveNodeTakenForDeadWritesItsConnectionsBackAtItsNextBeat() throws Exception {
        FakeTransport bobTransport = new FakeTransport();
        nodeA.presence.join(nodeA.open("alice", new FakeTransport()), "chat");
        nodeB.presence.join(nodeB.open("bob", bobTransport), "chat");

        // Node A is silent (as if cut off from Redis) until node B takes it for dead.
        beatUntil(nodeB, () -> leftFor(bobTransport).contains("alice"))
                .get(WAIT.toSeconds() + RedisBroker.LIVENESS_TTL.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of("alice"), leftFor(bobTransport));
        assertEquals(new Roster(List.of(new UserConnections("bob", 1)), false), nodeB.rooms.presence("chat", 10));

        nodeA.presence.beat();

        Roster both = new Roster(List.of(new UserConnections("alice", 1), new UserConnections("bob", 1)), false);
        await("node A wrote alice back", () -> both.equals(nodeB.rooms.presence("chat", 10)));
        try (ClusterNode limited = new ClusterNode(cluster.url(), 1)) {
            await("node connected", limited.broker::isConnected);
            assertTrue(reserve(limited, "alice").isEmpty(), "alice's connection on node A counts again");
        }
    }

    private static CompletableFuture<Void> beatUntil(ClusterNode node, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(WAIT).plus(RedisBroker.LIVENESS_TTL);
        return CompletableFuture.runAsync(() -> {
            while (!done.getAsBoolean() && Instant.now().isBefore(deadline)) {
                node.presence.beat();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        });
    }

    private static List<String> leftFor(FakeTransport member) {
        return member.sent().stream().filter(frame -> frame.contains("\"user:left\""))
                .map(frame -> Json.createReader(new StringReader(frame)).readObject().getJsonObject("data")
                        .getString("userId"))
                .toList();
    }

    private static Optional<Connection> reserve(ClusterNode node, String user) {
        Caller caller = new Caller(user, RoomGrants.everyRoom(), Set.of(), WiredNode.EXPIRES);
        return node.connections.reserve(caller, WiredNode.LIFETIME, new FakeTransport(), 0);
    }

    static void await(String what, BooleanSupplier condition) {
        TwoNodes.await(what, condition);
    }
}
