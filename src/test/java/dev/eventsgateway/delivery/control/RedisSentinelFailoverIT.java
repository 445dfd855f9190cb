package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.system.RedisServer;
import dev.eventsgateway.system.RedisSentinelGroup;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM reaching Redis through a Sentinel URL: when the master is killed and the sentinel promotes the
 * replica, both nodes follow it and delivery resumes.
 */
class RedisSentinelFailoverIT {

    /** From the sentinel naming the new master to both nodes ready again (measured: 0.17 to 0.40 s). */
    static final Duration READY_AFTER_PROMOTION = Duration.ofSeconds(5);
    /** From the kill to the promotion: down-after 1 s, then the sentinel's failover (measured: 2.1 to 2.3 s). */
    private static final Duration PROMOTION = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisSentinelGroup redis;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startSentinelGroupAndTwoNodes() {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        redis = RedisSentinelGroup.start("sentinel");
        nodeA = new ClusterNode(redis.url());
        nodeB = new ClusterNode(redis.url());
        await("both nodes ready", WAIT, () -> nodeA.broker.isAvailable() && nodeB.broker.isAvailable());
    }

    @AfterEach
    void stopEverything() {
        try {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void theNodesDescribeTheSentinelsAndTheMasterWithoutAnotherAddress() {
        assertEquals("cluster through Redis Sentinel 127.0.0.1:" + redis.url().replaceAll(".*:(\\d+)#.*", "$1")
                + " master " + RedisSentinelGroup.MASTER, nodeA.broker.describe());
    }

    @Test
    void whenTheMasterIsKilledBothNodesFollowThePromotedReplicaAndARoomMessageCrossesThemAgain() {
        FakeTransport onA = new FakeTransport();
        FakeTransport onB = new FakeTransport();
        assertEquals(JoinResult.JOINED, nodeA.rooms.join(nodeA.open("ada", onA), "orders"));
        assertEquals(JoinResult.JOINED, nodeB.rooms.join(nodeB.open("bea", onB), "orders"));
        nodeA.rooms.broadcastToRoom("orders", "order:placed", "before");
        await("the message before the kill crossed to node B", WAIT, () -> received(onB, "before"));

        Instant killed = Instant.now();
        redis.killMaster();

        // Publishes from node A throughout the outage: each is accepted or refused retryably, nothing else.
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        boolean sawUnready = false;
        int attempt = 0;
        Instant promoted = null;
        Instant deadline = killed.plus(PROMOTION).plus(READY_AFTER_PROMOTION);
        while (!(promoted != null && nodeA.broker.isAvailable() && nodeB.broker.isAvailable())) {
            assertTrue(Instant.now().isBefore(deadline), "no failover followed by " + deadline + " (promoted at "
                    + promoted + ")");
            String text = "during-" + attempt++;
            try {
                Position position = nodeA.rooms.broadcastToRoom("orders", "order:placed", text).position()
                        .orElseThrow();
                assertTrue(position.offset() > 0);
                accepted.add(text);
            } catch (DeliveryUnavailableException e) {
                assertTrue(e.retryAfterMs() > 0, "retryable");
                refused++;
            }
            sawUnready |= !nodeA.broker.isAvailable() || !nodeB.broker.isAvailable();
            if (promoted == null && redis.masterPortNamedBySentinel() == redis.replica().port()) {
                promoted = Instant.now();
            }
            LockSupport.parkNanos(20_000_000);
        }
        Instant ready = Instant.now();
        Duration readyAfterPromotion = Duration.between(promoted, ready);

        nodeA.rooms.broadcastToRoom("orders", "order:placed", "after");
        await("the message after the failover reached node B's member", WAIT, () -> received(onB, "after"));
        Instant delivered = Instant.now();

        System.out.printf("sentinel failover: promoted %d ms after the kill, both nodes ready %d ms after the"
                        + " promotion, first message delivered %d ms after the kill; during the outage %d publishes"
                        + " refused retryably, %d accepted%n", Duration.between(killed, promoted).toMillis(),
                readyAfterPromotion.toMillis(), Duration.between(killed, delivered).toMillis(), refused,
                accepted.size());
        assertTrue(refused > 0, "the outage was seen: publishes were refused while no master answered");
        assertTrue(sawUnready, "readiness went down with the master");
        assertTrue(readyAfterPromotion.compareTo(READY_AFTER_PROMOTION) < 0,
                "ready " + readyAfterPromotion + " after the promotion");
        // An accepted publication is in the new master's stream: none was taken and then lost.
        List<String> kept = nodeB.broker.history("orders", 1_000).publications();
        for (String text : accepted) {
            assertTrue(kept.stream().anyMatch(frame -> frame.contains('"' + text + '"')),
                    text + " was accepted but is not in the room's history");
        }
        assertTrue(received(onA, "after"), "the publisher's own member got it too");
        // Every publication acknowledged after the failover reached the other node's member, once each, in order.
        List<String> acknowledged = new ArrayList<>(accepted);
        acknowledged.add("after");
        await("every acknowledged publication reached node B's member", WAIT,
                () -> acknowledged.stream().allMatch(text -> received(onB, text)));
        assertEquals(acknowledged, onB.sent().stream().map(RedisSentinelFailoverIT::text)
                .filter(acknowledged::contains).toList());
        assertEquals(onB.sentCount(), onB.sent().stream().map(RedisSentinelFailoverIT::position).distinct().count(),
                "no position given twice");
    }

    private static String text(String frame) {
        return Json.createReader(new StringReader(frame)).readObject().getString("data", "");
    }

    private static String position(String frame) {
        JsonObject json = Json.createReader(new StringReader(frame)).readObject();
        return json.getString("epoch") + "|" + json.getJsonNumber("offset");
    }

    @Test
    void whenTheReplicaLackedTheLastPublicationsEveryOneAcknowledgedAfterTheFailoverReachesBothMembersOnce() {
        FakeTransport onA = new FakeTransport();
        FakeTransport onB = new FakeTransport();
        assertEquals(JoinResult.JOINED, nodeA.rooms.join(nodeA.open("cy", onA), "lossy"));
        assertEquals(JoinResult.JOINED, nodeB.rooms.join(nodeB.open("di", onB), "lossy"));
        for (int i = 1; i <= 3; i++) {
            nodeA.rooms.broadcastToRoom("lossy", "order:placed", "kept-" + i);
        }
        await("both members have the first three", WAIT, () -> onA.sentCount() == 3 && onB.sentCount() == 3);

        // A paused replica reads nothing from its master: the master acknowledges the next two, then dies.
        try (RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redis.replica().port()));
             StatefulRedisConnection<String, String> replica = client.connect()) {
            replica.sync().clientPause(1_000);
        }
        nodeA.rooms.broadcastToRoom("lossy", "order:placed", "lost-1");
        nodeA.rooms.broadcastToRoom("lossy", "order:placed", "lost-2");
        await("both members have the two the replica lacks", WAIT, () -> onA.sentCount() == 5 && onB.sentCount() == 5);
        redis.killMaster();
        // Both nodes follow the new master before anyone publishes: a node still cut off while the other publishes
        // cannot tell the new publications at its last offsets from the lost ones (docs/deployment.md, Sentinel).
        redis.awaitReplicaPromoted(PROMOTION);
        await("both nodes ready after the promotion", READY_AFTER_PROMOTION,
                () -> nodeA.broker.isAvailable() && nodeB.broker.isAvailable());

        List<String> acknowledged = new ArrayList<>();
        Instant deadline = Instant.now().plus(READY_AFTER_PROMOTION);
        int attempt = 0;
        while (acknowledged.size() < 6) {
            assertTrue(Instant.now().isBefore(deadline), "no failover followed by " + deadline);
            ClusterNode publisher = attempt % 2 == 0 ? nodeA : nodeB;
            String text = "new-" + attempt++;
            try {
                publisher.rooms.broadcastToRoom("lossy", "order:placed", text);
                acknowledged.add(text);
            } catch (DeliveryUnavailableException e) {
                LockSupport.parkNanos(50_000_000);
            }
        }

        for (FakeTransport member : List.of(onA, onB)) {
            await("every acknowledged publication reached the member", WAIT,
                    () -> acknowledged.stream().allMatch(text -> received(member, text)));
            assertEquals(acknowledged, member.sent().stream().map(RedisSentinelFailoverIT::text)
                    .filter(acknowledged::contains).toList(), "once each, in the order acknowledged");
            assertEquals(member.sentCount(), member.sent().stream().map(RedisSentinelFailoverIT::position).distinct()
                    .count(), "no position given twice");
        }
        assertTrue(nodeA.metrics.divergedRooms() + nodeB.metrics.divergedRooms() > 0, "the loss was noticed");
    }

    private static boolean received(FakeTransport member, String text) {
        return member.sent().stream().anyMatch(frame -> frame.contains('"' + text + '"'));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
