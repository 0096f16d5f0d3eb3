package io.vecbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void markdownHasTheHeaderTheTableThePercentilesAndTheNotesInThatOrder() {
        Report r = new Report("vecbox side-by-side benchmark");
        r.header("Machine: 2 cores");
        r.row(new Report.Row("`select 1`, p50", "1.1 µs", "232 µs", "8.00× the floor", "≤ 1.30× the floor"));
        r.detail("`select 1`, pool", new Percentiles.Summary(3, 232_000, 300_000, 400_000, 100_000, 400_000));
        r.detail("nothing measured", null);
        r.note("one-shot `vecbox query` not measured");

        assertThat(r.toMarkdown()).isEqualTo("""
                # vecbox side-by-side benchmark

                Machine: 2 cores \s

                | what | in-process | vecbox pool | ratio | target |
                | --- | --- | --- | --- | --- |
                | `select 1`, p50 | 1.1 µs | 232 µs | 8.00× the floor | ≤ 1.30× the floor |

                Percentiles (nearest rank, all samples of all rounds):

                | case | n | p50 | p90 | p99 | max |
                | --- | --- | --- | --- | --- | --- |
                | `select 1`, pool | 3 | 232 µs | 300 µs | 400 µs | 400 µs |

                - one-shot `vecbox query` not measured
                """);
    }

    @Test
    void cellsCannotBreakTheTable() {
        Report r = new Report("t");
        r.row(new Report.Row("a | b", "line\nbreak", "x", "–", "–"));
        assertThat(r.toMarkdown()).contains("| a \\| b | line break | x | – | – |");
    }

    @Test
    void aReportWithoutDetailsOrNotesIsJustTheTable() {
        Report r = new Report("t");
        r.row(new Report.Row("w", "1", "2", "2.00×", "–"));
        assertThat(r.toMarkdown()).doesNotContain("Percentiles").doesNotContain("\n- ")
                .endsWith("| w | 1 | 2 | 2.00× | – |\n");
        assertThat(r.rows()).hasSize(1);
    }
}
