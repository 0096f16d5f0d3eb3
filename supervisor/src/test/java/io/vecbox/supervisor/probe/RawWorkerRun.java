package io.vecbox.supervisor.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs {@code select 1} on a {@link RawWorker} started with extra JVM flags (args), e.g. to profile the worker. */
public final class RawWorkerRun {
    private RawWorkerRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("vecbox-raw");
        Path db = dir.resolve("x.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("pragma journal_mode=wal");
        }
        int n = Integer.getInteger("n", 30000);
        try (RawWorker w = new RawWorker(db, Long.getLong("guard", 0L), List.of(args))) {
            for (int i = 0; i < n; i++) {
                w.select1();
            }
            long cpu0 = w.cpuNanos();
            long wall0 = System.nanoTime();
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = w.select1();
            }
            long wall = System.nanoTime() - wall0;
            long cpu = w.cpuNanos() - cpu0;
            System.out.println("worker CPU per request " + cpu / n / 1000.0 + " µs; wall per request " + wall / n / 1000.0);
            Arrays.sort(t);
            System.out.println("p50 " + t[n / 2] / 1000.0 + " µs, p99 " + t[n * 99 / 100] / 1000.0);
        }
    }
}
