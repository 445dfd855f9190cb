package dev.eventsgateway.protocol.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    /** A push payload with its components in alphabetical order, as any property order would write them. */
    public record Score(String player, int points) {
    }

    private static Optional<RequestId> id(JsonValue value) {
        return Optional.of(new RequestId(value));
    }

    // --- acks ----------------------------------------------------------------------------------------------------

    @Test
    void writesAnAckWithAnIntegerId() {
        assertEquals("{\"event\":\"ack\",\"id\":8,\"data\":{\"success\":true,\"room\":\"chat\"}}",
                WireFormat.ack(id(Json.createValue(8)), AckData.room("chat")));
    }

    @Test
    void writesAPresenceAckWithTruncatedOnlyWhenThereWereMoreUsers() {
        assertEquals("{\"event\":\"ack\",\"id\":3,\"data\":{\"success\":true,\"room\":\"chat\",\"users\":"
                        + "[{\"userId\":\"a\",\"connections\":2}],\"truncated\":true}}",
                WireFormat.ack(id(Json.createValue(3)), AckData.presence("chat", Roster.counting(List.of("a", "b", "a"), 1))));
        assertEquals("{\"event\":\"ack\",\"id\":3,\"data\":{\"success\":true,\"room\":\"chat\",\"users\":[]}}",
                WireFormat.ack(id(Json.createValue(3)), AckData.presence("chat", Roster.counting(List.of(), 1))));
    }

    @Test
    void writesAnAckWithAStringId() {
        assertEquals("{\"event\":\"ack\",\"id\":\"req-1\",\"data\":{\"success\":true}}",
                WireFormat.ack(id(Json.createValue("req-1")), AckData.ok()));
    }

    @Test
    void escapesAStringId() {
        assertEquals("{\"event\":\"ack\",\"id\":\"a\\\"b\\\\c\",\"data\":{\"success\":true}}",
                WireFormat.ack(id(Json.createValue("a\"b\\c")), AckData.ok()));
    }

    @Test
    void writesAnAckWithoutId() {
        assertEquals("{\"event\":\"ack\",\"data\":{\"success\":true}}", WireFormat.ack(Optional.empty(), AckData.ok()));
    }

    @Test
    void writesAMessageAckWithItsTimestamp() {
        assertEquals("{\"event\":\"ack\",\"id\":1,\"data\":{\"success\":true,\"timestamp\":\"2024-01-02T03:04:05.006Z\"}}",
                WireFormat.ack(id(Json.createValue(1)), AckData.timestamp("2024-01-02T03:04:05.006Z")));
    }

    @Test
    void writesAFailedAck() {
        assertEquals("{\"event\":\"ack\",\"id\":9,\"data\":{\"success\":false,\"code\":\"FORBIDDEN\","
                        + "\"message\":\"no access to room 'ops'\"}}",
                WireFormat.ack(id(Json.createValue(9)),
                        AckData.failed(Failure.of(ErrorCode.FORBIDDEN, "no access to room 'ops'"))));
    }

    @Test
    void writesARateLimitedAckWithRetryAfter() {
        assertEquals("{\"event\":\"ack\",\"id\":\"r\",\"data\":{\"success\":false,\"code\":\"RATE_LIMITED\","
                        + "\"message\":\"rate limit exceeded, retry in 50 ms\",\"retryAfterMs\":50}}",
                WireFormat.ack(id(Json.createValue("r")), AckData.failed(Failure.rateLimited(50))));
    }

    @Test
    void ackDataOmitsNullFields() {
        assertEquals("{\"success\":true}", WireFormat.toJson(AckData.ok()));
        assertEquals("{\"success\":true,\"room\":\"chat\"}", WireFormat.toJson(AckData.room("chat")));
    }

    // --- server events -------------------------------------------------------------------------------------------

    @Test
    void writesAChatMessageToARoom() {
        assertEquals("{\"event\":\"message\",\"data\":{\"senderId\":\"alice\",\"content\":\"hi\",\"room\":\"chat\","
                        + "\"timestamp\":\"2024-01-02T03:04:05.006Z\"}}",
                WireFormat.frame(EventName.MESSAGE, new ChatMessage("alice", "hi", "chat", "2024-01-02T03:04:05.006Z")));
    }

    @Test
    void writesRoomNullForAChatMessageToEveryone() {
        assertEquals("{\"event\":\"message\",\"data\":{\"senderId\":\"alice\",\"content\":\"hi\",\"room\":null,"
                        + "\"timestamp\":\"2024-01-02T03:04:05.006Z\"}}",
                WireFormat.frame(EventName.MESSAGE, new ChatMessage("alice", "hi", null, "2024-01-02T03:04:05.006Z")));
    }

    @Test
    void keepsUnicodeAndEscapesControlCharactersInContent() {
        String frame = WireFormat.frame(EventName.MESSAGE, new ChatMessage("alice", "é😀\n\"", null, "t"));

        assertEquals("{\"event\":\"message\",\"data\":{\"senderId\":\"alice\",\"content\":\"é😀\\n\\\"\",\"room\":null,"
                + "\"timestamp\":\"t\"}}", frame);
    }

    @Test
    void writesAnErrorFrame() {
        assertEquals("{\"event\":\"error\",\"data\":{\"code\":\"BAD_REQUEST\",\"message\":\"frame is not valid JSON\"}}",
                WireFormat.frame(EventName.ERROR, Failure.of(ErrorCode.BAD_REQUEST, "frame is not valid JSON")));
    }

    @Test
    void writesAnErrorFrameWithRetryAfter() {
        assertEquals("{\"event\":\"error\",\"data\":{\"code\":\"RATE_LIMITED\","
                        + "\"message\":\"rate limit exceeded, retry in 1000 ms\",\"retryAfterMs\":1000}}",
                WireFormat.frame(EventName.ERROR, Failure.rateLimited(1000)));
    }

    @Test
    void writesConnectedPresenceAndStats() {
        assertEquals("{\"event\":\"connected\",\"data\":{\"userId\":\"alice\",\"connectionId\":\"c1\","
                + "\"heartbeatMs\":25000,\"protocol\":\"1.2\",\"expiresAt\":\"2030-01-01T00:00:00.000Z\"}}",
                WireFormat.frame(EventName.CONNECTED, new Connected("alice", "c1", 25_000, "2030-01-01T00:00:00.000Z")));
        assertEquals("{\"event\":\"user:joined\",\"data\":{\"userId\":\"bob\",\"room\":\"chat\"}}",
                WireFormat.frame(EventName.USER_JOINED, new Presence("bob", "chat")));
        assertEquals("{\"event\":\"user:left\",\"data\":{\"userId\":\"bob\",\"room\":\"chat\"}}",
                WireFormat.frame(EventName.USER_LEFT, new Presence("bob", "chat")));
        assertEquals("{\"event\":\"server:stats\",\"data\":{\"connections\":3,\"rooms\":2,"
                        + "\"timestamp\":\"2024-01-02T03:04:05.006Z\"}}",
                WireFormat.frame(EventName.SERVER_STATS, new ServerStats(3, 2, "2024-01-02T03:04:05.006Z")));
    }

    @Test
    void failureRequiresCodeAndMessage() {
        assertThrows(NullPointerException.class, () -> Failure.of(null, "m"));
        assertThrows(NullPointerException.class, () -> Failure.of(ErrorCode.INTERNAL, null));
    }

    // --- pushes with any data ------------------------------------------------------------------------------------

    @Test
    void pushesAMap() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", "Release");
        data.put("count", 2);
        data.put("tags", List.of("a", "b"));

        assertEquals("{\"event\":\"news\",\"data\":{\"title\":\"Release\",\"count\":2,\"tags\":[\"a\",\"b\"]}}",
                WireFormat.frame("news", data));
    }

    @Test
    void pushesARecord() {
        assertEquals("{\"event\":\"score\",\"data\":{\"player\":\"alice\",\"points\":7}}",
                WireFormat.frame("score", new Score("alice", 7)));
    }

    @Test
    void pushesAJsonValue() {
        JsonValue data = Json.createObjectBuilder()
                .add("a", 1)
                .add("b", JsonValue.NULL)
                .add("c", Json.createArrayBuilder().add(true).add("x"))
                .build();

        assertEquals("{\"event\":\"raw\",\"data\":{\"a\":1,\"b\":null,\"c\":[true,\"x\"]}}",
                WireFormat.frame("raw", data));
        assertEquals("{\"event\":\"raw\",\"data\":[1,2]}",
                WireFormat.frame("raw", Json.createArrayBuilder().add(1).add(2).build()));
        assertEquals("{\"event\":\"raw\",\"data\":\"s\"}", WireFormat.frame("raw", Json.createValue("s")));
    }

    @Test
    void pushesScalarsAndNull() {
        assertEquals("{\"event\":\"tick\",\"data\":null}", WireFormat.frame("tick", null));
        assertEquals("{\"event\":\"tick\",\"data\":42}", WireFormat.frame("tick", 42));
        assertEquals("{\"event\":\"tick\",\"data\":\"text\"}", WireFormat.frame("tick", "text"));
        assertEquals("{\"event\":\"tick\",\"data\":true}", WireFormat.frame("tick", true));
    }

    @Test
    void escapesTheEventName() {
        assertEquals("{\"event\":\"say \\\"hi\\\"\",\"data\":1}", WireFormat.frame("say \"hi\"", 1));
    }

    @Test
    void refusesANullEventName() {
        assertThrows(NullPointerException.class, () -> WireFormat.frame((String) null, 1));
    }
}
