package io.vecbox.cli;

import java.io.PrintStream;

/**
 * A progress bar on stderr: redrawn in place with {@code \r} at most every 100 ms when the
 * console is a terminal, otherwise one line per 25 % so logs and CI output stay readable.
 * Not thread-safe.
 */
final class Progress {
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastQuarter;
    private boolean drawn;

    /**
     * @param label what is being done, e.g. {@code loading}
     * @param total the amount of work in whatever unit {@link #update} counts (rows, bytes); 0 if unknown
     * @param err where to draw
     */
    Progress(String label, long total, PrintStream err) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.terminal = System.console() != null;
    }

    /**
     * @param done work done so far, in the unit of {@code total}
     * @param rows rows loaded so far
     */
    void update(long done, long rows) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawNanos >= 100_000_000L) {
                lastDrawNanos = now;
                err.print("\r" + line(done, rows, now));
                err.flush();
                drawn = true;
            }
        } else if (total > 0) {
            int quarter = (int) Math.min(4, done * 4 / total);
            if (quarter > lastQuarter && quarter < 4) {
                lastQuarter = quarter;
                err.println(line(done, rows, now));
                err.flush();
            }
        }
    }

    /** @param rows rows loaded in the end; draws the final state and ends the line */
    void finish(long done, long rows) {
        long now = System.nanoTime();
        String line = line(done, rows, now);
        err.print((terminal && drawn ? "\r" : "") + line + System.lineSeparator());
        err.flush();
    }

    private String line(long done, long rows, long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(f * WIDTH);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", Math.round(f * 100)));
        }
        sb.append(Plural.count(rows, "row")).append(String.format("  %,.0f rows/s", rows / seconds));
        return sb.toString();
    }
}
