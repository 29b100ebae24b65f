package dev.metadataguard.bench;

import java.util.Locale;

/** Prints a harness's results as one aligned block, the same in every harness, for the performance notes. */
final class Figures {

    private Figures() {
    }

    static void title(String title) {
        System.out.printf(Locale.ROOT, "%n== %s%n", title);
    }

    static void row(String label, String value) {
        System.out.printf(Locale.ROOT, "  %-58s %s%n", label, value);
    }

    static String decimal(double value, String unit) {
        String digits = value >= 100 ? "%,.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** The {@code quantile} of {@code sortedNanos}, in milliseconds. */
    static String millis(long[] sortedNanos, double quantile) {
        return decimal(sortedNanos[(int) Math.ceil(quantile * sortedNanos.length) - 1] / 1e6, "ms");
    }
}
