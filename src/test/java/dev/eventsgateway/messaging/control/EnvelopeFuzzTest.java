package dev.eventsgateway.messaging.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.auth.entity.Caller;
import dev.eventsgateway.auth.entity.RoomGrants;
import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.connections.control.ConnectionSettings;
import dev.eventsgateway.connections.control.Connections;
import dev.eventsgateway.connections.control.FakeTransport;
import dev.eventsgateway.messaging.boundary.EnvelopeDecoder;
import dev.eventsgateway.messaging.entity.ErrorCode;
import dev.eventsgateway.messaging.entity.InboundFrame;
import dev.eventsgateway.rooms.control.RoomManager;
import dev.eventsgateway.rooms.control.RoomSettings;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of the decoder and the handlers behind the dispatcher: random and mutated envelopes never
 * make an exception escape, each gets the answer PROTOCOL.md section 4 prescribes, and the connection stays usable.
 */
class EnvelopeFuzzTest {

    private static final Instant DEADLINE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toSet());
    private static final String PROBE_ID = "\"probe-after-fuzz\"";

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    // --- properties ----------------------------------------------------------------------------------------------

    @Property(tries = 2000)
    void decoderNeverThrowsOnAnyText(@ForAll("anyText") String text) {
        InboundFrame frame = decoder.decode(text);

        assertNotNull(frame);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, frame.bytes(), "counts UTF-8 bytes");
    }

    @Property(tries = 3000)
    void everyFrameGetsThePrescribedAnswerAndTheConnectionStaysUsable(@ForAll("frames") String text) {
        var gateway = new Fixture();

        gateway.dispatcher.dispatch(gateway.alice, decoder.decode(text), 1);

        List<JsonObject> replies = gateway.replies(gateway.aliceTransport);
        Expectation expected = Expectation.of(text);
        Statistics.collect(expected.kind());
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
                gateway.aliceTransport.sent(), "the connection answers the next frame");
    }

    private static void assertFailure(JsonObject data, String text) {
        assertTrue(CODES.contains(data.getString("code")), () -> "a protocol error code for " + text + ": " + data);
        assertFalse(data.getString("message").isBlank());
    }

    // --- generators ----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), frames(),
                Arbitraries.strings().withChars("{}[]\":,\\ 0123456789.-eEtrunlfasx").ofMaxLength(200),
                Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
                Arbitraries.integers().between(1, 3000).map(depth -> "{\"event\":\"ping\",\"data\":"
                        + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}"));
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> envelopes = Combinators.combine(events(), ids(), datas(), extras())
                .as(EnvelopeFuzzTest::object);
        return Arbitraries.oneOf(envelopes, envelopes.flatMap(EnvelopeFuzzTest::mutated));
    }

    private static Arbitrary<String> events() {
        return Arbitraries.oneOf(
                Arbitraries.of("\"message\"", "\"join\"", "\"leave\"", "\"ping\""),
                Arbitraries.of("\"MESSAGE\"", "\"\"", "\"connected\"", "\"ack\"", "5", "null", "true", "{}", "[]",
                        "\"join \"", "\"\\u0000\"", "\"" + "e".repeat(200) + "\""),
                jsonStrings(30),
                Arbitraries.just(null));
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().map(String::valueOf),
                jsonStrings(128),
                Arbitraries.of("null", "1.5", "1e3", "1.0", "-0", "true", "{}", "[1]", "\"" + "i".repeat(129) + "\"",
                        "123456789012345678901234567890"));
    }

    private static Arbitrary<String> datas() {
        Arbitrary<String> content = Arbitraries.oneOf(jsonStrings(40),
                Arbitraries.of("\"\"", "\"   \"", "\"\\t\\n\"", "\"frobnicate darn\"", "\"darn\"",
                        "\"" + "x".repeat(1001) + "\"", "\"" + "\u00e9".repeat(1000) + "\"",
                        "\"\\ud800\"", "\"\\udc00 lone\"", "\"\\ud83d\\ude00\"", "5", "null", "true", "[]", "{}"),
                Arbitraries.just(null));
        Arbitrary<String> room = Arbitraries.oneOf(
                Arbitraries.of("\"chat\"", "\"team-1\"", "\"other\"", "\"ops:stats\"", "\"\"", "\"bad room\"",
                        "\"" + "r".repeat(65) + "\"", "\"caf\u00e9\"", "5", "null", "[]", "{}"),
                Arbitraries.strings().withChars("abc-_.:").ofMinLength(1).ofMaxLength(70).map(name -> "\"" + name + "\""),
                Arbitraries.just(null));
        Arbitrary<String> object = Combinators.combine(content, room).as((c, r) -> {
            StringBuilder json = new StringBuilder("{");
            if (c != null) {
                json.append("\"content\":").append(c);
            }
            if (r != null) {
                json.append(c != null ? "," : "").append("\"room\":").append(r);
            }
            return json.append('}').toString();
        });
        return Arbitraries.oneOf(object, Arbitraries.of("null", "5", "\"text\"", "[]", "[{\"room\":\"chat\"}]"),
                Arbitraries.just(null));
    }

    private static Arbitrary<String> extras() {
        return Arbitraries.of("", ",\"extra\":1", ",\"event\":\"ping\"", ",\"id\":7", ",\"data\":null",
                ",\"nested\":{\"a\":[1,2,{\"b\":null}]}", ",\"\\u0000\":\"x\"");
    }

    private static Arbitrary<String> jsonStrings(int maxLength) {
        return Arbitraries.strings().ofMaxLength(maxLength).map(text -> Json.createValue(text).toString());
    }

    private static String object(String event, String id, String data, String extra) {
        StringBuilder json = new StringBuilder("{");
        List<String> members = new java.util.ArrayList<>();
        if (event != null) {
            members.add("\"event\":" + event);
        }
        if (id != null) {
            members.add("\"id\":" + id);
        }
        if (data != null) {
            members.add("\"data\":" + data);
        }
        java.util.Collections.rotate(members, event == null ? 0 : event.length() % 3);
        json.append(String.join(",", members));
        if (!extra.isEmpty() && !members.isEmpty()) {
            json.append(extra);
        }
        return json.append('}').toString();
    }

    /** One to four random edits: a character dropped, inserted, replaced or repeated, or the tail cut off. */
    private static Arbitrary<String> mutated(String text) {
        Arbitrary<Character> noise = Arbitraries.oneOf(Arbitraries.chars().with("{}[]\":,\\ 0-9tfn"),
                Arbitraries.chars());
        Arbitrary<java.util.function.UnaryOperator<String>> edit = Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 10_000), noise)
                .as((kind, at, c) -> s -> {
                    if (s.isEmpty()) {
                        return String.valueOf(c);
                    }
                    int i = at % s.length();
                    return switch (kind) {
                        case 0 -> s.substring(0, i) + s.substring(i + 1);
                        case 1 -> s.substring(0, i) + c + s.substring(i);
                        case 2 -> s.substring(0, i) + c + s.substring(i + 1);
                        case 3 -> s.substring(0, i) + s.substring(i, Math.min(s.length(), i + 8)).repeat(2)
                                + s.substring(Math.min(s.length(), i + 8));
                        default -> s.substring(0, i);
                    };
                });
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            String result = text;
            for (var e : edits) {
                result = e.apply(result);
            }
            return result;
        });
    }

    // --- fixture and oracle --------------------------------------------------------------------------------------

    /** A fresh gateway per try: alice (rooms chat and team-*) and bob, both in room chat; no rate limit. */
    private static final class Fixture {
        final FakeTransport aliceTransport = new FakeTransport();
        final FakeTransport bobTransport = new FakeTransport();
        final Dispatcher dispatcher;
        final Connection alice;

        Fixture() {
            var connections = new Connections(new ConnectionSettings(Duration.ofSeconds(25), 512, 100, 10, 0, 0));
            var roomSettings = new RoomSettings(3);
            var rooms = new RoomManager(connections, roomSettings);
            var messaging = new MessagingSettings(1000, 65_536, List.of("darn"));
            dispatcher = new Dispatcher(messaging, new ChatHandler(rooms, messaging),
                    new MembershipHandler(rooms, roomSettings));
            alice = open(connections, rooms, "alice", aliceTransport, RoomGrants.of(List.of("chat", "team-*")));
            Connection bob = open(connections, rooms, "bob", bobTransport, RoomGrants.everyRoom());
            rooms.join(alice, "chat");
            rooms.join(bob, "chat");
            aliceTransport.clearSent();
            bobTransport.clearSent();
        }

        private static Connection open(Connections connections, RoomManager rooms, String user, FakeTransport transport,
                                       RoomGrants grants) {
            var caller = new Caller(user, grants, Set.of(), DEADLINE);
            Connection connection = connections.reserve(caller, DEADLINE, transport, 0, rooms::leaveAll).orElseThrow();
            connections.activate(connection);
            return connection;
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
            boolean integer = id instanceof JsonNumber number && number.isIntegral();
            boolean shortString = id instanceof JsonString string && string.getString().length() <= 128;
            if (!integer && !shortString) {
                return new Expectation("bad id", Optional.empty());
            }
            return new Expectation("with id", Optional.of(id));
        }
    }
}
