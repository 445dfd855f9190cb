package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.system.Gateway;
import dev.eventsgateway.system.GatewayExtension;
import dev.eventsgateway.system.ServerSettings;
import dev.eventsgateway.system.TestClient;
import dev.eventsgateway.system.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md sections 3, 4 and 8 over real sockets: every client event, who receives each fan-out and who does not,
 * acks, error frames and every error code a client can provoke.
 *
 * <p>Absence is proven without sleeping: frames on one connection arrive in order, so when a later probe message
 * arrives first, the earlier frame was never sent to that connection.
 */
@ExtendWith(GatewayExtension.class)
class MessagingIT {

    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    @Test
    void roomMessageReachesEveryMemberAndTheSenderButNoOneElse(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice"); TestClient bob = gateway.connected("bob");
             TestClient carol = gateway.connected("carol")) {
            alice.join("fanout-room");
            bob.join("fanout-room");
            alice.clear();

            JsonObject ack = alice.say("hello room", "fanout-room");
            assertEquals(true, ack.getBoolean("success"));
            assertTrue(ISO_MILLIS.matcher(ack.getString("timestamp")).matches(), ack.toString());

            for (TestClient member : new TestClient[] {alice, bob}) {
                JsonObject data = member.next("message").getJsonObject("data");
                assertEquals("alice", data.getString("senderId"));
                assertEquals("hello room", data.getString("content"));
                assertEquals("fanout-room", data.getString("room"));
                assertEquals(ack.getString("timestamp"), data.getString("timestamp"));
            }
            bob.say("probe", null);
            assertEquals("probe", nextMessageContent(carol), "carol is not in the room");
        }
    }

    @Test
    void messageWithoutRoomReachesEveryoneButTheSender(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice"); TestClient bob = gateway.connected("bob");
             TestClient carol = gateway.connected("carol")) {
            alice.say("hello all", null);
            for (TestClient other : new TestClient[] {bob, carol}) {
                JsonObject data = other.next("message").getJsonObject("data");
                assertEquals("hello all", data.getString("content"));
                assertEquals(JsonValue.NULL, data.get("room"), "room is present and null");
                assertEquals("alice", data.getString("senderId"));
            }
            bob.say("probe", null);
            assertEquals("probe", nextMessageContent(alice), "the sender does not get its own global message");
        }
    }

    @Test
    void joinTellsTheOtherMembersButNotTheJoiner(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice"); TestClient bob = gateway.connected("bob")) {
            JsonObject ack = alice.join("presence");
            assertEquals(Json.createObjectBuilder().add("success", true).add("room", "presence")
                    .add("epoch", ack.getString("epoch")).add("offset", 0).build(), ack,
                    "the room's position and nothing else: no publication yet");
            bob.join("presence");
            JsonObject joined = alice.next("user:joined").getJsonObject("data");
            assertEquals("bob", joined.getString("userId"));
            assertEquals("presence", joined.getString("room"));

            alice.say("probe", null);
            JsonObject next = bob.next(frame -> frame.getString("event").startsWith("user:")
                    || frame.getString("event").equals("message"), TestClient.WAIT);
            assertEquals("message", next.getString("event"), "bob gets no user:joined for himself");
        }
    }

    @Test
    void joiningTwiceSucceedsAndNotifiesOnce(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice"); TestClient bob = gateway.connected("bob")) {
            alice.join("twice");
            assertTrue(bob.join("twice").getBoolean("success"));
            assertTrue(bob.join("twice").getBoolean("success"));
            alice.next("user:joined");
            bob.say("probe", null);
            JsonObject next = alice.next(frame -> !frame.getString("event").equals("ack"), TestClient.WAIT);
            assertEquals("message", next.getString("event"), "a second join is not announced again");
        }
    }

    @Test
    void leaveTellsTheRemainingMembers(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice"); TestClient bob = gateway.connected("bob")) {
            alice.join("leaving");
            bob.join("leaving");
            assertEquals(Json.createObjectBuilder().add("success", true).add("room", "leaving").build(),
                    bob.leave("leaving"));
            JsonObject left = alice.next("user:left").getJsonObject("data");
            assertEquals("bob", left.getString("userId"));
            assertEquals("leaving", left.getString("room"));

            alice.say("only alice", "leaving");
            alice.say("probe", null);
            assertEquals("probe", nextMessageContent(bob), "bob left and gets no more room messages");
        }
    }

    @Test
    void leavingARoomOneIsNotInSucceeds(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice")) {
            assertTrue(alice.leave("never-joined").getBoolean("success"));
        }
    }

    @Test
    void disconnectTellsEveryRoomTheConnectionWasIn(Gateway gateway) {
        try (TestClient alice = gateway.connected("alice")) {
            TestClient bob = gateway.connected("bob");
            alice.join("left-1");
            alice.join("left-2");
            bob.join("left-1");
            bob.join("left-2");
            bob.close();
            JsonObject first = alice.next("user:left").getJsonObject("data");
            JsonObject second = alice.next("user:left").getJsonObject("data");
            assertEquals("bob", first.getString("userId"));
            assertEquals("bob", second.getString("userId"));
            assertEquals(java.util.Set.of("left-1", "left-2"),
                    java.util.Set.of(first.getString("room"), second.getString("room")));
        }
    }

    @Test
    void pingIsAnsweredByAnAckWithTheSameId(Gateway gateway) {
        try (TestClient client = gateway.connected("pinger")) {
            client.send("{\"event\":\"ping\",\"id\":\"hb-1\"}");
            JsonObject ack = client.next("ack");
            assertEquals("hb-1", ack.getString("id"), "a string id is echoed as a string");
            assertEquals(Json.createObjectBuilder().add("success", true).build(), ack.getJsonObject("data"));

            client.send("{\"id\":42,\"event\":\"ping\"}");
            assertEquals(42, client.next("ack").getInt("id"), "keys in any order, integer id echoed as integer");
        }
    }

    @Test
    void pingWithoutIdGetsAnAckWithoutId(Gateway gateway) {
        try (TestClient client = gateway.connected("pinger")) {
            client.send("{\"event\":\"ping\"}");
            JsonObject ack = client.next("ack");
            assertFalse(ack.containsKey("id"));
            assertTrue(ack.getJsonObject("data").getBoolean("success"));
        }
    }

    @Test
    void unknownKeysAreIgnored(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            client.send("{\"event\":\"join\",\"id\":1,\"extra\":true,\"data\":{\"room\":\"extra-keys\",\"x\":1}}");
            assertTrue(client.next("ack").getJsonObject("data").getBoolean("success"));
        }
    }

    @Test
    void frameThatIsNotJsonGetsBadRequestAndTheConnectionStaysOpen(Gateway gateway) {
        try (TestClient client = gateway.connected("sloppy")) {
            client.send("this is not json");
            assertError(client.next("error"), "BAD_REQUEST");
            client.send("[1,2,3]");
            assertError(client.next("error"), "BAD_REQUEST");
            assertTrue(client.join("still-open").getBoolean("success"));
        }
    }

    @Test
    void failedFrameWithoutIdGetsAnErrorFrame(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            client.send("{\"event\":\"join\",\"data\":{\"room\":\"no spaces allowed\"}}");
            JsonObject error = client.next("error");
            assertError(error, "INVALID_ROOM");
            assertFalse(error.containsKey("id"));
        }
    }

    @Test
    void wrongTypesAndMissingFieldsAreBadRequests(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            assertFailure(client, "{\"event\":\"join\",\"id\":1,\"data\":{\"room\":5}}", "BAD_REQUEST");
            assertFailure(client, "{\"event\":\"join\",\"id\":2}", "BAD_REQUEST");
            assertFailure(client, "{\"event\":\"message\",\"id\":3,\"data\":{\"room\":\"r\"}}", "BAD_REQUEST");
            assertFailure(client, "{\"event\":\"message\",\"id\":4,\"data\":{\"content\":\"   \"}}", "BAD_REQUEST");
            assertFailure(client, "{\"event\":\"message\",\"id\":5,\"data\":{\"content\":\"x\",\"room\":[]}}", "BAD_REQUEST");
            assertFailure(client, "{\"event\":7,\"id\":6}", "BAD_REQUEST");
        }
    }

    @Test
    void unknownEventIsRefused(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            assertFailure(client, "{\"event\":\"shout\",\"id\":1,\"data\":{}}", "UNKNOWN_EVENT");
        }
    }

    @Test
    void contentLongerThanTheLimitInCodePointsIsRefused(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            String emoji = "\uD83D\uDE00";
            JsonObject ack = client.say(emoji.repeat(ServerSettings.MAX_MESSAGE_LENGTH), null);
            assertTrue(ack.getBoolean("success"), "1000 emoji are 1000 characters, though 2000 UTF-16 units");
            assertEquals("MESSAGE_TOO_LONG", client.say("x".repeat(ServerSettings.MAX_MESSAGE_LENGTH + 1), null)
                    .getString("code"));
        }
    }

    @Test
    void blockedWordIsRejected(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            assertEquals("CONTENT_REJECTED", client.say("please " + ServerSettings.BLOCKED_WORD.toUpperCase() + " now", null)
                    .getString("code"));
            assertTrue(client.say("please " + ServerSettings.BLOCKED_WORD + "d now", null).getBoolean("success"),
                    "whole words only");
        }
    }

    @Test
    void roomsOutsideTheTokensGrantAreForbidden(Gateway gateway) {
        try (TestClient client = gateway.connected(Tokens.forUser("teamer").rooms("team-*", "lobby"))) {
            assertTrue(client.join("team-red").getBoolean("success"));
            assertTrue(client.join("lobby").getBoolean("success"));
            JsonObject refused = client.join("elsewhere");
            assertEquals("FORBIDDEN", refused.getString("code"));
            assertEquals(false, refused.getBoolean("success"));
            assertEquals("FORBIDDEN", client.say("hi", "elsewhere").getString("code"));
        }
    }

    @Test
    void opsRoomsAreForAdminsOnly(Gateway gateway) {
        try (TestClient user = gateway.connected(Tokens.forUser("user").rooms("ops:*"));
             TestClient admin = gateway.connected(Tokens.forUser("root").admin().rooms("nothing"))) {
            assertEquals("FORBIDDEN", user.join("ops:secret").getString("code"), "whatever the rooms claim says");
            assertTrue(admin.join("ops:secret").getBoolean("success"));
            assertTrue(admin.join("any-room").getBoolean("success"), "admins may join every room");
        }
    }

    @Test
    void postingToARoomOneIsNotInIsRefused(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            assertEquals("NOT_IN_ROOM", client.say("hi", "not-joined").getString("code"));
        }
    }

    @Test
    void invalidRoomNamesAreRefused(Gateway gateway) {
        try (TestClient client = gateway.connected("alice")) {
            assertEquals("INVALID_ROOM", client.join("x".repeat(65)).getString("code"));
            assertEquals("INVALID_ROOM", client.join("").getString("code"));
            assertEquals("INVALID_ROOM", client.join("caf\u00e9").getString("code"));
            assertEquals("INVALID_ROOM", client.leave("a/b").getString("code"));
            assertEquals("INVALID_ROOM", client.say("hi", "a b").getString("code"));
        }
    }

    @Test
    void aConnectionMayBeInAtMostTheConfiguredNumberOfRooms(Gateway gateway) {
        try (TestClient client = gateway.connected("collector")) {
            for (int i = 0; i < ServerSettings.MAX_ROOMS; i++) {
                assertTrue(client.join("many-" + i).getBoolean("success"));
            }
            assertEquals("TOO_MANY_ROOMS", client.join("one-too-many").getString("code"));
            client.leave("many-0");
            assertTrue(client.join("one-too-many").getBoolean("success"), "leaving frees a place");
        }
    }

    @Test
    void framesBeyondTheRateLimitAreRefusedWithRetryAfter(Gateway gateway) {
        try (TestClient client = gateway.connected("flooder")) {
            int frames = ServerSettings.RATE_BURST + 10;
            for (int i = 1; i <= frames; i++) {
                client.send("{\"event\":\"ping\",\"id\":" + i + "}");
            }
            JsonObject limited = client.next(frame -> frame.containsKey("data")
                    && frame.get("data") instanceof JsonObject data && !data.getBoolean("success", true), TestClient.WAIT);
            JsonObject data = limited.getJsonObject("data");
            assertEquals("RATE_LIMITED", data.getString("code"));
            assertTrue(data.getJsonNumber("retryAfterMs").longValue() > 0, data.toString());
            assertTrue(limited.getInt("id") > ServerSettings.RATE_BURST - 5,
                    "the burst passes before the limit bites: " + limited);
        }
    }

    @Test
    void binaryFrameClosesWith1003(Gateway gateway) {
        try (TestClient client = gateway.connected("binary")) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, client.awaitClose().code());
        }
    }

    @Test
    void frameAboveTheSizeLimitClosesWith1009(Gateway gateway) {
        try (TestClient client = gateway.connected("big")) {
            client.send("{\"event\":\"message\",\"data\":{\"content\":\"" + "x".repeat(ServerSettings.MAX_FRAME_BYTES) + "\"}}");
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void largeFrameWithinTheLimitIsAnsweredNotClosed(Gateway gateway) {
        try (TestClient client = gateway.connected("big")) {
            assertEquals("MESSAGE_TOO_LONG", client.say("y".repeat(ServerSettings.MAX_FRAME_BYTES - 200), null)
                    .getString("code"));
        }
    }

    private static String nextMessageContent(TestClient client) {
        return client.next("message").getJsonObject("data").getString("content");
    }

    private static void assertError(JsonObject frame, String code) {
        assertEquals(code, frame.getJsonObject("data").getString("code"), frame.toString());
        assertFalse(frame.getJsonObject("data").getString("message").isBlank());
    }

    private static void assertFailure(TestClient client, String frame, String code) {
        client.send(frame);
        JsonObject ack = client.next("ack");
        JsonObject data = ack.getJsonObject("data");
        assertEquals(false, data.getBoolean("success"), ack.toString());
        assertEquals(code, data.getString("code"), frame + " -> " + ack);
        assertFalse(data.getString("message").isBlank());
    }
}
