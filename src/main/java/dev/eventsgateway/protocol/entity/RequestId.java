package dev.eventsgateway.protocol.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Optional;

/** The {@code id} of a client frame, an integer or a string, echoed verbatim in its ack. */
public record RequestId(JsonValue value) {

    /** Longer string ids are refused: they are echoed back and would let a client inflate replies. */
    public static final int MAX_STRING_LENGTH = 128;
    /** Numeric ids are bounded too, to what a JavaScript client can hold exactly: 2^53 - 1. */
    public static final long MAX_NUMBER = 9_007_199_254_740_991L;
    /** What an acceptable id is, as told to a client that sent another. */
    public static final String RULE = "id must be an integer within +-" + MAX_NUMBER + " or a string of at most "
            + MAX_STRING_LENGTH + " characters";
    private static final BigDecimal MAX_MAGNITUDE = BigDecimal.valueOf(MAX_NUMBER);

    public RequestId {
        if (!isAcceptable(value)) {
            throw new IllegalArgumentException(RULE);
        }
    }

    /** Empty when the frame carries no id (absent or null). */
    public static Optional<RequestId> from(JsonValue raw) {
        if (raw == null || raw.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(new RequestId(raw));
    }

    public static boolean isAcceptable(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.isIntegral() && number.bigDecimalValue().abs().compareTo(MAX_MAGNITUDE) <= 0;
        }
        return value instanceof JsonString string && string.getString().length() <= MAX_STRING_LENGTH;
    }

    /** The id as JSON text, ready to be written into a frame. */
    public String json() {
        return value.toString();
    }
}
