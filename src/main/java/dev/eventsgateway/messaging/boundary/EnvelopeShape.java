package dev.eventsgateway.messaging.boundary;

import dev.eventsgateway.protocol.entity.Envelope;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Optional;

/** The JSON types each envelope's {@code data} must have, checked before JSON-B maps (and would coerce) them. */
final class EnvelopeShape {

    private EnvelopeShape() {
    }

    static boolean isKnown(String event) {
        return switch (event) {
            case Envelope.MESSAGE, Envelope.JOIN, Envelope.LEAVE, Envelope.PING, Envelope.REFRESH -> true;
            default -> false;
        };
    }

    /** What is wrong with the shape of a frame of a known event, or empty when it is right. */
    static Optional<String> problem(String event, JsonObject frame) {
        JsonValue data = frame.get("data");
        return switch (event) {
            case Envelope.MESSAGE -> message(data);
            case Envelope.JOIN, Envelope.LEAVE -> objectWithString(data, "room");
            case Envelope.REFRESH -> objectWithString(data, "token");
            default -> Optional.empty();
        };
    }

    private static Optional<String> message(JsonValue data) {
        if (!(data instanceof JsonObject object)) {
            return Optional.of("data must be an object with content");
        }
        if (!isString(object.get("content"))) {
            return Optional.of("data.content must be a string");
        }
        JsonValue room = object.get("room");
        if (room != null && room.getValueType() != JsonValue.ValueType.NULL && !isString(room)) {
            return Optional.of("data.room must be a string");
        }
        return Optional.empty();
    }

    /** An object whose one required member is a string: {@code room} of join and leave, {@code token} of refresh. */
    private static Optional<String> objectWithString(JsonValue data, String member) {
        if (!(data instanceof JsonObject object)) {
            return Optional.of("data must be an object with " + member);
        }
        if (!isString(object.get(member))) {
            return Optional.of("data." + member + " must be a string");
        }
        return Optional.empty();
    }

    private static boolean isString(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.STRING;
    }
}
