package dev.eventsgateway.benchmark;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One measured window of one scenario against one target, with its figures by name (numbers or text). */
record Result(String server, String scenario, String target, int run, Map<String, Object> figures) {

    Result {
        figures = new TreeMap<>(figures);
    }

    double number(String name) {
        Object value = figures.get(name);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** One JSON object on one line. */
    String json() {
        String body = figures.entrySet().stream()
                .map(entry -> quote(entry.getKey()) + ":" + value(entry.getValue()))
                .collect(Collectors.joining(","));
        return "{\"server\":" + quote(server) + ",\"scenario\":" + quote(scenario) + ",\"target\":" + quote(target)
                + ",\"run\":" + run + (body.isEmpty() ? "" : "," + body) + "}";
    }

    private static String value(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
