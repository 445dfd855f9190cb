package dev.eventsgateway.benchmark;

import java.util.Locale;

/** A figure as a multiple of a reference figure, as the report prints it: {@code 1.23}, or {@code -} when undefined. */
final class Ratio {

    static final String UNDEFINED = "-";

    private Ratio() {
    }

    /** {@code value / reference} with two decimals (none from 100 on); undefined without a positive reference. */
    static String of(double value, double reference) {
        if (!Double.isFinite(value) || !Double.isFinite(reference) || reference <= 0 || value < 0) {
            return UNDEFINED;
        }
        double ratio = value / reference;
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0f" : "%.2f", ratio);
    }
}
