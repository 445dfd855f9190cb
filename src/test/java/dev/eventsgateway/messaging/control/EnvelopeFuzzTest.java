package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.history.control.HistorySettings;
import dev.eventsgateway.messaging.boundary.EnvelopeDecoder;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.InboundFrame;
import dev.eventsgateway.rooms.control.RoomSettings;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the decoder and the handlers behind the dispatcher with seeded random and mutated envelopes: none makes
 * an exception escape, each gets the answer docs/protocol.md section 4 prescribes, and the connection stays usable.
 */
class EnvelopeFuzzTest {

    /** Fixed, so that a failure names a frame that the next run generates again. */
    private static final long SEED = 20261126L;

    private static final Instant DEADLINE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toSet());
    private static final String PROBE_ID = "\"probe-after-fuzz\"";

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    // --- properties ----------------------------------------------------------------------------------------------

    @Test
    void decoderNeverThrowsOnAnyText() {
        var random = new RandomFrames(SEED);
        for (int i = 0; i < 2000; i++) {
            String text = random.anyText();
            InboundFrame frame = decoder.decode(text);

            assertNotNull(frame);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, frame.bytes(), () -> "UTF-8 bytes of " + text);
        }
    }

    @Test
    void everyFrameGetsThePrescribedAnswerAndTheConnectionStaysUsable() {
        var random = new RandomFrames(SEED + 1);
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            String text = random.frame();
            kinds.merge(checkAnswer(text), 1, Integer::sum);
        }
        assertTrue(kinds.keySet().containsAll(Set.of("with id", "without id", "not an object", "bad id")),
                "the generator reaches every kind of frame: " + kinds);
    }

    /** Dispatches one frame to a fresh gateway, checks the answer and the connection afterwards; returns its kind. */
    private String checkAnswer(String text) {
        var gateway = new Fixture();

        gateway.dispatcher.dispatch(gateway.alice, decoder.decode(text), 1);

        List<JsonObject> replies = gateway.replies(gateway.aliceTransport);
        Expectation expected = Expectation.of(text);
        switch (expected.kind()) {
            case "with id" -> {
                assertEquals(1, replies.size(), () -> "exactly one answer to " + text + ": " + replies);
                JsonObject ack = replies.get(0);
                assertEquals("ack", ack.getString("event"), text);
                assertEquals(expected.id().orElseThrow(), ack.get("id"), "the ack carries the frame's id");
                JsonObject data = ack.getJsonObject("data");
                if (!data.getBoolean("success")) {
                    assertFailure(data, text);
                }
            }
            case "not an object", "bad id" -> {
                assertEquals(1, replies.size(), () -> "exactly one answer to " + text + ": " + replies);
                assertEquals("error", replies.get(0).getString("event"), text);
                assertEquals("BAD_REQUEST", replies.get(0).getJsonObject("data").getString("code"), text);
            }
            default -> {
                assertTrue(replies.size() <= 1, () -> "at most one answer to " + text + ": " + replies);
                for (JsonObject reply : replies) {
                    assertFalse(reply.containsKey("id"), "no id to echo");
                    if ("error".equals(reply.getString("event"))) {
                        assertFailure(reply.getJsonObject("data"), text);
                    } else {
                        assertEquals("ack", reply.getString("event"), "only a ping is acked without an id: " + text);
                    }
                }
            }
        }
        assertFalse(gateway.alice.isClosed(), () -> "still open after " + text);
        assertTrue(gateway.aliceTransport.closes().isEmpty());
        assertTrue(gateway.replies(gateway.bobTransport).isEmpty(), "the other member never sees alice's errors");

        gateway.aliceTransport.clearSent();
        gateway.dispatcher.dispatch(gateway.alice, decoder.decode("{\"event\":\"ping\",\"id\":" + PROBE_ID + "}"), 2);
        assertEquals(List.of("{\"event\":\"ack\",\"id\":" + PROBE_ID + ",\"data\":{\"success\":true}}"),
                gateway.aliceTransport.sent(), () -> "the connection answers the frame after " + text);
        return expected.kind();
    }

    private static void assertFailure(JsonObject data, String text) {
        assertTrue(CODES.contains(data.getString("code")), () -> "a protocol error code for " + text + ": " + data);
        assertFalse(data.getString("message").isBlank());
    }

    // --- fixture and oracle --------------------------------------------------------------------------------------

    /** A fresh gateway per try: alice (rooms chat and team-*) and bob, both in room chat; no rate limit. */
    private static final class Fixture {
        final FakeTransport aliceTransport = new FakeTransport();
        final FakeTransport bobTransport = new FakeTransport();
        final Dispatcher dispatcher;
        final Connection alice;

        Fixture() {
            var roomSettings = new RoomSettings(3, 100);
            var node = new WiredNode(new ConnectionSettings(Duration.ofSeconds(25), 512, 100, 10, 0, 0), roomSettings);
            var messaging = new MessagingSettings(1000, 65_536, List.of("darn"));
            dispatcher = new Dispatcher(messaging, new ChatHandler(node.rooms, messaging),
                    new MembershipHandler(node.presence, roomSettings),
                    new TokenRefreshHandler(Tokens.VERIFIER, node.presence),
                    new HistoryHandler(node.rooms, HistorySettings.defaults()), new PresenceHandler(node.rooms));
            alice = node.open(new Caller("alice", RoomGrants.of(List.of("chat", "team-*")), Set.of(), DEADLINE),
                    aliceTransport);
            Connection bob = node.open(new Caller("bob", RoomGrants.everyRoom(), Set.of(), DEADLINE), bobTransport);
            node.rooms.join(alice, "chat");
            node.rooms.join(bob, "chat");
            aliceTransport.clearSent();
            bobTransport.clearSent();
        }

        /** The acks and errors sent on a connection; chat and presence frames are not answers. */
        List<JsonObject> replies(FakeTransport transport) {
            return transport.sent().stream()
                    .map(frame -> Json.createReader(new StringReader(frame)).readObject())
                    .filter(frame -> Set.of("ack", "error").contains(frame.getString("event")))
                    .toList();
        }
    }

    /** What section 4 prescribes for a frame, judged from the frame alone with JSON-P. */
    private record Expectation(String kind, Optional<JsonValue> id) {

        static Expectation of(String text) {
            JsonValue parsed;
            try (JsonParser parser = Json.createParser(new StringReader(text))) {
                parser.next();
                parsed = parser.getValue();
                if (parser.hasNext()) {
                    return new Expectation("not an object", Optional.empty());
                }
            } catch (RuntimeException e) {
                return new Expectation("not an object", Optional.empty());
            }
            if (!(parsed instanceof JsonObject object)) {
                return new Expectation("not an object", Optional.empty());
            }
            JsonValue id = object.get("id");
            if (id == null || id.getValueType() == JsonValue.ValueType.NULL) {
                return new Expectation("without id", Optional.empty());
            }
            // The protocol's own rule, written out again: an integer a JavaScript client holds exactly.
            boolean integer = id instanceof JsonNumber number && number.isIntegral()
                    && number.bigDecimalValue().abs().compareTo(new BigDecimal("9007199254740991")) <= 0;
            boolean shortString = id instanceof JsonString string && string.getString().length() <= 128;
            if (!integer && !shortString) {
                return new Expectation("bad id", Optional.empty());
            }
            return new Expectation("with id", Optional.of(id));
        }
    }
}
