package dev.eventsgateway.ops.boundary;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** Reads a request body of bounded size as one JSON object. */
final class JsonBody {

    static final int MAX_BYTES = 65_536;

    private JsonBody() {
    }

    /** Reads at most one byte more than allowed, whatever the Content-Length claims, and refuses bodies that have it. */
    static JsonObject read(HttpServletRequest request) throws IOException {
        return parse(text(request));
    }

    /** Like {@link #read}, but an empty body (blank included) is an empty object. */
    static JsonObject readOptional(HttpServletRequest request) throws IOException {
        String text = text(request);
        return text.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : parse(text);
    }

    private static String text(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    static JsonObject parse(String text) {
        JsonValue value;
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new ApiException(400, "body", "must be a JSON object");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new ApiException(400, "body", "must be one JSON object, with nothing after it");
            }
        } catch (JsonParsingException e) {
            throw new ApiException(400, "body", "must be valid JSON");
        } catch (JsonException | IllegalStateException e) {
            throw new ApiException(400, "body", "must be one JSON object");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ApiException(400, "body", "must be a JSON object");
        }
        return value.asJsonObject();
    }

    /** The string field, or null when absent; anything but a string is refused naming the field. */
    static String string(JsonObject body, String field) {
        JsonValue value = body.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw new ApiException(400, field, "must be a string");
        }
        return body.getString(field);
    }

    /** The whole-number field, or null when absent; anything but an integer is refused naming the field. */
    static Integer integer(JsonObject body, String field) {
        JsonValue value = body.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw new ApiException(400, field, "must be a whole number");
        }
        try {
            return ((JsonNumber) value).intValueExact();
        } catch (ArithmeticException e) {
            throw new ApiException(400, field, "must be a whole number in range");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "body", "must be at most " + MAX_BYTES + " bytes");
    }
}
