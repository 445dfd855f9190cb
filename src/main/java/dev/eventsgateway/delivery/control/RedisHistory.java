package dev.eventsgateway.delivery.control;

import dev.eventsgateway.history.entity.HistorySnapshot;
import dev.eventsgateway.history.entity.Position;
import dev.eventsgateway.history.entity.StoredPublication;
import java.util.ArrayList;
import java.util.List;

/** Reads the reply of a history script: {@code [epoch, offset, millis, [[id, [field, value, ...]], ...]]}. */
final class RedisHistory {

    private RedisHistory() {
    }

    static HistorySnapshot snapshot(List<Object> reply) {
        if (reply == null || reply.size() != 4) {
            throw new RedisEnvelope.MalformedEnvelopeException("a history read answered " + reply);
        }
        Position position = new Position(text(reply.get(0)), number(reply.get(1)));
        long now = number(reply.get(2));
        List<StoredPublication> publications = new ArrayList<>();
        for (Object entry : list(reply.get(3))) {
            List<Object> idAndFields = list(entry);
            String id = text(idAndFields.get(0));
            long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
            List<Object> fields = list(idAndFields.get(1));
            long storedAt = 0;
            String frame = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (text(fields.get(i))) {
                    case "t" -> storedAt = number(fields.get(i + 1));
                    case "f" -> frame = RedisEnvelope.unsequenced(text(fields.get(i + 1))).frame();
                    default -> {
                        // fields of a later version are skipped
                    }
                }
            }
            if (frame == null) {
                throw new RedisEnvelope.MalformedEnvelopeException("history entry " + id + " has no frame");
            }
            publications.add(new StoredPublication(offset, storedAt, frame));
        }
        return new HistorySnapshot(position, now, publications);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new RedisEnvelope.MalformedEnvelopeException("expected a list in a history read, got " + value);
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new RedisEnvelope.MalformedEnvelopeException("expected text in a history read, got " + value);
    }

    private static long number(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        try {
            return Long.parseLong(text(value));
        } catch (NumberFormatException e) {
            throw new RedisEnvelope.MalformedEnvelopeException("expected a number in a history read, got " + value);
        }
    }
}
