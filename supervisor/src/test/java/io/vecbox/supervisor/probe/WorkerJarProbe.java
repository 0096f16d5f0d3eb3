package io.vecbox.supervisor.probe;

import io.vecbox.protocol.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compares two worker builds side by side: a raw worker (no pool) of this build's bundled worker jar
 * and one of another jar (args[0], e.g. {@code worker/target/vecbox-worker-*-all.jar} of another
 * checkout) answer {@code select 1} in interleaved blocks, with the pipe echo; per build the
 * percentiles and the worker's CPU time per request. Not a test: run it by hand,
 * {@code java -cp <supervisor test class path> io.vecbox.supervisor.probe.WorkerJarProbe <other jar> [rounds] [iterations]}.
 */
public final class WorkerJarProbe {
    private WorkerJarProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path other = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int block = Integer.getInteger("block", 250);
        Path dir = Files.createTempDirectory("vecbox-jars");
        Path db = dir.resolve("x.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("pragma journal_mode=wal");
        }
        try (LatencyProbe.Echo echo = new LatencyProbe.Echo(List.of("-Xss1m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), "direct");
             RawWorker mine = new RawWorker(db, 0, List.of(), Role.READER, Map.of(), RawWorker.defaultJar());
             RawWorker theirs = new RawWorker(db, 0, List.of(), Role.READER, Map.of(), other)) {
            RawWorker[] workers = {mine, theirs};
            for (int i = 0; i < n; i++) {
                echo.roundTrip();
                mine.select1();
                theirs.select1();
            }
            long[][] s = new long[3][rounds * n];
            long[] cpu = new long[2];
            for (int b = 0; b < rounds * n / block; b++) {
                for (int i = b * block; i < (b + 1) * block; i++) {
                    s[2][i] = echo.roundTrip();
                }
                for (int k = 0; k < 2; k++) {
                    int w = (k + b) % 2;
                    long cpu0 = workers[w].cpuNanos();
                    for (int i = b * block; i < (b + 1) * block; i++) {
                        s[w][i] = workers[w].select1();
                    }
                    cpu[w] += workers[w].cpuNanos() - cpu0;
                }
            }
            System.out.println("load " + Files.readString(Path.of("/proc/loadavg")).trim());
            String[] names = {"this build's worker", "worker of " + other.getFileName(), "pipe echo (floor)"};
            for (int k = 0; k < 3; k++) {
                Arrays.sort(s[k]);
                int len = s[k].length;
                System.out.printf("%-44s p50 %6.1f p90 %6.1f p99 %7.1f µs%s%n", names[k], s[k][len / 2] / 1e3,
                        s[k][len * 9 / 10] / 1e3, s[k][len * 99 / 100] / 1e3,
                        k < 2 ? String.format(" | worker CPU %.1f µs per request", cpu[k] / 1e3 / len) : "");
            }
        }
    }
}
