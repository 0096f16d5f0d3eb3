package io.vecbox.supervisor.probe;

import io.vecbox.nativelib.SqliteVec;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.internal.HostCalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Where a bulk load's time goes: 1,000 rows (id, float[384]) per transaction into vec0, in one
 * run and interleaved, through an in-process sqlite-jdbc batch, a worker driven straight over its
 * pipes (host preparation, encode + write, the worker's own time for the request, the rest of the
 * round trip, the worker's CPU), a pool's {@code executeMany}, the same with the workers' JVM on C2
 * ({@code -XX:TieredStopAtLevel=4}) and, with {@code -Dworker.jar.before=<jar>}, another build's
 * worker driven raw. Not a test: run it by hand,
 * {@code java -cp <supervisor test class path> io.vecbox.supervisor.probe.BulkProbe [rounds] [synchronous]},
 * where {@code synchronous} (e.g. NORMAL) is set on the in-process connection and the raw worker
 * (the pool keeps SQLite's default). Prints the median of each column.
 */
public final class BulkProbe {
    private static final int ROWS = 1000;
    private static final int DIMENSIONS = 384;
    /** A worker jar of another build (system property {@code worker.jar.before}), timed raw in the same rounds. */
    private static final String BEFORE_JAR = System.getProperty("worker.jar.before", "");

    private BulkProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String sync = args.length > 1 ? args[1] : "";
        Path dir = Files.createTempDirectory("vecbox-bulk");
        Random r = new Random(3);
        List<float[]> vectors = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            float[] v = new float[DIMENSIONS];
            for (int d = 0; d < DIMENSIONS; d++) {
                v[d] = r.nextFloat();
            }
            vectors.add(v);
        }
        String table = "create virtual table bulk using vec0(embedding float[" + DIMENSIONS + "])";
        String insert = "insert into bulk(rowid, embedding) values (?, ?)";
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, String> pragmas = sync.isEmpty() ? Map.of() : Map.of("synchronous", sync);
        try (SQLiteConnection conn = inProcess(dir.resolve("in.db"));
             RawWorker raw = new RawWorker(dir.resolve("raw.db"), 0, workerFlags(), Role.WRITER,
                     pragmas);
             RawWorker before = BEFORE_JAR.isEmpty() ? null : new RawWorker(dir.resolve("before.db"), 0, workerFlags(),
                     Role.WRITER, pragmas, BEFORE_JAR);
             WorkerPool pool = WorkerPool.builder().name("bulk").database(dir.resolve("pool.db")).readers(1).build();
             WorkerPool poolC2 = WorkerPool.builder().name("bulk-c2").database(dir.resolve("pool-c2.db")).readers(1)
                     .jvmOptions(List.of("-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2")).build()) {
            try (Statement s = conn.createStatement()) {
                if (!sync.isEmpty()) {
                    s.execute("pragma synchronous = " + sync);
                }
                s.execute(table);
            }
            System.out.println("in-process synchronous=" + pragma(conn, "synchronous") + " journal_mode="
                    + pragma(conn, "journal_mode"));
            System.out.println("raw worker synchronous=" + ((Result) raw.query("pragma synchronous")).rows());
            // The pool's writer opens exactly as the raw worker does, without the pragma argument.
            Message created = raw.query(table);
            if (!(created instanceof Result)) {
                throw new IllegalStateException("raw worker: " + created);
            }
            pool.execute(table);
            poolC2.execute(table);
            if (before != null && !(before.query(table) instanceof Result)) {
                throw new IllegalStateException("worker before: cannot create the table");
            }
            long id = 1;
            long[] timings = new long[2];
            for (int round = 0; round <= rounds; round++) {
                long t0 = System.nanoTime();
                conn.setAutoCommit(false);
                try (PreparedStatement ps = conn.prepareStatement(insert)) {
                    long i = id;
                    for (float[] v : vectors) {
                        ps.setLong(1, i++);
                        ps.setBytes(2, blob(v));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    conn.commit();
                } finally {
                    conn.setAutoCommit(true);
                }
                long inProcess = System.nanoTime() - t0;

                long cpu0 = raw.cpuNanos();
                long t1 = System.nanoTime();
                List<Object[]> rows = rows(vectors, id);
                List<List<Object>> wire = HostCalls.rows(rows);
                long prepared = System.nanoTime() - t1;
                Message m = raw.executeMany(insert, wire, timings);
                long rawTotal = System.nanoTime() - t1;
                long cpu = raw.cpuNanos() - cpu0;
                if (!(m instanceof Result res) || res.changes() != ROWS) {
                    throw new IllegalStateException("raw worker: " + m);
                }

                long t2 = System.nanoTime();
                long changed = pool.executeMany(insert, rows(vectors, id));
                long viaPool = System.nanoTime() - t2;
                if (changed != ROWS) {
                    throw new IllegalStateException("pool changed " + changed);
                }
                long t3 = System.nanoTime();
                if (poolC2.executeMany(insert, rows(vectors, id)) != ROWS) {
                    throw new IllegalStateException("C2 pool changed too few rows");
                }
                long viaPoolC2 = System.nanoTime() - t3;
                long rawBefore = 0;
                long handleBefore = 0;
                if (before != null) {
                    long t4 = System.nanoTime();
                    Message b = before.executeMany(insert, HostCalls.rows(rows(vectors, id)), new long[2]);
                    rawBefore = System.nanoTime() - t4;
                    if (!(b instanceof Result br) || br.changes() != ROWS) {
                        throw new IllegalStateException("worker before: " + b);
                    }
                    handleBefore = br.elapsedNanos();
                }
                id += ROWS;
                if (round == 0) {
                    continue; // warm-up
                }
                add(times, "in-process batch + commit", inProcess);
                add(times, "raw: host rows (normalise)", prepared);
                add(times, "raw: encode + write frame", timings[0]);
                add(times, "raw: worker handle (elapsedNanos)", res.elapsedNanos());
                add(times, "raw: answer after write, minus handle", timings[1] - timings[0] - res.elapsedNanos());
                add(times, "raw: total", rawTotal);
                add(times, "raw: total minus worker handle", rawTotal - res.elapsedNanos());
                add(times, "raw: worker CPU", cpu);
                add(times, "pool executeMany", viaPool);
                add(times, "pool executeMany, worker C2", viaPoolC2);
                if (before != null) {
                    add(times, "raw total, worker jar " + BEFORE_JAR, rawBefore);
                    add(times, "raw total minus worker handle, that jar", rawBefore - handleBefore);
                }
            }
        }
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            // The rate against in-process, round by round: load that comes and goes hits both sides of a round.
            List<Long> in = times.get("in-process batch + commit");
            double[] ratio = new double[v.length];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = (double) in.get(i) / e.getValue().get(i);
            }
            java.util.Arrays.sort(ratio);
            System.out.printf("%-52s p50 %8.2f ms  min %8.2f  max %8.2f  rate vs in-process, median of rounds %.2fx%n",
                    e.getKey(), v[v.length / 2] / 1e6, v[0] / 1e6, v[v.length - 1] / 1e6, ratio[ratio.length / 2]);
        }
        System.out.println("(" + Files.readString(Path.of("/proc/loadavg")).trim() + ")");
    }

    /** @return the JVM flags in the system property {@code workerFlags} (space-separated), e.g. to profile */
    private static List<String> workerFlags() {
        String flags = System.getProperty("workerFlags", "").trim();
        return flags.isEmpty() ? List.of() : List.of(flags.split(" +"));
    }

    private static void add(Map<String, List<Long>> times, String key, long nanos) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    }

    private static List<Object[]> rows(List<float[]> vectors, long firstId) {
        List<Object[]> rows = new ArrayList<>(vectors.size());
        long i = firstId;
        for (float[] v : vectors) {
            rows.add(new Object[] {i++, v});
        }
        return rows;
    }

    private static byte[] blob(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static String pragma(SQLiteConnection conn, String name) throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("pragma " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static SQLiteConnection inProcess(Path db) throws Exception {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enableLoadExtension(true);
        cfg.setBusyTimeout(5000);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setGetGeneratedKeys(false);
        SQLiteConnection conn = (SQLiteConnection) cfg.createConnection("jdbc:sqlite:" + db);
        try (PreparedStatement ps = conn.prepareStatement("select load_extension(?)")) {
            ps.setString(1, SqliteVec.path().toString());
            ps.execute();
        }
        conn.getDatabase().enable_load_extension(false);
        return conn;
    }
}
