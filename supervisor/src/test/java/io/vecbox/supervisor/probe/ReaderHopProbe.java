package io.vecbox.supervisor.probe;

import io.vecbox.protocol.Message;
import io.vecbox.protocol.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Prices the host's reader-thread hop on its own: two raw workers (no pool) answer {@code select 1},
 * one read by the calling thread itself (the caller writes, then reads its answer), one read by a
 * reader thread that completes a future the caller waits on (the pool's shape). Interleaved in
 * blocks, with the pipe echo. Not a test: run it by hand,
 * {@code java -cp <supervisor test class path> io.vecbox.supervisor.probe.ReaderHopProbe [rounds] [iterations]}.
 */
public final class ReaderHopProbe {
    /** The answer the reader thread completes next. */
    private static volatile CompletableFuture<Message> waiting;

    private ReaderHopProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int block = Integer.getInteger("block", 250);
        Path dir = Files.createTempDirectory("vecbox-hop");
        Path db = dir.resolve("x.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("pragma journal_mode=wal");
        }
        try (LatencyProbe.Echo echo = new LatencyProbe.Echo(List.of("-Xss1m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"), "direct");
             RawWorker direct = new RawWorker(db, 0);
             RawWorker viaReader = new RawWorker(db, 0)) {
            Thread reader = new Thread(() -> {
                try {
                    Message m;
                    while ((m = viaReader.next()) != null) {
                        waiting.complete(m); // the caller set it before it wrote the request
                    }
                } catch (IOException e) {
                    // closing
                }
            }, "probe-reader");
            reader.setDaemon(true);
            reader.start();
            long[][] s = new long[3][rounds * n];
            for (int i = 0; i < n; i++) {
                echo.roundTrip();
                direct.select1();
                hop(viaReader);
            }
            for (int b = 0; b < rounds * n / block; b++) {
                for (int i = b * block; i < (b + 1) * block; i++) {
                    s[0][i] = echo.roundTrip();
                }
                for (int i = b * block; i < (b + 1) * block; i++) {
                    s[1][i] = direct.select1();
                }
                for (int i = b * block; i < (b + 1) * block; i++) {
                    s[2][i] = hop(viaReader);
                }
            }
            System.out.println("load " + Files.readString(Path.of("/proc/loadavg")).trim());
            String[] names = {"pipe echo (floor)", "raw worker, caller reads", "raw worker, reader thread + future"};
            for (int k = 0; k < 3; k++) {
                Arrays.sort(s[k]);
                int len = s[k].length;
                System.out.printf("%-36s p50 %6.1f p90 %6.1f p99 %7.1f µs%n", names[k], s[k][len / 2] / 1e3,
                        s[k][len * 9 / 10] / 1e3, s[k][len * 99 / 100] / 1e3);
            }
        }
    }

    private static long hop(RawWorker w) throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Message> f = new CompletableFuture<>();
        waiting = f; // the reader thread stays blocked in read: no wake-up before the answer, as in a pool
        w.sendSelect1();
        Message m = f.get();
        long t = System.nanoTime() - t0;
        if (!(m instanceof Result)) {
            throw new IllegalStateException("expected a result, got " + m);
        }
        return t;
    }
}
