package dev.eventsgateway.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.history.entity.HistoryRead;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.RecoveryOutcome;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.JoinOutcome;
import dev.eventsgateway.rooms.control.JoinResult;
import dev.eventsgateway.rooms.entity.Published;
import dev.eventsgateway.system.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM, each with its own {@link RedisBroker}, sharing a real redis-server. */
class RedisBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TwoNodes cluster;
    private RedisServer redis;
    private ClusterNode nodeA;
    private ClusterNode nodeB;

    @BeforeEach
    void startRedisAndTwoNodes() {
        cluster = TwoNodes.start("broker");
        redis = cluster.redis;
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
    void aPushSaysThePositionTheClusterGaveItAndNoCountOfItsOwn() {
        FakeTransport local = new FakeTransport();
        FakeTransport remote = new FakeTransport();
        nodeA.rooms.join(nodeA.open("pia", local), "pushed");
        nodeB.rooms.join(nodeB.open("pete", remote), "pushed");

        Published first = nodeA.rooms.broadcastToRoom("pushed", "order:shipped", 1);
        Published second = nodeB.rooms.broadcastToRoom("pushed", "order:shipped", 2);

        assertEquals(OptionalInt.empty(), first.localRecipients());
        Position placed = first.position().orElseThrow();
        assertEquals(new Position(placed.epoch(), placed.offset() + 1), second.position().orElseThrow(),
                "the room's next position, whichever node pushed");
        await("both pushes delivered on both nodes", () -> pushes(local).size() == 2 && pushes(remote).size() == 2);
        for (FakeTransport member : List.of(local, remote)) {
            JsonObject delivered = pushes(member).get(0);
            assertEquals(placed.epoch(), delivered.getString("epoch"));
            assertEquals(placed.offset(), delivered.getJsonNumber("offset").longValue());
        }
        assertEquals(Published.toAllNodes(), nodeB.rooms.broadcastToAll("maintenance", "22:00Z"));
    }

    @Test
    void aMessageToEveryoneAndAnAnnouncementSkipOnlyTheSenderOnItsNode() {
        FakeTransport senderTransport = new FakeTransport();
        FakeTransport neighbourTransport = new FakeTransport();
        FakeTransport remoteTransport = new FakeTransport();
        Connection sender = nodeA.open("sam", senderTransport);
        nodeA.open("sam", neighbourTransport);
        nodeB.open("rob", remoteTransport);

        assertEquals(Published.toAllNodes(), nodeA.broker.publishToAll("hello-all", sender),
                "accepted, no count known yet: each node hands it out as it arrives");

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
            nodeB.broker.publishPublication("gappy", news("first"));
            observer.skipSequence("gappy", 2);
            nodeB.broker.publishPublication("gappy", news("after-the-gap"));

            await("both delivered", () -> member.sent().stream().anyMatch(frame -> frame.contains("after-the-gap")));
            assertEquals(List.of("room gappy: 2 publications did not reach this node live (offset 4 after 1), "
                    + "published while its Redis subscription was down, and are not in the room's history"), warnings);
            assertEquals(2, nodeA.metrics.missedFrames());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void publicationsMissedWhileANodesSubscriptionWasDownAreHandedOutFromTheHistoryInOrderBeforeTheNextOne() {
        FakeTransport member = new FakeTransport();
        nodeB.rooms.join(nodeB.open("kim", member), "cut");
        nodeA.broker.publishPublication("cut", news("before"));
        await("delivered live", () -> member.sentCount() == 1);

        try (Observer observer = new Observer(redis.url())) {
            observer.dropSubscribers();
            await("node B lost its subscription", () -> !nodeB.broker.isConnected());
            // Lettuce reconnects after its fixed delay; the publications in between reach node B only through history.
            for (int i = 1; i <= 3; i++) {
                nodeA.broker.publishPublication("cut", news("while-cut-" + i));
            }
        }
        await("node B follows its rooms again", nodeB.broker::isAvailable);
        nodeA.broker.publishPublication("cut", news("after"));

        await("every publication delivered", () -> member.sentCount() == 5);
        assertEquals(List.of("before", "while-cut-1", "while-cut-2", "while-cut-3", "after"),
                member.sent().stream().map(frame -> json(frame).getString("data")).toList());
        assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(),
                member.sent().stream().map(frame -> json(frame).getJsonNumber("offset").longValue()).toList());
        assertEquals(0, nodeB.metrics.missedFrames());
    }

    @Test
    void afterRedisLostTheRoomANodeThatWasCutOffHandsOutTheNewEpochFromItsStart() {
        FakeTransport member = new FakeTransport();
        nodeB.rooms.join(nodeB.open("lou", member), "lost");
        nodeA.broker.publishPublication("lost", news("old"));
        await("delivered live", () -> member.sentCount() == 1);

        try (Observer observer = new Observer(redis.url())) {
            observer.flushAll();
            observer.dropSubscribers();
            await("node B lost its subscription", () -> !nodeB.broker.isConnected());
            nodeA.broker.publishPublication("lost", news("new-1"));
            nodeA.broker.publishPublication("lost", news("new-2"));
        }
        await("node B follows its rooms again", nodeB.broker::isAvailable);
        nodeA.broker.publishPublication("lost", news("new-3"));

        await("every publication delivered", () -> member.sentCount() == 4);
        List<JsonObject> frames = member.sent().stream().map(RedisBrokerIT::json).toList();
        assertEquals(List.of("old", "new-1", "new-2", "new-3"), frames.stream().map(f -> f.getString("data")).toList());
        assertEquals(List.of(1L, 1L, 2L, 3L), frames.stream().map(f -> f.getJsonNumber("offset").longValue()).toList());
        assertEquals(1, frames.stream().skip(1).map(f -> f.getString("epoch")).distinct().count(), "one new epoch");
        assertFalse(frames.get(0).getString("epoch").equals(frames.get(1).getString("epoch")));
    }

    @Test
    void afterRedisLostPublicationsTheMembersThatReceivedThemGetEveryNewOneOnceUnderAnotherEpoch() {
        FakeTransport onB = new FakeTransport();
        FakeTransport onA = new FakeTransport();
        nodeB.rooms.join(nodeB.open("max", onB), "forgot");
        nodeA.rooms.join(nodeA.open("ida", onA), "forgot");
        for (int i = 1; i <= 5; i++) {
            nodeA.broker.publishPublication("forgot", news("old-" + i));
        }
        await("both members have offsets 1 to 5", () -> onB.sentCount() == 5 && onA.sentCount() == 5);
        String epoch = json(onB.sent().get(4)).getString("epoch");

        try (Observer observer = new Observer(redis.url())) {
            // What a failover to a replica that lacked the last two leaves: the sequence and history of offset 3.
            observer.forgetAfter("forgot", 3);
        }
        nodeA.broker.publishPublication("forgot", news("new-1"));
        nodeA.broker.publishPublication("forgot", news("new-2"));
        nodeB.broker.publishPublication("forgot", news("new-3"));

        await("both members have the three new ones", () -> onB.sentCount() == 8 && onA.sentCount() == 8);
        for (FakeTransport member : List.of(onB, onA)) {
            List<JsonObject> frames = member.sent().stream().map(RedisBrokerIT::json).toList();
            assertEquals(List.of("old-1", "old-2", "old-3", "old-4", "old-5", "new-1", "new-2", "new-3"),
                    frames.stream().map(frame -> frame.getString("data")).toList());
            assertEquals(8, frames.stream().map(frame -> frame.getString("epoch") + "|" + frame.getJsonNumber("offset"))
                    .distinct().count(), "no position given twice");
            assertTrue(frames.stream().skip(5).noneMatch(frame -> epoch.equals(frame.getString("epoch"))),
                    "the new ones under another epoch");
        }
        assertEquals(2, nodeA.metrics.divergedRooms() + nodeB.metrics.divergedRooms());
        String renewed = nodeA.broker.history("forgot", 1).position().epoch();
        assertFalse(epoch.equals(renewed), "the room in Redis has a new epoch");
        JoinOutcome back = nodeB.rooms.join(nodeB.open("mo", new FakeTransport()), "forgot",
                Optional.of(new Position(epoch, 5)));
        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED), back.admission().orElseThrow().recovery());
    }

    @Test
    void aNodeThatReconnectsToARedisBehindItStartsTheRoomsNewEpochBeforeAnyOffsetIsGivenAgain() {
        FakeTransport member = new FakeTransport();
        nodeB.rooms.join(nodeB.open("ned", member), "behind");
        for (int i = 1; i <= 5; i++) {
            nodeA.broker.publishPublication("behind", news("old-" + i));
        }
        await("the member has offsets 1 to 5", () -> member.sentCount() == 5);
        String epoch = json(member.sent().get(4)).getString("epoch");

        try (Observer observer = new Observer(redis.url())) {
            observer.forgetAfter("behind", 3);
            observer.dropSubscribers();
            await("node B lost its subscription", () -> !nodeB.broker.isConnected());
        }
        await("node B found the room's sequence behind and started a new epoch",
                () -> nodeB.metrics.divergedRooms() == 1);
        nodeA.broker.publishPublication("behind", news("new-1"));

        await("the new one delivered", () -> member.sentCount() == 6);
        JsonObject latest = json(member.sent().get(5));
        assertEquals("new-1", latest.getString("data"));
        assertEquals(1, latest.getJsonNumber("offset").longValue(), "the new epoch from its start");
        assertFalse(epoch.equals(latest.getString("epoch")));
        assertEquals(nodeA.broker.history("behind", 1).position(), new Position(latest.getString("epoch"), 1),
                "the room's epoch in Redis, not one of node B's own");
    }

    @Test
    void aNodeCutOffWhileRedisGaveItsLastOffsetAgainNoticesItHandsOutTheOnesAfterAndStartsANewEpoch() {
        FakeTransport member = new FakeTransport();
        nodeB.rooms.join(nodeB.open("ora", member), "passed");
        for (int i = 1; i <= 5; i++) {
            nodeA.broker.publishPublication("passed", news("old-" + i));
        }
        await("the member has offsets 1 to 5", () -> member.sentCount() == 5);
        String epoch = json(member.sent().get(4)).getString("epoch");

        try (Observer observer = new Observer(redis.url())) {
            observer.forgetAfter("passed", 3);
            observer.dropSubscribers();
            await("node B lost its subscription", () -> !nodeB.broker.isConnected());
            // Offsets 4 to 6 while node B is cut off: 4 and 5 cannot be told from the ones it received.
            for (int i = 1; i <= 3; i++) {
                nodeA.broker.publishPublication("passed", news("new-" + i));
            }
        }
        await("node B noticed another publication at its last offset", () -> nodeB.metrics.divergedRooms() == 1);
        await("the one after its last offset handed out", () -> member.sentCount() == 6);
        await("the room in Redis has a new epoch",
                () -> !epoch.equals(nodeA.broker.history("passed", 1).position().epoch()));
        nodeA.broker.publishPublication("passed", news("new-4"));

        await("the next one delivered", () -> member.sentCount() == 7);
        List<JsonObject> frames = member.sent().stream().map(RedisBrokerIT::json).toList();
        assertEquals(List.of("old-1", "old-2", "old-3", "old-4", "old-5", "new-3", "new-4"),
                frames.stream().map(frame -> frame.getString("data")).toList());
        assertEquals(new Position(epoch, 6), new Position(frames.get(5).getString("epoch"),
                frames.get(5).getJsonNumber("offset").longValue()), "its position in Redis");
        Position renewed = nodeA.broker.history("passed", 1).position();
        assertEquals(renewed, new Position(frames.get(6).getString("epoch"),
                frames.get(6).getJsonNumber("offset").longValue()), "the new epoch from its start");
        assertEquals(1, renewed.offset());
    }

    // --- history and recovery ------------------------------------------------------------------------------------

    @Test
    void aJoinWithSinceOnAnotherNodeRecoversEveryOffsetOnceWhilePublicationsGoOn() throws Exception {
        FakeTransport stayer = new FakeTransport();
        nodeA.rooms.join(nodeA.open("sue", stayer), "busy");
        for (int i = 1; i <= 20; i++) {
            nodeA.broker.publishPublication("busy", news("before-" + i));
        }
        await("the stayer has the first twenty", () -> stayer.sentCount() == 20);
        String epoch = json(stayer.sent().get(0)).getString("epoch");
        FakeTransport joiner = new FakeTransport();
        Connection connection = nodeB.open("jon", joiner);

        CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> IntStream.rangeClosed(1, 100)
                .forEach(i -> nodeA.broker.publishPublication("busy", news("during-" + i))));
        JoinOutcome joined = nodeB.rooms.join(connection, "busy", Optional.of(new Position(epoch, 5)));
        meanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(Optional.of(RecoveryOutcome.RECOVERED), joined.admission().orElseThrow().recovery());
        await("the stayer has every publication", () -> stayer.sentCount() == 120);
        awaitQuietly(() -> joiner.sentCount() >= 115);
        List<Long> offsets = joiner.sent().stream().map(frame -> json(frame).getJsonNumber("offset").longValue())
                .toList();
        assertEquals(LongStream.rangeClosed(6, 120).boxed().toList(), offsets, "no gap, no duplicate, in order");
        assertTrue(joiner.sent().stream().allMatch(frame -> epoch.equals(json(frame).getString("epoch"))));
        assertEquals(stayer.sent().subList(5, 120), joiner.sent(), "exactly the frames the stayer received");
    }

    @Test
    void theFirstMemberOfANodeRecoversFromRedisAndAHistoryReadComesFromThere() {
        nodeA.rooms.join(nodeA.open("ann", new FakeTransport()), "stored");
        for (int i = 1; i <= 4; i++) {
            nodeA.broker.publishPublication("stored", news("kept-" + i));
        }
        FakeTransport joiner = new FakeTransport();
        Connection connection = nodeB.open("ben", joiner);
        HistoryRead read = nodeB.broker.history("stored", 2);
        String epoch = read.position().epoch();

        JoinOutcome joined = nodeB.rooms.join(connection, "stored", Optional.of(new Position(epoch, 1)));

        assertEquals(new Position(epoch, 4), read.position());
        assertEquals(List.of(4L - 1, 4L), read.publications().stream()
                .map(frame -> json(frame).getJsonNumber("offset").longValue()).toList());
        assertEquals(new Position(epoch, 4), joined.admission().orElseThrow().position());
        assertEquals(Optional.of(RecoveryOutcome.RECOVERED), joined.admission().orElseThrow().recovery());
        assertEquals(read.publications(), joiner.sent().subList(1, 3), "as members received them");
        assertEquals(3, joiner.sentCount());
        JoinOutcome unknown = nodeB.rooms.join(nodeB.open("bea", new FakeTransport()), "stored",
                Optional.of(new Position("no-such-epoch", 1)));
        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED), unknown.admission().orElseThrow().recovery());
    }

    @Test
    void aFlushedRedisStartsTheRoomsHistoryInANewEpoch() {
        FakeTransport member = new FakeTransport();
        nodeA.rooms.join(nodeA.open("fay", member), "flushed");
        nodeB.broker.publishPublication("flushed", news("one"));
        nodeB.broker.publishPublication("flushed", news("two"));
        await("both delivered", () -> member.sentCount() == 2);

        try (Observer observer = new Observer(redis.url())) {
            observer.flushAll();
        }
        nodeB.broker.publishPublication("flushed", news("three"));

        await("delivered after the flush", () -> member.sentCount() == 3);
        JsonObject before = json(member.sent().get(1));
        JsonObject after = json(member.sent().get(2));
        assertEquals(2, before.getJsonNumber("offset").longValue());
        assertEquals(1, after.getJsonNumber("offset").longValue(), "offsets start again");
        assertFalse(before.getString("epoch").equals(after.getString("epoch")), "a new epoch");
        JoinOutcome late = nodeB.rooms.join(nodeB.open("gil", new FakeTransport()), "flushed",
                Optional.of(new Position(before.getString("epoch"), 2)));
        assertEquals(Optional.of(RecoveryOutcome.EPOCH_CHANGED), late.admission().orElseThrow().recovery());
    }

    @Test
    void withRedisDownAJoinWithSinceAndAHistoryReadAreUnavailable() {
        nodeA.rooms.join(nodeA.open("hal", new FakeTransport()), "down");
        nodeA.broker.publishPublication("down", news("one"));
        redis.stop();
        Connection connection = nodeB.open("ida", new FakeTransport());

        assertThrows(DeliveryUnavailableException.class,
                () -> nodeB.rooms.join(connection, "down", Optional.of(new Position("e", 0))));
        assertFalse(nodeB.rooms.isMember(connection, "down"));
        assertThrows(DeliveryUnavailableException.class, () -> nodeA.broker.history("down", 5));
    }

    private static List<JsonObject> pushes(FakeTransport member) {
        return member.sent().stream().map(RedisBrokerIT::json)
                .filter(frame -> "order:shipped".equals(frame.getString("event", null))).toList();
    }

    private static String news(String text) {
        return WireFormat.frame("news", text);
    }

    private static JsonObject json(String frame) {
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    private String idOtherThan(Connection sender) {
        return nodeA.connections.all().stream().map(Connection::id).filter(id -> !id.equals(sender.id()))
                .findFirst().orElseThrow();
    }

    /** Waits as {@link #await} does, but leaves it to the assertions after it to say what is missing. */
    private static void awaitQuietly(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        TwoNodes.await(what, condition);
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

        /** Closes every pub/sub connection, as a network cut would; the nodes reconnect by themselves. */
        void dropSubscribers() {
            connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        }

        /** Sets the room's sequence back to {@code offset} and deletes the history after it, as a failover may. */
        void forgetAfter(String room, long offset) {
            long last = Long.parseLong(connection.sync().get(RedisChannels.sequence(room)));
            connection.sync().set(RedisChannels.sequence(room), String.valueOf(offset),
                    io.lettuce.core.SetArgs.Builder.keepttl());
            // Rebuilt rather than trimmed: a stream remembers its last id, and a replica's never saw the later ones.
            String history = RedisChannels.history(room);
            var kept = connection.sync().xrange(history, io.lettuce.core.Range.create("-", offset + "-1"));
            long ttl = connection.sync().pttl(history);
            assertEquals(last, offset + connection.sync().xlen(history) - kept.size());
            connection.sync().del(history);
            for (var entry : kept) {
                connection.sync().xadd(history, new io.lettuce.core.XAddArgs().id(entry.getId()), entry.getBody());
            }
            connection.sync().pexpire(history, ttl);
        }

        void flushAll() {
            connection.sync().flushall();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
