package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.JoinOutcome;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.rooms.entity.Published;
import dev.eventsgateway.system.RedisServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM on a Redis Cluster of three masters: rooms spread over the shards, each room's frames cross
 * nodes through its sharded channel on the shard of its keys, in one order, and history and recovery work there.
 */
class RedisClusterBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> ROOMS = IntStream.range(0, 12).mapToObj(i -> "room-" + i).toList();

    private TwoNodes cluster;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startRedisClusterAndTwoNodes() {
        cluster = TwoNodes.startOnRedisCluster("broker");
        nodeA = cluster.a;
        nodeB = cluster.b;
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void roomsOnEveryShardCarryConcurrentPublicationsFromBothNodesInOneOrderThroughShardedChannels() throws Exception {
        Map<String, List<FakeTransport>> members = new java.util.LinkedHashMap<>();
        for (String room : ROOMS) {
            List<FakeTransport> inRoom = new ArrayList<>();
            for (ClusterNode node : List.of(nodeA, nodeB)) {
                FakeTransport transport = new FakeTransport();
                assertEquals(JoinResult.JOINED, node.rooms.join(node.open("user-" + room, transport), room));
                inRoom.add(transport);
            }
            members.put(room, inRoom);
        }
        for (RedisServer master : cluster.redisCluster.masters()) {
            String sharded = master.query("PUBSUB", "SHARDCHANNELS");
            assertTrue(sharded != null && sharded.contains("eg:{room-"),
                    "every shard carries some of the rooms' sharded channels: " + sharded);
            assertEquals("0", master.query("PUBSUB", "NUMPAT"));
            assertFalse(String.valueOf(master.query("PUBSUB", "CHANNELS")).contains("eg:{room-"),
                    "no room uses a classic channel, which would go to every shard");
        }
        int each = 50;

        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> IntStream.range(0, each)
                .forEach(i -> ROOMS.forEach(room -> nodeA.broker.publishPublication(room, news("a" + i)))));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> IntStream.range(0, each)
                .forEach(i -> ROOMS.forEach(room -> nodeB.broker.publishPublication(room, news("b" + i)))));
        CompletableFuture.allOf(fromA, fromB).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);

        await("every member got every publication of its room",
                () -> members.values().stream().flatMap(List::stream).allMatch(m -> m.sentCount() == 2 * each));
        for (List<FakeTransport> inRoom : members.values()) {
            assertEquals(inRoom.get(0).sent(), inRoom.get(1).sent(), "one order for the room on both nodes");
            assertEquals(LongStream.rangeClosed(1, 2L * each).boxed().toList(), inRoom.get(0).sent().stream()
                    .map(frame -> json(frame).getJsonNumber("offset").longValue()).toList());
        }
    }

    @Test
    void announcementsAndMessagesToEveryoneCrossNodesAndAPushTakesTheRoomsNextPosition() {
        FakeTransport local = new FakeTransport();
        FakeTransport remote = new FakeTransport();
        Connection pia = nodeA.open("pia", local);
        nodeB.presence.join(nodeB.open("pete", remote), "pushed");
        nodeA.presence.join(pia, "pushed");
        await("pia's join announced on node B", () -> remote.sent().stream()
                .anyMatch(frame -> frame.contains("user:joined") && frame.contains("pia")));

        Published first = nodeA.rooms.broadcastToRoom("pushed", "order:shipped", 1);
        Published second = nodeB.rooms.broadcastToRoom("pushed", "order:shipped", 2);
        Position placed = first.position().orElseThrow();
        assertEquals(new Position(placed.epoch(), placed.offset() + 1), second.position().orElseThrow());
        await("both pushes on both nodes", () -> pushes(local) == 2 && pushes(remote) == 2);

        assertEquals(Published.toAllNodes(), nodeA.broker.publishToAll("hello-all", pia));
        await("to everyone, on the other node", () -> remote.sent().contains("hello-all"));
        assertFalse(local.sent().contains("hello-all"), "the sender is skipped");
    }

    @Test
    void aJoinWithSinceOnTheOtherNodeRecoversFromTheShardsHistory() {
        FakeTransport stayer = new FakeTransport();
        nodeA.rooms.join(nodeA.open("sue", stayer), "kept");
        for (int i = 1; i <= 6; i++) {
            nodeA.broker.publishPublication("kept", news("kept-" + i));
        }
        await("delivered", () -> stayer.sentCount() == 6);
        String epoch = json(stayer.sent().get(0)).getString("epoch");
        FakeTransport joiner = new FakeTransport();

        JoinOutcome joined = nodeB.rooms.join(nodeB.open("jon", joiner), "kept", Optional.of(new Position(epoch, 2)));

        assertEquals(Optional.of(RecoveryOutcome.RECOVERED), joined.admission().orElseThrow().recovery());
        assertEquals(stayer.sent().subList(2, 6), joiner.sent(), "the four after offset 2, as the stayer got them");
        assertEquals(4, nodeB.broker.history("kept", 4).publications().size());
    }

    private static int pushes(FakeTransport member) {
        return (int) member.sent().stream().filter(frame -> frame.contains("order:shipped")).count();
    }

    private static String news(String text) {
        return WireFormat.frame("news", text);
    }

    private static JsonObject json(String frame) {
        return Json.createReader(new StringReader(frame)).readObject();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        TwoNodes.await(what, condition);
    }
}
