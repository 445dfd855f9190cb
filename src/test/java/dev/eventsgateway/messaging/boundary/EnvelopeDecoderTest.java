package dev.eventsgateway.messaging.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventsgateway.messaging.control.MessagingSettings;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.InboundFrame;
import dev.eventsgateway.protocol.entity.RequestId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeDecoderTest {

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    private InboundFrame.Request request(String text) {
        InboundFrame frame = decoder.decode(text);
        return assertInstanceOf(InboundFrame.Request.class, frame, () -> "decoded as " + frame);
    }

    private InboundFrame.Malformed malformed(String text) {
        InboundFrame frame = decoder.decode(text);
        return assertInstanceOf(InboundFrame.Malformed.class, frame, () -> "decoded as " + frame);
    }

    private static Optional<String> idJson(InboundFrame frame) {
        return frame.id().map(RequestId::json);
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void assertBadRequest(String text, Optional<String> id, String reason) {
        InboundFrame.Malformed frame = malformed(text);
        assertEquals(ErrorCode.BAD_REQUEST, frame.code());
        assertEquals(id, idJson(frame));
        assertEquals(reason, frame.reason());
    }

    // --- well-formed envelopes -----------------------------------------------------------------------------------

    @Test
    void decodesAMessageToARoom() {
        String text = "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"hi\",\"room\":\"chat\"}}";

        InboundFrame.Request frame = request(text);

        assertEquals(new Envelope.Message(new Envelope.MessageData("hi", "chat")), frame.envelope());
        assertEquals(Optional.of("1"), idJson(frame));
        assertEquals(text.length(), frame.bytes());
    }

    @Test
    void decodesAMessageToEveryone() {
        assertEquals(new Envelope.Message(new Envelope.MessageData("hi", null)),
                request("{\"event\":\"message\",\"data\":{\"content\":\"hi\"}}").envelope());
        assertEquals(new Envelope.Message(new Envelope.MessageData("hi", null)),
                request("{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":null}}").envelope());
    }

    @Test
    void decodesAJoin() {
        assertEquals(new Envelope.Join(new Envelope.JoinData("chat", null)),
                request("{\"event\":\"join\",\"data\":{\"room\":\"chat\"}}").envelope());
    }

    @Test
    void decodesALeave() {
        assertEquals(new Envelope.Leave(new Envelope.RoomData("chat")),
                request("{\"event\":\"leave\",\"data\":{\"room\":\"chat\"}}").envelope());
    }

    @Test
    void decodesAPingWithoutData() {
        InboundFrame.Request frame = request("{\"event\":\"ping\"}");

        assertEquals(new Envelope.Ping(), frame.envelope());
        assertEquals(Optional.empty(), frame.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":\"ping\",\"data\":{}}", "{\"event\":\"ping\",\"data\":{\"t\":1}}",
            "{\"event\":\"ping\",\"data\":null}", "{\"data\":{\"x\":[1,2]},\"event\":\"ping\"}"})
    void decodesAPingWithData(String text) {
        assertEquals(new Envelope.Ping(), request(text).envelope());
    }

    @Test
    void acceptsKeysInAnyOrder() {
        InboundFrame.Request join = request("{\"data\":{\"room\":\"chat\"},\"id\":5,\"event\":\"join\"}");
        InboundFrame.Request message = request("{\"id\":\"m1\",\"data\":{\"room\":\"chat\",\"content\":\"hi\"},"
                + "\"event\":\"message\"}");

        assertEquals(new Envelope.Join(new Envelope.JoinData("chat", null)), join.envelope());
        assertEquals(Optional.of("5"), idJson(join));
        assertEquals(new Envelope.Message(new Envelope.MessageData("hi", "chat")), message.envelope());
        assertEquals(Optional.of("\"m1\""), idJson(message));
    }

    @Test
    void ignoresUnknownKeys() {
        InboundFrame.Request frame = request("{\"event\":\"message\",\"v\":2,\"meta\":{\"a\":[1]},"
                + "\"data\":{\"content\":\"hi\",\"room\":\"chat\",\"mentions\":[\"bob\"],\"urgent\":true}}");

        assertEquals(new Envelope.Message(new Envelope.MessageData("hi", "chat")), frame.envelope());
    }

    @Test
    void keepsUnicodeContent() {
        assertEquals(new Envelope.Message(new Envelope.MessageData("héllo 😀 \u2028 \"q\"", null)),
                request("{\"event\":\"message\",\"data\":{\"content\":\"héllo \\ud83d\\ude00 \\u2028 \\\"q\\\"\"}}")
                        .envelope());
    }

    // --- ids -----------------------------------------------------------------------------------------------------

    @Test
    void readsAnIntegerId() {
        assertEquals(Optional.of("42"), idJson(request("{\"event\":\"ping\",\"id\":42}")));
        assertEquals(Optional.of("-7"), idJson(request("{\"event\":\"ping\",\"id\":-7}")));
        assertEquals(Optional.of("9007199254740991"), idJson(request("{\"event\":\"ping\",\"id\":9007199254740991}")));
        assertEquals(Optional.of("-9007199254740991"),
                idJson(request("{\"event\":\"ping\",\"id\":-9007199254740991}")));
    }

    @Test
    void readsAStringId() {
        assertEquals(Optional.of("\"abc\""), idJson(request("{\"event\":\"ping\",\"id\":\"abc\"}")));
        assertEquals(Optional.of("\"" + "x".repeat(128) + "\""),
                idJson(request("{\"event\":\"ping\",\"id\":\"" + "x".repeat(128) + "\"}")));
    }

    @Test
    void treatsAnAbsentOrNullIdAsNone() {
        assertEquals(Optional.empty(), request("{\"event\":\"ping\"}").id());
        assertEquals(Optional.empty(), request("{\"event\":\"ping\",\"id\":null}").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "{\"n\":1}", "true", "false", "[1]", "9007199254740992", "-9007199254740992",
            "123456789012345678901234567890"})
    void refusesAnIdOfAnotherTypeWithoutEchoingIt(String id) {
        assertBadRequest("{\"event\":\"ping\",\"id\":" + id + "}", Optional.empty(),
                RequestId.RULE);
    }

    @Test
    void refusesAnOverlongStringIdWithoutEchoingIt() {
        assertBadRequest("{\"event\":\"ping\",\"id\":\"" + "x".repeat(129) + "\"}", Optional.empty(),
                RequestId.RULE);
    }

    @Test
    void refusesABadIdEvenOnAnOtherwiseBadFrame() {
        assertBadRequest("{\"event\":\"dance\",\"id\":1.5}", Optional.empty(),
                RequestId.RULE);
    }

    // --- malformed frames ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{", "{\"event\":\"ping\"", "{event:\"ping\"}", "{'event':'ping'}", "",
            "{\"event\":\"ping\",}", "\u0000"})
    void refusesSomethingThatIsNotJson(String text) {
        assertBadRequest(text, Optional.empty(), "frame is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event\":\"ping\"} trailing", "{\"event\":\"ping\"}{\"event\":\"ping\"}"})
    void refusesTrailingContentAfterTheObject(String text) {
        assertEquals(ErrorCode.BAD_REQUEST, malformed(text).code());
    }

    @Test
    void refusesDeeplyNestedJsonWithoutThrowing() {
        String nested = "{\"event\":\"ping\",\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

        assertEquals(ErrorCode.BAD_REQUEST, malformed("[".repeat(1_001)).code());
        assertEquals(ErrorCode.BAD_REQUEST, malformed(nested).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[]", "42", "\"text\"", "null", "true"})
    void refusesJsonThatIsNotAnObject(String text) {
        assertBadRequest(text, Optional.empty(), "frame must be a JSON object");
    }

    @Test
    void refusesAFrameWithoutEventKeepingItsId() {
        assertBadRequest("{\"id\":1,\"data\":{}}", Optional.of("1"), "event must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "{\"name\":\"ping\"}", "[\"ping\"]", "true"})
    void refusesAnEventThatIsNotAString(String event) {
        assertBadRequest("{\"event\":" + event + ",\"id\":\"x\"}", Optional.of("\"x\""), "event must be a string");
    }

    @Test
    void refusesAnUnknownEventKeepingItsId() {
        InboundFrame.Malformed frame = malformed("{\"event\":\"dance\",\"id\":9,\"data\":{}}");

        assertEquals(ErrorCode.UNKNOWN_EVENT, frame.code());
        assertEquals(Optional.of("9"), idJson(frame));
        assertEquals("unknown event 'dance'", frame.reason());
    }

    @Test
    void eventNamesAreCaseSensitive() {
        assertEquals(ErrorCode.UNKNOWN_EVENT, malformed("{\"event\":\"PING\"}").code());
        assertEquals(ErrorCode.UNKNOWN_EVENT, malformed("{\"event\":\"ack\"}").code());
    }

    @Test
    void shortensAndSanitizesAnEchoedUnknownEvent() {
        InboundFrame.Malformed frame = malformed("{\"event\":\"" + "e".repeat(100) + "\"}");
        InboundFrame.Malformed control = malformed("{\"event\":\"bad\\nname\\u0000\"}");

        assertEquals("unknown event '" + "e".repeat(64) + "...'", frame.reason());
        assertEquals("unknown event 'bad?name?'", control.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"message", "join", "leave"})
    void refusesAMissingData(String event) {
        InboundFrame.Malformed frame = malformed("{\"event\":\"" + event + "\",\"id\":2}");

        assertEquals(ErrorCode.BAD_REQUEST, frame.code());
        assertEquals(Optional.of("2"), idJson(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"chat\"", "5", "null", "true"})
    void refusesDataThatIsNotAnObject(String data) {
        assertBadRequest("{\"event\":\"message\",\"data\":" + data + "}", Optional.empty(),
                "data must be an object with content");
        assertBadRequest("{\"event\":\"join\",\"data\":" + data + "}", Optional.empty(),
                "data must be an object with room");
        assertBadRequest("{\"event\":\"leave\",\"data\":" + data + "}", Optional.empty(),
                "data must be an object with room");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"content\":5}", "{\"content\":null}", "{\"content\":[\"hi\"]}",
            "{\"content\":{\"text\":\"hi\"}}", "{\"content\":true}", "{\"room\":\"chat\"}"})
    void refusesContentThatIsMissingOrNotAString(String data) {
        assertBadRequest("{\"event\":\"message\",\"id\":3,\"data\":" + data + "}", Optional.of("3"),
                "data.content must be a string");
    }

    @Test
    void refusesANumericRoomInsteadOfCoercingIt() {
        assertBadRequest("{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":5}}", Optional.empty(),
                "data.room must be a string");
        assertBadRequest("{\"event\":\"join\",\"data\":{\"room\":5}}", Optional.empty(), "data.room must be a string");
        assertBadRequest("{\"event\":\"leave\",\"data\":{\"room\":5}}", Optional.empty(), "data.room must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"room\":null}", "{\"room\":true}", "{\"room\":[\"chat\"]}", "{\"room\":{}}"})
    void refusesAJoinRoomThatIsMissingOrNotAString(String data) {
        assertBadRequest("{\"event\":\"join\",\"data\":" + data + "}", Optional.empty(), "data.room must be a string");
    }

    @Test
    void refusesAMessageRoomOfAnotherType() {
        assertBadRequest("{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":[\"chat\"]}}", Optional.empty(),
                "data.room must be a string");
        assertBadRequest("{\"event\":\"message\",\"data\":{\"content\":\"hi\",\"room\":false}}", Optional.empty(),
                "data.room must be a string");
    }

    // --- join with since, history (1.2) ---------------------------------------------------------------------------

    @Test
    void decodesAJoinWithSince() {
        InboundFrame.Request frame = request("{\"event\":\"join\",\"id\":12,\"data\":{\"room\":\"chat\","
                + "\"since\":{\"epoch\":\"k2x9q4ra\",\"offset\":9007199254740991}}}");

        assertEquals(new Envelope.Join(new Envelope.JoinData("chat",
                new Envelope.Since("k2x9q4ra", 9_007_199_254_740_991L))), frame.envelope());
    }

    @Test
    void takesANullSinceAsNone() {
        assertEquals(new Envelope.Join(new Envelope.JoinData("chat", null)),
                request("{\"event\":\"join\",\"data\":{\"room\":\"chat\",\"since\":null}}").envelope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "\"k2\"", "[]", "{\"offset\":1}", "{\"epoch\":5,\"offset\":1}",
            "{\"epoch\":\"\",\"offset\":1}",
            "{\"epoch\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"offset\":1}",
            "{\"epoch\":\"k2\"}", "{\"epoch\":\"k2\",\"offset\":\"1\"}", "{\"epoch\":\"k2\",\"offset\":-1}",
            "{\"epoch\":\"k2\",\"offset\":1.5}", "{\"epoch\":\"k2\",\"offset\":1.0}",
            "{\"epoch\":\"k2\",\"offset\":9007199254740992}", "{\"epoch\":\"k2\",\"offset\":true}"})
    void refusesASinceOfTheWrongShape(String since) {
        InboundFrame.Malformed frame = malformed("{\"event\":\"join\",\"id\":3,\"data\":{\"room\":\"chat\","
                + "\"since\":" + since + "}}");

        assertEquals(ErrorCode.BAD_REQUEST, frame.code());
        assertEquals(Optional.of("3"), idJson(frame));
        assertTrue(frame.reason().startsWith("data.since"), frame.reason());
    }

    @Test
    void acceptsAnEpochOfSixtyFourCharactersAndOffsetZero() {
        String epoch = "x".repeat(64);
        assertEquals(new Envelope.Join(new Envelope.JoinData("chat", new Envelope.Since(epoch, 0L))),
                request("{\"event\":\"join\",\"data\":{\"room\":\"chat\",\"since\":{\"epoch\":\"" + epoch
                        + "\",\"offset\":0}}}").envelope());
    }

    @Test
    void decodesAPresenceRequest() {
        assertEquals(new Envelope.PresenceQuery(new Envelope.RoomData("chat")),
                request("{\"event\":\"presence\",\"id\":4,\"data\":{\"room\":\"chat\"}}").envelope());
    }

    @Test
    void decodesAHistoryRequestWithAndWithoutLimit() {
        assertEquals(new Envelope.History(new Envelope.HistoryData("chat", 2)),
                request("{\"event\":\"history\",\"id\":13,\"data\":{\"room\":\"chat\",\"limit\":2}}").envelope());
        assertEquals(new Envelope.History(new Envelope.HistoryData("chat", null)),
                request("{\"event\":\"history\",\"id\":13,\"data\":{\"room\":\"chat\",\"limit\":null}}")
                        .envelope());
        assertEquals(new Envelope.History(new Envelope.HistoryData("chat", null)),
                request("{\"event\":\"history\",\"id\":13,\"data\":{\"room\":\"chat\"}}").envelope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "5", "{}", "{\"room\":5}", "{\"room\":\"chat\",\"limit\":0}",
            "{\"room\":\"chat\",\"limit\":-3}", "{\"room\":\"chat\",\"limit\":\"2\"}",
            "{\"room\":\"chat\",\"limit\":2.5}", "{\"room\":\"chat\",\"limit\":2147483648}"})
    void refusesAHistoryRequestOfTheWrongShape(String data) {
        InboundFrame.Malformed frame = malformed("{\"event\":\"history\",\"id\":4,\"data\":" + data + "}");

        assertEquals(ErrorCode.BAD_REQUEST, frame.code());
        assertEquals(Optional.of("4"), idJson(frame));
    }

    @Test
    void willDecodeEveryText() {
        assertTrue(decoder.willDecode("anything"));
    }

    // --- size ----------------------------------------------------------------------------------------------------

    @Test
    void countsTheFrameInUtf8Bytes() {
        String text = "{\"event\":\"message\",\"data\":{\"content\":\"é€😀\"}}";

        InboundFrame.Request frame = request(text);

        assertEquals(utf8(text), frame.bytes());
        assertEquals(text.length() + 1 + 2 + 2, frame.bytes());
    }

    @Test
    void countsBytesOfMalformedFramesToo() {
        String text = "not json é€😀";

        assertEquals(utf8(text), malformed(text).bytes());
    }

    @Test
    void decodesAFrameOfExactlyTheCeiling() {
        int ceiling = MessagingSettings.FRAME_BYTES_CEILING;
        String text = "é".repeat(ceiling / 2);

        InboundFrame frame = decoder.decode(text);

        assertEquals(ErrorCode.BAD_REQUEST, assertInstanceOf(InboundFrame.Malformed.class, frame).code());
        assertEquals(ceiling, frame.bytes());
    }

    @Test
    void countsASurrogatePairAsFourBytes() {
        int ceiling = MessagingSettings.FRAME_BYTES_CEILING;
        String text = "😀".repeat(ceiling / 4);

        InboundFrame frame = decoder.decode(text);

        assertInstanceOf(InboundFrame.Malformed.class, frame);
        assertEquals(ceiling, frame.bytes());
    }

    @Test
    void leavesAFrameAboveTheCeilingUnparsed() {
        int ceiling = MessagingSettings.FRAME_BYTES_CEILING;

        assertEquals(new InboundFrame.Oversized(ceiling + 1), decoder.decode("é".repeat(ceiling / 2) + "a"));
        assertEquals(new InboundFrame.Oversized(ceiling + 4), decoder.decode("😀".repeat(ceiling / 4 + 1)));
        assertEquals(new InboundFrame.Oversized(ceiling + 2), decoder.decode("€".repeat(ceiling / 3 + 1)));
        assertEquals(Optional.empty(), decoder.decode("a".repeat(ceiling + 1)).id());
    }

    @Test
    void leavesAValidButOversizedEnvelopeUnparsed() {
        int ceiling = MessagingSettings.FRAME_BYTES_CEILING;
        String text = "{\"event\":\"message\",\"id\":1,\"data\":{\"content\":\"" + "x".repeat(ceiling) + "\"}}";

        assertEquals(new InboundFrame.Oversized(utf8(text)), decoder.decode(text));
    }
}
