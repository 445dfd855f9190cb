package dev.eventsgateway.ops.boundary;

import java.util.HashMap;
import java.util.Map;

/** One scrape of {@code /ops/metrics}, as series (name with labels, as written) to value. */
record Scrape(Map<String, Long> series) {

    static Scrape parse(String text) {
        Map<String, Long> series = new HashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        });
        return new Scrape(Map.copyOf(series));
    }

    long value(String name) {
        Long value = series.get(name);
        if (value == null) {
            throw new AssertionError("no series " + name + " in " + series.keySet());
        }
        return value;
    }

    /** How far a series moved since an earlier scrape. */
    long since(Scrape earlier, String name) {
        return value(name) - earlier.value(name);
    }
}
