package dev.eventsgateway.protocol.entity;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.util.List;
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

    /**
     * A room publication's frame with its position appended after {@code data}: {@code ,"room":…,"epoch":…,"offset":…}
     * spliced onto the frame as {@link #frame} wrote it, once per publication.
     */
    public static String positioned(String frame, String room, String epoch, long offset) {
        String roomJson = quote(room);
        String epochJson = quote(epoch);
        return new StringBuilder(frame.length() + roomJson.length() + epochJson.length() + 40)
                .append(frame, 0, frame.length() - 1)
                .append(",\"room\":").append(roomJson)
                .append(",\"epoch\":").append(epochJson)
                .append(",\"offset\":").append(offset)
                .append('}')
                .toString();
    }

    /** An ack whose data ends with {@code "publications"}: the frames as members received them, embedded as JSON. */
    public static String ack(Optional<RequestId> id, AckData data, List<String> publications) {
        String json = toJson(data);
        StringBuilder withPublications = new StringBuilder(json.length() + 32
                + publications.stream().mapToInt(String::length).sum() + publications.size());
        withPublications.append(json, 0, json.length() - 1).append(",\"publications\":[");
        for (int i = 0; i < publications.size(); i++) {
            if (i > 0) {
                withPublications.append(',');
            }
            withPublications.append(publications.get(i));
        }
        withPublications.append("]}");
        String idPart = id.map(requestId -> ",\"id\":" + requestId.json()).orElse("");
        return "{\"event\":\"ack\"" + idPart + ",\"data\":" + withPublications + "}";
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
