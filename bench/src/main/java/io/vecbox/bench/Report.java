package io.vecbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The markdown report: a header with the machine and the run, the main table
 * ({@code what | in-process | vecbox pool | ratio | target}), the percentiles of every latency
 * case, and notes (what was skipped or failed). Not thread-safe.
 */
public final class Report {
    /**
     * One line of the main table; every cell is already formatted.
     *
     * @param what the case
     * @param inProcess the in-process sqlite-jdbc figure, or {@code –}
     * @param pool the vecbox figure
     * @param ratio pool relative to in-process (or to the pipe floor), or {@code –}
     * @param target what issue 12 asks for, or {@code –}
     */
    public record Row(String what, String inProcess, String pool, String ratio, String target) {
        public Row {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(inProcess, "inProcess");
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(ratio, "ratio");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Percentiles of one latency case on one side.
     *
     * @param what the case and side
     * @param summary its samples, in nanoseconds
     */
    public record Detail(String what, Percentiles.Summary summary) {
    }

    private final String title;
    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Detail> details = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** @param title the first heading */
    public Report(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** @param line a line under the title (machine, mode, load) */
    public void header(String line) {
        header.add(line);
    }

    /** @param row a line of the main table */
    public void row(Row row) {
        rows.add(Objects.requireNonNull(row, "row"));
    }

    /**
     * @param what the case and side
     * @param summary its samples in nanoseconds; ignored if null (nothing measured)
     */
    public void detail(String what, Percentiles.Summary summary) {
        if (summary != null) {
            details.add(new Detail(what, summary));
        }
    }

    /** @param note a sentence below the tables */
    public void note(String note) {
        notes.add(note);
    }

    /** @return the rows so far */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** @return the whole report as markdown, ending with a newline */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (String line : header) {
            sb.append(line).append("  \n");
        }
        if (!header.isEmpty()) {
            sb.append('\n');
        }
        sb.append("| what | in-process | vecbox pool | ratio | target |\n| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(cell(r.what())).append(" | ").append(cell(r.inProcess())).append(" | ")
                    .append(cell(r.pool())).append(" | ").append(cell(r.ratio())).append(" | ")
                    .append(cell(r.target())).append(" |\n");
        }
        if (!details.isEmpty()) {
            sb.append("\nPercentiles (nearest rank, all samples of all rounds):\n\n")
                    .append("| case | n | p50 | p90 | p99 | max |\n| --- | --- | --- | --- | --- | --- |\n");
            for (Detail d : details) {
                Percentiles.Summary s = d.summary();
                sb.append("| ").append(cell(d.what())).append(" | ").append(s.count()).append(" | ")
                        .append(Format.duration(s.p50())).append(" | ").append(Format.duration(s.p90())).append(" | ")
                        .append(Format.duration(s.p99())).append(" | ").append(Format.duration(s.max())).append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    /** A pipe would end the cell; a newline would end the row. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
