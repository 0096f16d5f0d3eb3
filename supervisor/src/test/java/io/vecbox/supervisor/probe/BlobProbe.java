package io.vecbox.supervisor.probe;

import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import io.vecbox.supervisor.RowStream;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The large-result case of the side-by-side bench alone (10,000 rows of 1,536-byte blobs in one
 * result, the same rows through a stream), in one run and interleaved with in-process sqlite-jdbc,
 * without the bench's vector data. Not a test: run it by hand,
 * {@code java -cp <supervisor test class path> [-DworkerFlags="..."] [-DcompareFlags="..."]
 * io.vecbox.supervisor.probe.BlobProbe [rounds]}, where {@code compareFlags} adds a second pool
 * whose workers run with other JVM flags, measured in the same rounds.
 * Prints the median of each case and its ratio to in-process, and the load average.
 */
public final class BlobProbe {
    private static final int ROWS = 10_000;
    private static final int BYTES = 1536;
    private static final String SQL = "select id, b from blobs";
    /** CPU time of the host and the workers per case. */
    private static final Map<String, List<Long>> cpu = new LinkedHashMap<>();

    private BlobProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createTempDirectory("vecbox-blobs");
        Path db = dir.resolve("blobs.db");
        Map<String, List<Long>> times = new LinkedHashMap<>();
        long expected = (long) ROWS * BYTES;
        long sink = 0;
        System.out.println("(" + Files.readString(Path.of("/proc/loadavg")).trim() + ")");
        try (SQLiteConnection conn = inProcess(db)) {
            load(conn);
            String flags = System.getProperty("workerFlags", "").trim();
            // -DcompareFlags="...": a second pool whose workers run with these JVM flags instead
            String other = System.getProperty("compareFlags", "").trim();
            try (WorkerPool pool = pool(db, flags);
                    WorkerPool second = other.isEmpty() ? null : pool(db, other);
                    PreparedStatement ps = conn.prepareStatement(SQL)) {
                for (int round = 0; round < rounds + 3; round++) {
                    long t0 = System.nanoTime();
                    long bytes = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sink += rs.getLong(1);
                            bytes += rs.getBytes(2).length;
                        }
                    }
                    long t1 = System.nanoTime();
                    check(expected, bytes);
                    if (round >= 3) {
                        add(times, "in-process", t1 - t0);
                        add(cpu, "in-process", t1 - t0); // one thread, busy throughout
                    }
                    sink += cases(pool, "", times, round >= 3, expected);
                    if (second != null) {
                        sink += cases(second, " " + other, times, round >= 3, expected);
                    }
                }
            }
        }
        double in = median(times.get("in-process"));
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            double m = median(e.getValue());
            System.out.printf("%-22s p50 %6.1f ms  %6.0f MB/s  %.2fx%n", e.getKey(), m / 1e6, expected / (m / 1e9) / 1e6,
                    in / m);
        }
        for (Map.Entry<String, List<Long>> e : cpu.entrySet()) {
            double total = e.getValue().stream().mapToLong(Long::longValue).sum() / (double) e.getValue().size();
            System.out.printf("CPU %-22s mean %6.1f ms%s%n", e.getKey(), total / 1e6,
                    e.getKey().contains("workers only") ? "" : " (host + workers)");
        }
        System.out.println("(" + Files.readString(Path.of("/proc/loadavg")).trim() + ")" + (sink == 42 ? "" : " "));
    }

    private static WorkerPool pool(Path db, String flags) {
        WorkerPool.Builder b = WorkerPool.builder().name("blobs").database(db).readers(2)
                .maxRows(2 * ROWS).maxResultBytes(32L << 20);
        if (!flags.isEmpty()) {
            b.jvmOptions(List.of(flags.split(" +")));
        }
        return b.build();
    }

    /** @return CPU nanoseconds used so far by this JVM and the pool's workers (Linux: /proc) */
    private static long cpuNanos(WorkerPool pool) {
        return hostCpuNanos() + workerCpuNanos(pool);
    }

    private static long hostCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** @return CPU nanoseconds used so far by the pool's workers (Linux: /proc, 10 ms ticks) */
    private static long workerCpuNanos(WorkerPool pool) {
        long total = 0;
        for (WorkerInfo w : pool.workers()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + w.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14 and 15 (utime, stime) of stat, counted from the state field (3)
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ = 100
            } catch (IOException | RuntimeException e) {
                // a worker that is gone or not started counts nothing
            }
        }
        return total;
    }

    private static long cases(WorkerPool pool, String suffix, Map<String, List<Long>> times, boolean record,
                              long expected) {
        long sink = 0;
        long w0 = workerCpuNanos(pool);
        long c0 = cpuNanos(pool);
        long t1 = System.nanoTime();
        QueryResult r = pool.query(SQL);
        long poolBytes = 0;
        for (int i = 0; i < r.size(); i++) {
            sink += r.rows().get(i).getLong(0);
            poolBytes += r.rows().get(i).getBytes(1).length;
        }
        long t2 = System.nanoTime();
        long w1 = workerCpuNanos(pool);
        long c1 = cpuNanos(pool);
        long streamBytes = 0;
        try (RowStream stream = pool.stream(SQL)) {
            for (Row row : stream) {
                sink += row.getLong(0);
                streamBytes += row.getBytes(1).length;
            }
        }
        long t3 = System.nanoTime();
        long c2 = cpuNanos(pool);
        long bigBytes = 0;
        try (RowStream stream = pool.stream(FetchSize.bytes(1L << 20), SQL)) {
            for (Row row : stream) {
                sink += row.getLong(0);
                bigBytes += row.getBytes(1).length;
            }
        }
        long t4 = System.nanoTime();
        check(expected, poolBytes);
        check(expected, streamBytes);
        check(expected, bigBytes);
        if (record) {
            add(times, "query" + suffix, t2 - t1);
            add(cpu, "query" + suffix, c1 - c0);
            add(cpu, "query, workers only" + suffix, w1 - w0);
            add(cpu, "stream" + suffix, c2 - c1);
            add(times, "stream" + suffix, t3 - t2);
            add(times, "stream 1MiB" + suffix, t4 - t3);
        }
        return sink;
    }

    private static void check(long expected, long bytes) {
        if (bytes != expected) {
            throw new IllegalStateException("read " + bytes + " blob bytes, expected " + expected);
        }
    }

    private static double median(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static void add(Map<String, List<Long>> times, String key, long nanos) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    }

    private static void load(SQLiteConnection conn) throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("create table blobs(id integer primary key, b blob)");
        }
        conn.setAutoCommit(false);
        Random r = new Random(12);
        try (PreparedStatement ps = conn.prepareStatement("insert into blobs values (?, ?)")) {
            byte[] blob = new byte[BYTES];
            for (int id = 1; id <= ROWS; id++) {
                r.nextBytes(blob);
                ps.setLong(1, id);
                ps.setBytes(2, blob);
                ps.executeUpdate();
            }
        }
        conn.commit();
        conn.setAutoCommit(true);
    }

    private static SQLiteConnection inProcess(Path db) throws Exception {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(5000);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        return (SQLiteConnection) cfg.createConnection("jdbc:sqlite:" + db);
    }
}
