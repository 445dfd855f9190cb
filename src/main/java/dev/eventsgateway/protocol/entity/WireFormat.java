package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.util.Objects;
import java.util.Optional;

/** Writes outbound frames and maps envelopes with one shared, thread-safe JSON-B instance. */
public final class WireFormat {

    // Jsonb is immutable and thread-safe; one instance keeps Yasson's per-class metadata cache warm for every session.
    private static final Jsonb JSONB = JsonbBuilder.create();

    private WireFormat() {
    }

    /** {@code {"event": name, "data": data}} with any JSON-B mappable data. */
    public static String frame(String event, Object data) {
        Objects.requireNonNull(event, "event");
        return "{\"event\":" + quote(event) + ",\"data\":" + toJson(data) + "}";
    }

    public static String frame(EventName event, Object data) {
        return frame(event.wireName(), data);
    }

    /** An ack, with the request's id when it had one. */
    public static String ack(Optional<RequestId> id, AckData data) {
        String idPart = id.map(requestId -> ",\"id\":" + requestId.json()).orElse("");
        return "{\"event\":\"ack\"" + idPart + ",\"data\":" + toJson(data) + "}";
    }

    public static String toJson(Object data) {
        if (data == null) {
            return "null";
        }
        return JSONB.toJson(data);
    }

    /** @throws JsonbException when the text does not map onto an envelope */
    public static Envelope envelope(String json) {
        return JSONB.fromJson(json, Envelope.class);
    }

    private static String quote(String text) {
        return JSONB.toJson(text);
    }
}
