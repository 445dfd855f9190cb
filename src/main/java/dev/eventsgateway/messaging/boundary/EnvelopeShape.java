package dev.eventsgateway.messaging.boundary;

import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.history.entity.Position;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Optional;

/** The JSON types each envelope's {@code data} must have, checked before JSON-B maps (and would coerce) them. */
final class EnvelopeShape {

    private EnvelopeShape() {
    }

    static boolean isKnown(String event) {
        return switch (event) {
            case Envelope.MESSAGE, Envelope.JOIN, Envelope.LEAVE, Envelope.PING, Envelope.REFRESH, Envelope.HISTORY,
                 Envelope.PRESENCE -> true;
            default -> false;
        };
    }

    /** What is wrong with the shape of a frame of a known event, or empty when it is right. */
    static Optional<String> problem(String event, JsonObject frame) {
        JsonValue data = frame.get("data");
        return switch (event) {
            case Envelope.MESSAGE -> message(data);
            case Envelope.JOIN -> objectWithString(data, "room").or(() -> since(((JsonObject) data).get("since")));
            case Envelope.LEAVE, Envelope.PRESENCE -> objectWithString(data, "room");
            case Envelope.HISTORY -> objectWithString(data, "room").or(() -> limit(((JsonObject) data).get("limit")));
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

    /** {@code since} of a join: absent, null, or an epoch of 1 to 64 characters and a safe non-negative integer. */
    private static Optional<String> since(JsonValue since) {
        if (isAbsent(since)) {
            return Optional.empty();
        }
        if (!(since instanceof JsonObject position)) {
            return Optional.of("data.since must be an object with epoch and offset");
        }
        JsonValue epoch = position.get("epoch");
        if (!isString(epoch) || ((JsonString) epoch).getString().isEmpty()
                || ((JsonString) epoch).getString().length() > Position.MAX_EPOCH_LENGTH) {
            return Optional.of("data.since.epoch must be a string of 1 to " + Position.MAX_EPOCH_LENGTH + " characters");
        }
        if (!isIntegerWithin(position.get("offset"), 0, Position.MAX_OFFSET)) {
            return Optional.of("data.since.offset must be an integer from 0 to " + Position.MAX_OFFSET);
        }
        return Optional.empty();
    }

    /** {@code limit} of a history request: absent, null or a positive integer; its upper bound is the handler's. */
    private static Optional<String> limit(JsonValue limit) {
        if (isAbsent(limit) || isIntegerWithin(limit, 1, Integer.MAX_VALUE)) {
            return Optional.empty();
        }
        return Optional.of("data.limit must be a positive integer");
    }

    private static boolean isAbsent(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    /** A plain integer literal ({@code 7}, not {@code 7.0} or {@code 7e0}) within the bounds. */
    private static boolean isIntegerWithin(JsonValue value, long min, long max) {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            return false;
        }
        BigDecimal exact = number.bigDecimalValue();
        return exact.compareTo(BigDecimal.valueOf(min)) >= 0 && exact.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    /** An object whose one required member is a string: {@code room} of join, leave and presence, {@code token} of refresh. */
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
