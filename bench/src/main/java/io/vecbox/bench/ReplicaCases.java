package io.vecbox.bench;

import io.vecbox.litestream.Replicator;
import io.vecbox.litestream.ReplicatorListener;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sqlite.SQLiteConnection;

/**
 * Read replicas with Litestream, through the {@code litestream} module, on the bench's vector data
 * ({@code vecs}, float[384]), for each table size: the first snapshot of the primary to a
 * {@code file://} replica (from {@code Replicator.start()} to its first sync, the snapshot) and the
 * replica's size on disk; {@code litestream restore -o} from that replica (wall time, median of
 * several) and the restored file's size, checked by a KNN query that must answer as on the primary,
 * and by {@code pragma quick_check} as a refresher checks a copy; and the catch-up of 1,000 rows
 * written through a pool on the primary (built as the module advises beside Litestream): until the
 * replicator reports its next sync, and until a fresh restore contains them. Litestream 0.3 always
 * restores a whole snapshot plus the WAL after it, so the catch-up costs a full restore. Then the
 * swap of a read-only pool's file under load ({@link SwapCases}).
 */
final class ReplicaCases {
    /** The table the catch-up writes; created empty before Litestream starts, dropped at the end. */
    static final String CATCHUP_TABLE = "replica_catchup";
    static final int CATCHUP_ROWS = 1_000;
    private static final long SNAPSHOT_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(30);
    private static final long SYNC_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final int CATCHUP_ATTEMPTS = 10;

    private final Path dir;
    private final LitestreamCommands litestream;
    private final boolean quick;
    private final boolean rows1m;
    private final Report report;

    ReplicaCases(Path dir, LitestreamCommands litestream, boolean quick, boolean rows1m, Report report) {
        this.dir = dir;
        this.litestream = litestream;
        this.quick = quick;
        this.rows1m = rows1m;
        this.report = report;
    }

    List<Integer> rowCounts() {
        List<Integer> counts = new ArrayList<>(List.of(quick ? 10_000 : 100_000));
        if (rows1m) {
            counts.add(1_000_000);
        }
        return counts;
    }

    /** @return the database of that many vectors in the working directory, named as the other modes name it */
    Path database(int rows) {
        return dir.resolve(rows == Sizes.FULL.rows() ? "bench.db" : "knn-" + rows + ".db");
    }

    void run() throws Exception {
        report.header("Litestream: " + litestream.version() + " (" + litestream.binary() + ")");
        for (int rows : rowCounts()) {
            one(rows);
        }
    }

    private void one(int rows) throws Exception {
        Path db = database(rows);
        String over = String.format("%,d", rows);
        try (SQLiteConnection conn = InProcess.open(db)) {
            long t0 = System.nanoTime();
            boolean loaded = BenchData.prepare(conn, rows);
            Main.progress(loaded ? "loaded " + rows + " vectors in " + Format.duration(System.nanoTime() - t0)
                    : "reusing the " + rows + " vectors in " + db);
            try (Statement s = conn.createStatement()) {
                s.execute("drop table if exists " + CATCHUP_TABLE);
                s.execute(String.format(BenchData.BULK_TABLE_SQL, CATCHUP_TABLE));
            }
        }
        Path replica = dir.resolve("replica-" + rows);
        Path shadow = db.resolveSibling("." + db.getFileName() + "-litestream");
        Path restored = dir.resolve("restored-" + rows);
        deleteTree(replica);
        deleteTree(shadow);
        deleteTree(restored);
        Files.createDirectories(restored);
        long primaryBytes = fileSize(db) + fileSize(db.resolveSibling(db.getFileName() + "-wal"));
        Syncs syncs = new Syncs();
        try {
            Path before;
            Path after;
            Main.progress("replica of " + over + " vectors: first snapshot");
            long started = System.nanoTime();
            try (Replicator replicator = Replicator.builder(db, LitestreamCommands.fileUrl(replica))
                    .name("bench-replica").binary(litestream.binary()).listener(syncs).start()) {
                long ready = System.nanoTime();
                // Built for Litestream, as the litestream module advises: only Litestream checkpoints.
                try (WorkerPool primary = WorkerPool.builder().name("bench-replica-primary").database(db).readers(1)
                        .checkpointOnClose(false).walAutocheckpoint(0).build()) {
                    long snapshot = syncs.await(started, SNAPSHOT_TIMEOUT_NANOS);
                    long replicaBytes = treeSize(replica);
                    report.row(new Report.Row("first snapshot of " + over + " × float[384] ("
                            + Format.kib(primaryBytes / 1024) + " file) to a `file://` replica: `Replicator.start()` "
                            + "called → its first sync (the snapshot written); in brackets when `start()` returned "
                            + "(Litestream replicating)", "–", Format.duration(snapshot - started) + " ("
                            + Format.duration(ready - started) + ")", "–", "–"));
                    report.row(new Report.Row("replica of " + over + " on disk after the first snapshot (LZ4)", "–",
                            Format.kib(replicaBytes / 1024) + " (" + Format.ratio((double) replicaBytes / primaryBytes)
                            + " the file)", "–", "–"));
                    before = restores(rows, replica, restored, db);
                    after = catchUp(rows, primary, syncs, replica, restored);
                    primary.execute("drop table if exists " + CATCHUP_TABLE);
                }
            }
            new SwapCases(report).run(rows, before, after);
        } finally {
            deleteTree(restored);
            deleteTree(replica);
            deleteTree(shadow);
        }
    }

    /** When the replicator reported each sync (a snapshot or a WAL segment written to the replica). */
    private static final class Syncs implements ReplicatorListener {
        private final List<Long> times = new ArrayList<>();

        @Override
        public synchronized void synced(Replicator replicator, String position) {
            times.add(System.nanoTime());
            notifyAll();
        }

        /** @return the time of the first sync reported at or after {@code after} */
        synchronized long await(long after, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                for (long t : times) {
                    if (t - after >= 0) {
                        return t;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no sync reported by the replicator in "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * Restores the replica several times into fresh files and keeps the last one.
     *
     * @return the last restored file
     */
    private Path restores(int rows, Path replica, Path restored, Path primary) throws Exception {
        int runs = rows >= 1_000_000 ? 3 : 5;
        Samples wall = new Samples();
        Path last = null;
        for (int i = 0; i < runs; i++) {
            Main.progress("replica of " + rows + " vectors: restore " + (i + 1) + " of " + runs);
            Path out = restored.resolve("restore-" + i + ".db");
            wall.add(litestream.restore(replica, out));
            if (last != null) {
                deleteDatabase(last);
            }
            last = out;
        }
        long bytes = fileSize(last);
        checkSameKnn(primary, last);
        Percentiles.Summary s = wall.summary();
        String over = String.format("%,d", rows);
        report.row(new Report.Row("`litestream restore -o` of " + over + " from the `file://` replica, median of "
                + runs + " (min–max); restored file", "–", Format.duration(s.p50()) + " (" + Format.duration(s.min())
                + "–" + Format.duration(s.max()) + "); " + Format.kib(bytes / 1024), "–", "–"));
        report.detail("litestream restore, " + over + " vectors", s);
        quickCheck(rows, last);
        return last;
    }

    /**
     * Writes {@value #CATCHUP_ROWS} rows through the primary's pool, then times until the replicator
     * reports a sync after the commit and until a fresh restore contains the rows.
     *
     * @return the restored file that contains them
     */
    private Path catchUp(int rows, WorkerPool primary, Syncs syncs, Path replica, Path restored) throws Exception {
        Main.progress("replica of " + rows + " vectors: catch-up of " + CATCHUP_ROWS + " rows");
        Random r = new Random(99);
        List<Object[]> batch = new ArrayList<>();
        for (int id = 1; id <= CATCHUP_ROWS; id++) {
            batch.add(new Object[] {(long) id, BenchData.vectorBlob(r)});
        }
        primary.executeMany(String.format(BenchData.BULK_INSERT_SQL, CATCHUP_TABLE), batch);
        long committed = System.nanoTime();
        long segment = syncs.await(committed, SYNC_TIMEOUT_NANOS);
        Path out = restored.resolve("catchup.db");
        int attempts = 0;
        long lastRestore = 0;
        while (true) {
            attempts++;
            deleteDatabase(out);
            lastRestore = litestream.restore(replica, out);
            if (count(out, CATCHUP_TABLE) == CATCHUP_ROWS) {
                break;
            }
            if (attempts == CATCHUP_ATTEMPTS) {
                throw new IllegalStateException(CATCHUP_ROWS + " committed rows not in a restore after "
                        + attempts + " attempts");
            }
        }
        long total = System.nanoTime() - committed;
        String over = String.format("%,d", rows);
        report.row(new Report.Row("catch-up over " + over + ": " + String.format("%,d", CATCHUP_ROWS)
                + " rows committed through the primary's pool → the replicator's next sync (a WAL segment on the "
                + "replica; `syncInterval` 1 s)", "–",
                Format.duration(segment - committed), "–", "–"));
        report.row(new Report.Row("catch-up over " + over + ": commit → a fresh `restore -o` holds the rows "
                + "(Litestream 0.3 restores the whole snapshot plus the WAL after it, every time)", "–",
                Format.duration(total) + " (" + attempts + (attempts == 1 ? " restore" : " restores") + ", the last "
                + Format.duration(lastRestore) + ")", "–", "–"));
        return out;
    }

    /**
     * Checks a restored copy the way a refresher checks one before serving it: {@code pragma
     * quick_check} in a one-reader read-only pool of its own (trusted policy, no KNN fast path), timed
     * as the pool's build and the check.
     */
    private void quickCheck(int rows, Path copy) {
        long t0 = System.nanoTime();
        try (WorkerPool checker = WorkerPool.builder().name("bench-replica-check").database(copy).readOnly(true)
                .readers(1).knnFastPath(false).sandbox(SandboxPolicy.trusted()).queryTimeout(Duration.ofMinutes(10))
                .build()) {
            long t1 = System.nanoTime();
            String answer = checker.query("pragma quick_check").rows().get(0).getString(0);
            long t2 = System.nanoTime();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("the restored copy failed quick_check: " + answer);
            }
            report.row(new Report.Row("check of the restored " + String.format("%,d", rows) + " copy: a one-reader "
                    + "read-only pool built, then `pragma quick_check` (once)", "–", Format.duration(t1 - t0) + " + "
                    + Format.duration(t2 - t1), "–", "–"));
        }
    }

    /** A KNN query on the restored file must answer exactly as on the primary. */
    private static void checkSameKnn(Path primary, Path restored) throws SQLException {
        float[] v = BenchData.vector(new Random(7));
        String a = knn(primary, v);
        String b = knn(restored, v);
        if (!a.equals(b)) {
            throw new IllegalStateException("the restored file answered KNN with " + b + " where the primary answered "
                    + a);
        }
    }

    private static String knn(Path db, float[] v) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (SQLiteConnection c = InProcess.open(db);
             PreparedStatement ps = c.prepareStatement(BenchData.KNN_SQL)) {
            ps.setBytes(1, BenchData.blob(v));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getLong(1)).append(':').append(rs.getDouble(2)).append(' ');
                }
            }
        }
        return sb.toString();
    }

    static long count(Path db, String table) throws SQLException {
        try (SQLiteConnection c = InProcess.open(db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long fileSize(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    static long treeSize(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path p : paths.toList()) {
                total += fileSize(p);
            }
            return total;
        }
    }

    /** Deletes a database file and its {@code -wal}, {@code -shm} and {@code .tmp} companions. */
    static void deleteDatabase(Path db) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", ".tmp", ".tmp-wal", ".tmp-shm"}) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
