package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.system.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM, each with its own {@link RedisBroker}, sharing a real redis-server. */
class RedisBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisServer redis;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startRedisAndTwoNodes() {
        assumeTrue("embedded".equals(System.getProperty("events.target", "embedded")),
                "runs once, with the embedded target: it needs no server");
        assumeTrue(RedisServer.available(), "redis-server is not installed (apt-get install redis-server)");
        redis = RedisServer.start("broker");
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
    void concurrentPublishesFromTwoNodesReachEveryMemberInTheSameOrder() throws Exception {
        List<FakeTransport> members = new ArrayList<>();
        for (ClusterNode node : List.of(nodeA, nodeB)) {
            for (int i = 0; i < 2; i++) {
                FakeTransport transport = new FakeTransport();
                assertEquals(JoinResult.JOINED, node.rooms.join(node.open("user" + i, transport), "chat"));
                members.add(transport);
            }
        }
        int each = 300;

        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> IntStream.range(0, each)
                .forEach(i -> nodeA.broker.publish("chat", "a" + i, null)));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> IntStream.range(0, each)
                .forEach(i -> nodeB.broker.publish("chat", "b" + i, null)));
        CompletableFuture.allOf(fromA, fromB).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await("every member got every frame", () -> members.stream().allMatch(m -> m.sentCount() == 2 * each));
        List<String> order = members.get(0).sent();
        for (FakeTransport member : members) {
            assertEquals(order, member.sent(), "one order for the room on every node");
        }
        assertEquals(each, order.stream().filter(frame -> frame.startsWith("a")).count());
    }

    @Test
    void aNodeFollowsARoomOnlyWhileItHasLocalMembers() {
        try (Observer observer = new Observer(redis.url())) {
            Connection first = nodeA.open("ann", new FakeTransport());
            Connection second = nodeA.open("amy", new FakeTransport());

            nodeA.rooms.join(first, "news");
            assertEquals(1, observer.subscribers("news"), "subscribed before the join returns");
            nodeA.rooms.join(second, "news");
            nodeA.rooms.leave(first, "news");
            assertEquals(1, observer.subscribers("news"), "still one member");

            nodeA.rooms.leave(second, "news");
            await("unsubscribed after the last member", () -> observer.subscribers("news") == 0);

            nodeB.rooms.join(nodeB.open("bob", new FakeTransport()), "news");
            assertEquals(1, observer.subscribers("news"), "only node B follows it now");
        }
    }

    @Test
    void aMessageToEveryoneAndAnAnnouncementSkipOnlyTheSenderOnItsNode() {
        FakeTransport senderTransport = new FakeTransport();
        FakeTransport neighbourTransport = new FakeTransport();
        FakeTransport remoteTransport = new FakeTransport();
        Connection sender = nodeA.open("sam", senderTransport);
        nodeA.open("sam", neighbourTransport);
        nodeB.open("rob", remoteTransport);

        assertEquals(2, nodeA.broker.publishToAll("hello-all", sender), "two nodes took it");

        await("delivered everywhere", () -> neighbourTransport.sent().contains("hello-all")
                && remoteTransport.sent().contains("hello-all"));
        assertFalse(senderTransport.sent().contains("hello-all"));

        Connection remote = nodeB.connections.all().iterator().next();
        nodeB.rooms.join(remote, "lobby");
        nodeA.rooms.join(sender, "lobby");
        nodeA.presence.join(nodeA.connections.find(idOtherThan(sender)).orElseThrow(), "lobby");
        await("the joiner's announcement reached the other node", () -> remoteTransport.sent().stream()
                .anyMatch(frame -> frame.contains("user:joined")));
        assertTrue(neighbourTransport.sent().stream().noneMatch(frame -> frame.contains("user:joined")),
                "the joiner is not told of its own join");
    }

    @Test
    void withRedisStoppedPublishingFailsRetryablyAndAfterItsRestartDeliveryResumesWithinFiveSeconds() {
        FakeTransport listener = new FakeTransport();
        nodeA.rooms.join(nodeA.open("lea", listener), "ops");
        nodeB.rooms.join(nodeB.open("ben", new FakeTransport()), "ops");

        redis.stop();

        var refused = assertThrows(DeliveryUnavailableException.class, () -> nodeB.broker.publish("ops", "lost", null));
        assertTrue(refused.retryAfterMs() > 0);
        assertThrows(DeliveryUnavailableException.class,
                () -> nodeA.rooms.join(nodeA.open("late", new FakeTransport()), "other"));

        redis.restart();
        Instant restarted = Instant.now();
        int[] probe = {0};
        await("delivery resumed", () -> {
            try {
                nodeB.broker.publish("ops", "probe-" + probe[0]++, null);
            } catch (DeliveryUnavailableException stillDown) {
                return false;
            }
            return listener.sent().stream().anyMatch(frame -> frame.startsWith("probe-"));
        });
        Duration resumed = Duration.between(restarted, Instant.now());
        assertTrue(resumed.compareTo(Duration.ofSeconds(5)) < 0, "resumed after " + resumed);
        assertFalse(listener.sent().contains("lost"));
    }

    @Test
    void aNodeIsUnavailableWhileRedisIsDownAndAvailableWithItsRoomsFollowedWithinFiveSecondsOfItsRestart() {
        FakeTransport member = new FakeTransport();
        nodeA.rooms.join(nodeA.open("ada", member), "status");
        assertTrue(nodeA.broker.isAvailable());

        redis.stop();
        await("unavailable without Redis", () -> !nodeA.broker.isAvailable());

        redis.restart();
        Instant restarted = Instant.now();
        await("available again", nodeA.broker::isAvailable);
        Duration back = Duration.between(restarted, Instant.now());
        assertTrue(back.compareTo(Duration.ofSeconds(5)) < 0, "available after " + back);
        try (Observer observer = new Observer(redis.url())) {
            assertEquals(1, observer.subscribers("status"), "the room is followed again once available");
        }
        nodeB.broker.publish("status", "after-restart", null);
        await("delivered after the restart", () -> member.sent().contains("after-restart"));
    }

    @Test
    void publicationsAndReceptionsAreCountedOncePerFrameAndFailuresApart() {
        FakeTransport onA = new FakeTransport();
        FakeTransport onB = new FakeTransport();
        nodeA.rooms.join(nodeA.open("cat", onA), "counted");
        nodeB.rooms.join(nodeB.open("cal", onB), "counted");
        long publishedBefore = nodeA.metrics.publishes();
        long receivedOnABefore = nodeA.metrics.receptions();
        long receivedOnBBefore = nodeB.metrics.receptions();
        long lagsOnBBefore = nodeB.metrics.lag().count();
        int frames = 7;

        IntStream.range(0, frames).forEach(i -> nodeA.broker.publish("counted", "c" + i, null));
        nodeA.broker.publishToAll("c-all", null);

        await("every frame handed out on both nodes", () -> onA.sent().contains("c-all") && onB.sent().contains("c-all")
                && onA.sentCount() >= frames + 1 && onB.sentCount() >= frames + 1);
        assertEquals(frames + 1, nodeA.metrics.publishes() - publishedBefore);
        assertEquals(0, nodeA.metrics.publishFailures());
        assertEquals(frames + 1, nodeA.metrics.receptions() - receivedOnABefore, "its own frames come back once");
        assertEquals(frames + 1, nodeB.metrics.receptions() - receivedOnBBefore);
        assertEquals(0, nodeB.metrics.publishes(), "node B published nothing");
        assertEquals(frames + 1, nodeB.metrics.lag().count() - lagsOnBBefore, "one lag per reception");

        redis.stop();
        assertThrows(DeliveryUnavailableException.class, () -> nodeB.broker.publish("counted", "lost", null));
        assertEquals(1, nodeB.metrics.publishes());
        assertEquals(1, nodeB.metrics.publishFailures());
    }

    @Test
    void aNodeStartedBeforeRedisRefusesRetryablyAndConnectsOnceRedisAnswers() {
        try (RedisServer late = RedisServer.notStarted("late"); ClusterNode early = new ClusterNode(late.url())) {
            FakeTransport member = new FakeTransport();
            Connection connection = early.open("eve", member);

            assertThrows(DeliveryUnavailableException.class, () -> early.broker.publish("x", "frame", null));
            assertThrows(DeliveryUnavailableException.class, () -> early.rooms.join(connection, "x"));
            assertFalse(early.rooms.isMember(connection, "x"), "a refused join leaves no membership behind");

            late.restart();
            await("connected once Redis answers", early.broker::isConnected);
            assertEquals(JoinResult.JOINED, early.rooms.join(connection, "x"));
            early.broker.publish("x", "frame", null);
            await("delivered", () -> member.sent().contains("frame"));
        }
    }

    @Test
    void framesANodeMissedAreLoggedAndCountedFromTheRoomsSequence() {
        var warnings = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var logger = java.util.logging.Logger.getLogger(RedisBroker.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (Observer observer = new Observer(redis.url())) {
            FakeTransport member = new FakeTransport();
            nodeA.rooms.join(nodeA.open("gus", member), "gappy");
            nodeB.broker.publish("gappy", "first", null);
            observer.skipSequence("gappy", 2);
            nodeB.broker.publish("gappy", "after-the-gap", null);

            await("both delivered", () -> member.sent().contains("after-the-gap"));
            assertEquals(List.of("room gappy: 2 frames did not reach this node (sequence 4 after 1), "
                    + "published while its Redis subscription was down"), warnings);
            assertEquals(2, nodeA.metrics.missedFrames());
        } finally {
            logger.removeHandler(handler);
        }
    }

    private String idOtherThan(Connection sender) {
        return nodeA.connections.all().stream().map(Connection::id).filter(id -> !id.equals(sender.id()))
                .findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** A plain Redis client asking how many nodes follow a room. */
    private static final class Observer implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Observer(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
        }

        long subscribers(String room) {
            return connection.sync().pubsubNumsub(RedisChannels.room(room)).getOrDefault(RedisChannels.room(room), 0L);
        }

        void skipSequence(String room, long frames) {
            connection.sync().incrby(RedisChannels.sequence(room), frames);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
