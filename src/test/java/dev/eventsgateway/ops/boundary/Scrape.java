package dev.eventsgateway.ops.boundary;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One scrape of {@code /ops/metrics}, as series (name with labels, as written) to value. */
record Scrape(Map<String, BigDecimal> series) {

    static Scrape parse(String text) {
        Map<String, BigDecimal> series = new HashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), new BigDecimal(line.substring(space + 1)));
        });
        return new Scrape(Map.copyOf(series));
    }

    /** A whole-numbered series: every counter and gauge, and a histogram's buckets and count. */
    long value(String name) {
        return decimal(name).longValueExact();
    }

    BigDecimal decimal(String name) {
        BigDecimal value = series.get(name);
        if (value == null) {
            throw new AssertionError("no series " + name + " in " + series.keySet());
        }
        return value;
    }

    /** How far a series moved since an earlier scrape. */
    long since(Scrape earlier, String name) {
        return value(name) - earlier.value(name);
    }

    /** How far a series with a fractional value, such as a histogram's sum, moved since an earlier scrape. */
    BigDecimal decimalSince(Scrape earlier, String name) {
        return decimal(name).subtract(earlier.decimal(name));
    }

    /** A histogram's bucket counts, ordered by their upper bound, {@code +Inf} last. */
    List<Long> buckets(String histogram) {
        String prefix = histogram + "_bucket{le=\"";
        return series.keySet().stream().filter(name -> name.startsWith(prefix))
                .sorted(Comparator.comparingDouble(name -> Double.parseDouble(
                        name.substring(prefix.length(), name.length() - 2).replace("+Inf", "Infinity"))))
                .map(this::value).toList();
    }
}
