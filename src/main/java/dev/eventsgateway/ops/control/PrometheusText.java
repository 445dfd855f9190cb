package dev.eventsgateway.ops.control;

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

    @Override
    public String toString() {
        return text.toString();
    }
}
