package io.vecbox.bench;

import java.util.Locale;

/** How the report writes numbers: short, with units, and the same way in every row. */
public final class Format {
    private Format() {
    }

    /**
     * @param nanos a duration
     * @return e.g. {@code 850 ns}, {@code 1.1 µs}, {@code 232 µs}, {@code 8.5 ms}, {@code 85 ms}, {@code 2.40 s}
     */
    public static String duration(double nanos) {
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return scaled(nanos / 1e3, "µs");
        }
        if (nanos < 1_000_000_000) {
            return scaled(nanos / 1e6, "ms");
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /**
     * @param perSecond a rate
     * @param unit what is counted per second, e.g. {@code rows/s}
     * @return e.g. {@code 29.3k rows/s}, {@code 706 MB/s}, {@code 22.5 q/s}
     */
    public static String rate(double perSecond, String unit) {
        String number;
        if (perSecond >= 10_000) {
            number = String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        } else if (perSecond >= 100) {
            number = String.format(Locale.ROOT, "%.0f", perSecond);
        } else {
            number = String.format(Locale.ROOT, "%.1f", perSecond);
        }
        return number + " " + unit;
    }

    /**
     * @param ratio a ratio, e.g. pool over in-process
     * @return e.g. {@code 0.58×}, {@code 8.00×}, {@code 12×}; {@code –} for NaN or infinity
     */
    public static String ratio(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "–";
        }
        return String.format(Locale.ROOT, ratio < 10 ? "%.2f×" : "%.0f×", ratio);
    }

    /**
     * @param kib a size in KiB, as /proc reports it
     * @return e.g. {@code 48.2 MB} (MiB, one decimal)
     */
    public static String kib(long kib) {
        return String.format(Locale.ROOT, "%.1f MB", kib / 1024.0);
    }

    private static String scaled(double value, String unit) {
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, unit);
    }
}
