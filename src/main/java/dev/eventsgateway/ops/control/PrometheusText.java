package dev.eventsgateway.ops.control;

import dev.eventsgateway.metrics.control.DurationHistogram;
import java.math.BigDecimal;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4; label values come from closed enums only, so
 * none needs escaping.
 */
final class PrometheusText {

    private final StringBuilder text = new StringBuilder(4096);

    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(String name, long value) {
        text.append(name).append(' ').append(value).append('\n');
        return this;
    }

    PrometheusText sample(String name, String label, String labelValue, long value) {
        text.append(name).append('{').append(label).append("=\"").append(labelValue).append("\"} ").append(value)
                .append('\n');
        return this;
    }

    /** A histogram's cumulative buckets ({@code le} in seconds, {@code +Inf} last), sum in seconds and count. */
    PrometheusText histogram(String name, DurationHistogram.Snapshot snapshot) {
        long[] bounds = snapshot.upperBoundsNanos();
        long[] counts = snapshot.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            sample(name + "_bucket", "le", seconds(bounds[i]), counts[i]);
        }
        sample(name + "_bucket", "le", "+Inf", snapshot.count());
        text.append(name).append("_sum ").append(seconds(snapshot.sumNanos())).append('\n');
        return sample(name + "_count", snapshot.count());
    }

    /** Exact decimal seconds, without the exponent a double would print for small values. */
    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
