package io.tcbatch.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Median, minimum and maximum of a few measurements, for the figures of {@code bench/run}.
 * As a program, {@code Stats NAME UNIT VALUE...} prints {@code NAME_median_UNIT},
 * {@code NAME_min_UNIT}, {@code NAME_max_UNIT} and {@code NAME_runs} lines (two decimals), so the
 * shell part of a benchmark need not do arithmetic.
 */
public final class Stats {

    private Stats() {
    }

    /** The middle value; with an even count, the mean of the two middle ones. */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double min(double... values) {
        return Arrays.stream(values).min().orElseThrow(() -> new IllegalArgumentException("no values"));
    }

    public static double max(double... values) {
        return Arrays.stream(values).max().orElseThrow(() -> new IllegalArgumentException("no values"));
    }

    /** The figure lines for {@code values}, e.g. {@code version_median_seconds=0.31}. */
    public static String lines(String name, String unit, double... values) {
        String u = unit.isEmpty() ? "" : "_" + unit;
        StringBuilder runs = new StringBuilder();
        for (double v : values) {
            runs.append(runs.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return String.format(Locale.ROOT, "%s_median%s=%.2f%n%s_min%s=%.2f%n%s_max%s=%.2f%n%s_runs%s=%s%n",
                name, u, median(values), name, u, min(values), name, u, max(values), name, u, runs);
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: Stats NAME UNIT VALUE...");
            System.exit(2);
        }
        double[] values = new double[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            values[i - 2] = Double.parseDouble(args[i]);
        }
        System.out.print(lines(args[0], args[1], values));
    }
}
