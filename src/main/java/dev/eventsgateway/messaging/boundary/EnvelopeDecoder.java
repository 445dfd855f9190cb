package dev.eventsgateway.messaging.boundary;

import dev.eventsgateway.messaging.control.MessagingSettings;
import dev.eventsgateway.metrics.control.Utf8Bytes;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.InboundFrame;
import dev.eventsgateway.protocol.entity.RequestId;
import dev.eventsgateway.protocol.entity.WireFormat;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.websocket.Decoder;
import java.io.StringReader;
import java.util.Optional;

/** Decodes every client text frame into an {@link InboundFrame}, never throwing, so bad input gets an error reply. */
public class EnvelopeDecoder implements Decoder.Text<InboundFrame> {

    private static final int MAX_ECHOED_EVENT_LENGTH = 64;
    // Json.createParser looks the provider up through the ServiceLoader on every call; the provider is thread-safe.
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * JSON-P reads the frame first to check the types JSON-B would coerce silently ({@code "room": 5} becoming
     * {@code "5"}) and to recover the {@code id} for the error ack; JSON-B then maps the sealed envelope.
     */
    @Override
    public InboundFrame decode(String text) {
        int bytes = Utf8Bytes.of(text);
        if (bytes > MessagingSettings.FRAME_BYTES_CEILING) {
            return new InboundFrame.Oversized(bytes);
        }
        JsonValue parsed;
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            parser.next();
            parsed = parser.getValue();
            if (parser.hasNext()) {
                return malformed(Optional.empty(), ErrorCode.BAD_REQUEST, "frame holds more than one JSON value", bytes);
            }
        } catch (RuntimeException e) {
            // JsonException for bad syntax; Parsson reports excessive nesting as a plain RuntimeException.
            return malformed(Optional.empty(), ErrorCode.BAD_REQUEST, "frame is not valid JSON", bytes);
        }
        if (!(parsed instanceof JsonObject object)) {
            return malformed(Optional.empty(), ErrorCode.BAD_REQUEST, "frame must be a JSON object", bytes);
        }
        JsonValue rawId = object.get("id");
        if (rawId != null && rawId.getValueType() != JsonValue.ValueType.NULL && !RequestId.isAcceptable(rawId)) {
            return malformed(Optional.empty(), ErrorCode.BAD_REQUEST, RequestId.RULE, bytes);
        }
        Optional<RequestId> id = RequestId.from(rawId);
        if (!(object.get("event") instanceof JsonString event)) {
            return malformed(id, ErrorCode.BAD_REQUEST, "event must be a string", bytes);
        }
        if (!EnvelopeShape.isKnown(event.getString())) {
            return malformed(id, ErrorCode.UNKNOWN_EVENT, "unknown event '" + shorten(event.getString()) + "'", bytes);
        }
        Optional<String> shapeProblem = EnvelopeShape.problem(event.getString(), object);
        if (shapeProblem.isPresent()) {
            return malformed(id, ErrorCode.BAD_REQUEST, shapeProblem.get(), bytes);
        }
        try {
            Envelope envelope = WireFormat.envelope(text);
            return new InboundFrame.Request(id, envelope, bytes);
        } catch (JsonbException e) {
            return malformed(id, ErrorCode.BAD_REQUEST, "frame does not match the " + shorten(event.getString())
                    + " envelope", bytes);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    private static InboundFrame malformed(Optional<RequestId> id, ErrorCode code, String reason, int bytes) {
        return new InboundFrame.Malformed(id, code, reason, bytes);
    }

    private static String shorten(String text) {
        String cut = text.length() > MAX_ECHOED_EVENT_LENGTH ? text.substring(0, MAX_ECHOED_EVENT_LENGTH) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
