package io.vecbox.bench;

import java.nio.file.Path;

/**
 * The swap of a read-only pool's database file under load ({@code WorkerPool.swapDatabase}).
 * Not measured by this build: the pool has no swap yet.
 */
final class SwapCases {
    private final Report report;

    SwapCases(Report report) {
        this.report = report;
    }

    /**
     * @param rows vectors in both files
     * @param before a restored file without the catch-up rows
     * @param after a restored file with them
     */
    void run(int rows, Path before, Path after) {
        report.note(String.format("swap over %,d vectors not measured: this build's pool has no swapDatabase", rows));
    }
}
