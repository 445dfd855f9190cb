package dev.eventsgateway.history.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.GatewayLauncher;
import dev.eventsgateway.system.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md sections 8.4 to 8.6 over real sockets: positions on room publications, recovery on a join with
 * {@code since} (all of it, in order, with live publications following without gap or duplicate), the reasons a
 * recovery fails, and the history request.
 */
@ExtendWith(GatewayExtension.class)
class RecoveryIT {

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MISSED = 50;
    private static final int LIVE = 30;

    /** A room no other test (or earlier run against the same server) has used. */
    private static String freshRoom(String purpose) {
        return purpose + "-" + Long.toString(System.nanoTime(), 36) + "-" + ROOMS.incrementAndGet();
    }

    @Test
    void aRejoiningMemberRecoversExactlyWhatItMissedThenLivePublicationsWhileOthersKeepPosting(Gateway gateway)
            throws Exception {
        String room = freshRoom("recover");
        try (TestClient bob = gateway.connected("bob"); TestClient carol = gateway.connected("carol");
             TestClient dave = gateway.connected("dave")) {
            bob.join(room);
            carol.join(room);
            dave.join(room);
            JsonObject last;
            try (TestClient alice = gateway.connected("alice")) {
                JsonObject joined = alice.join(room);
                assertEquals(0, joined.getJsonNumber("offset").longValue(), joined.toString());
                bob.say("before", room);
                last = nextPublication(alice, room);
                assertEquals(joined.getString("epoch"), last.getString("epoch"));
                assertEquals(1, last.getJsonNumber("offset").longValue());
            }
            // Taking turns (each waits for its ack) keeps the order and every poster within its rate-limit burst.
            for (int i = 0; i < MISSED; i++) {
                TestClient poster = i % 2 == 0 ? bob : carol;
                assertTrue(poster.say("missed-" + i, room).getBoolean("success"));
            }

            CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> IntStream.range(0, LIVE)
                    .forEach(i -> assertTrue(dave.say("live-" + i, room).getBoolean("success"))));
            try (TestClient alice = gateway.connected("alice")) {
                JsonObject ack = joinSince(alice, room, last.getString("epoch"), 1);
                meanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                bob.say("end", room);

                assertEquals(true, ack.getBoolean("recovered"), ack.toString());
                assertFalse(ack.containsKey("reason"), ack.toString());
                assertEquals(last.getString("epoch"), ack.getString("epoch"));
                long ackOffset = ack.getJsonNumber("offset").longValue();
                assertTrue(ackOffset >= 1 + MISSED, "the ack's offset covers what was missed: " + ack);

                List<JsonObject> received = publicationsUntil(alice, room, "end");
                List<String> contents = received.stream()
                        .map(frame -> frame.getJsonObject("data").getString("content")).toList();
                assertEquals(MISSED + LIVE + 1, received.size(), "every offset after since once: " + contents);
                for (int i = 0; i < received.size(); i++) {
                    JsonObject frame = received.get(i);
                    assertEquals(2 + i, frame.getJsonNumber("offset").longValue(), "no gap, no duplicate: " + contents);
                    assertEquals(room, frame.getString("room"));
                    assertEquals(ack.getString("epoch"), frame.getString("epoch"));
                }
                assertEquals(IntStream.range(0, MISSED).mapToObj(i -> "missed-" + i).toList(),
                        contents.subList(0, MISSED), "what was missed first, in order");
                assertEquals(IntStream.range(0, LIVE).mapToObj(i -> "live-" + i).toList(),
                        contents.stream().filter(content -> content.startsWith("live-")).toList(),
                        "the live ones in order");
            }
        }
    }

    @Test
    void moreMissedThanTheHistoryHoldsIsTooOldAndNothingOlderIsDelivered(Gateway gateway) throws Exception {
        String room = freshRoom("too-old");
        List<TestClient> posters = List.of(gateway.connected("p1"), gateway.connected("p2"), gateway.connected("p3"));
        try (TestClient alice = gateway.connected("alice")) {
            for (TestClient poster : posters) {
                poster.join(room);
            }
            JsonObject joined = alice.join(room);
            alice.leave(room);
            // Three posters stay within their rate-limit bursts: one more than the default history holds.
            int each = (HistorySettings.DEFAULT_SIZE + 1 + posters.size() - 1) / posters.size();
            for (TestClient poster : posters) {
                for (int i = 0; i < each; i++) {
                    assertTrue(poster.say("old-" + i, room).getBoolean("success"));
                }
            }
            alice.clear();

            JsonObject ack = joinSince(alice, room, joined.getString("epoch"), 0);

            assertEquals(false, ack.getBoolean("recovered"), ack.toString());
            assertEquals("too_old", ack.getString("reason"));
            assertEquals(joined.getString("epoch"), ack.getString("epoch"));
            assertEquals((long) each * posters.size(), ack.getJsonNumber("offset").longValue());
            posters.get(0).say("live", room);
            JsonObject first = nextPublication(alice, room);
            assertEquals("live", first.getJsonObject("data").getString("content"), "only live publications");
            assertEquals(ack.getJsonNumber("offset").longValue() + 1, first.getJsonNumber("offset").longValue());
        } finally {
            posters.forEach(TestClient::close);
        }
    }

    @Test
    void anUnknownEpochIsAnEpochChangeAndAJoinWithoutSinceTellsThePositionOnly(Gateway gateway) {
        String room = freshRoom("epoch");
        try (TestClient bob = gateway.connected("bob"); TestClient alice = gateway.connected("alice")) {
            bob.join(room);
            bob.say("one", room);
            bob.say("two", room);

            JsonObject ack = joinSince(alice, room, "no-such-epoch", 1);

            assertEquals(false, ack.getBoolean("recovered"), ack.toString());
            assertEquals("epoch_changed", ack.getString("reason"));
            assertEquals(2, ack.getJsonNumber("offset").longValue());
            JsonObject again = alice.join(room);
            assertEquals(Json.createObjectBuilder().add("success", true).add("room", room)
                    .add("epoch", ack.getString("epoch")).add("offset", 2).build(), again, "already a member");
            JsonObject beyond = joinSince(bob, room, ack.getString("epoch"), 99);
            assertFalse(beyond.containsKey("recovered"), "a member joining again recovers nothing: " + beyond);
        }
    }

    @Test
    void theHistoryRequestReturnsTheLatestPublicationsAsMembersReceivedThem(Gateway gateway) {
        String room = freshRoom("history");
        try (TestClient bob = gateway.connected("bob"); TestClient alice = gateway.connected("alice")) {
            bob.join(room);
            alice.join(room);
            List<JsonObject> received = new ArrayList<>();
            for (String content : List.of("a", "b", "c")) {
                bob.say(content, room);
                received.add(nextPublication(alice, room));
            }
            bob.call("message", Json.createObjectBuilder().add("content", "to all").build());

            JsonObject latestTwo = history(alice, room, 2);
            JsonObject all = alice.call("history", Json.createObjectBuilder().add("room", room).build());

            assertEquals(received.subList(1, 3), latestTwo.getJsonArray("publications"));
            assertEquals(3, latestTwo.getJsonNumber("offset").longValue());
            assertEquals(received.get(0).getString("epoch"), latestTwo.getString("epoch"));
            assertEquals(received, all.getJsonArray("publications"), "not the message to everyone");
            try (TestClient carol = gateway.connected("carol")) {
                JsonObject refused = history(carol, room, 2);
                assertEquals("NOT_IN_ROOM", refused.getString("code"));
            }
        }
    }

    @Test
    void aServerOfItsOwnWithSmallLimitsTellsTooManyAndExpiryAndChangesEpochsWhenRestarted(GatewayLauncher launcher) {
        assumeTrue(launcher.canLaunch(), "needs a server of its own with small history limits");
        try (var launched = launcher.launch(Map.of(HistorySettings.RECOVERY_MAX, "5",
                HistorySettings.TTL_SECONDS, "4"))) {
            Gateway gateway = launched.gateway();
            String room = freshRoom("small");
            String epoch;
            try (TestClient bob = gateway.connected("bob"); TestClient alice = gateway.connected("alice")) {
                bob.join(room);
                epoch = alice.join(room).getString("epoch");
                alice.leave(room);
                for (int i = 0; i < 6; i++) {
                    bob.say("m" + i, room);
                }

                JsonObject tooMany = joinSince(alice, room, epoch, 0);
                assertEquals(false, tooMany.getBoolean("recovered"), tooMany.toString());
                assertEquals("too_many", tooMany.getString("reason"));
                alice.leave(room);
                alice.clear();
                JsonObject five = joinSince(alice, room, epoch, 1);
                assertEquals(true, five.getBoolean("recovered"), five.toString());
                assertEquals("m1", nextPublication(alice, room).getJsonObject("data").getString("content"));
                alice.leave(room);

                awaitEmptyHistory(bob, room);
                JsonObject expired = joinSince(alice, room, epoch, 5);
                assertEquals(false, expired.getBoolean("recovered"), expired.toString());
                assertEquals("too_old", expired.getString("reason"));
                assertEquals(epoch, expired.getString("epoch"), "members kept the room's epoch");
                assertEquals(6, expired.getJsonNumber("offset").longValue());
            }

            launched.restart();

            try (TestClient alice = launched.gateway().connected("alice")) {
                JsonObject afterRestart = joinSince(alice, room, epoch, 6);
                assertEquals(false, afterRestart.getBoolean("recovered"), afterRestart.toString());
                assertEquals("epoch_changed", afterRestart.getString("reason"));
                assertNotEquals(epoch, afterRestart.getString("epoch"));
                assertEquals(0, afterRestart.getJsonNumber("offset").longValue());
            }
        }
    }

    /** Asks for the room's history until the server holds none of it any more: the TTL has passed. */
    private static void awaitEmptyHistory(TestClient member, String room) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!history(member, room, 5).getJsonArray("publications").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the history never expired");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private static JsonObject joinSince(TestClient client, String room, String epoch, long offset) {
        return client.call("join", Json.createObjectBuilder().add("room", room)
                .add("since", Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)).build());
    }

    private static JsonObject history(TestClient client, String room, int limit) {
        return client.call("history", Json.createObjectBuilder().add("room", room).add("limit", limit).build());
    }

    private static boolean isPublicationOf(JsonObject frame, String room) {
        return "message".equals(frame.getString("event", null)) && room.equals(frame.getString("room", null));
    }

    private static JsonObject nextPublication(TestClient client, String room) {
        return client.next(frame -> isPublicationOf(frame, room), WAIT);
    }

    private static List<JsonObject> publicationsUntil(TestClient client, String room, String lastContent) {
        List<JsonObject> publications = new ArrayList<>();
        while (true) {
            JsonObject frame = nextPublication(client, room);
            publications.add(frame);
            if (lastContent.equals(frame.getJsonObject("data").getString("content"))) {
                return publications;
            }
        }
    }
}
