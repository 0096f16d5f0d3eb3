package io.vecbox.bench;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import io.vecbox.supervisor.RowStream;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import io.vecbox.supervisor.internal.sandbox.Violation;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.sqlite.SQLiteConnection;

/**
 * The side-by-side harness: the same database file read by an in-process sqlite-jdbc connection
 * and by a {@link WorkerPool} (default settings, two readers), in the same run, in interleaved
 * rounds (each round runs every side once, so load that comes and goes hits both), with the raw
 * pipe echo of {@link PipeFloor} as the floor. Adds its rows to a {@link Report}; the KNN cases
 * are in {@link KnnCases}.
 */
final class SideBySide {
    private static final int BULK_ROWS = 1_000;

    private final Sizes sizes;
    private final Path db;
    private final Report report;
    private long sink;

    SideBySide(Sizes sizes, Path db, Report report) {
        this.sizes = sizes;
        this.db = db;
        this.report = report;
    }

    void run() throws Exception {
        Path dir = db.getParent();
        try (SQLiteConnection conn = InProcess.open(db)) {
            long t0 = System.nanoTime();
            boolean loaded = BenchData.prepare(conn, sizes.rows());
            Main.progress(loaded ? "loaded " + sizes.rows() + " vectors in " + Format.duration(System.nanoTime() - t0)
                    : "reusing the " + sizes.rows() + " vectors in " + db);
            try (Statement s = conn.createStatement()) {
                for (String t : new String[] {"bulk_in", "bulk_pool"}) {
                    s.execute("drop table if exists " + t); // where earlier versions of the bench loaded
                }
            }
            Main.progress("starting the pools and the pipe echo");
            try (PipeFloor floor = PipeFloor.start();
                    WorkerPool pool = WorkerPool.builder().name("bench").database(db).readers(2)
                            .maxRows(2 * BenchData.BLOB_ROWS).maxResultBytes(32L << 20).build();
                    WorkerPool trusted = WorkerPool.builder().name("bench-trusted").database(dir.resolve("trusted.db"))
                            .readers(1).sandbox(SandboxPolicy.trusted()).build()) {
                Main.progress("select 1, primary-key lookups");
                micro(conn, pool, trusted, floor);
                Main.progress("statement gate");
                gate();
                Main.progress("bulk load");
                bulk(dir);
                Main.progress("large result");
                blobs(conn, pool);
                KnnCases knn = new KnnCases(sizes, db, sizes.rows(), report);
                Main.progress("KNN, one client");
                knn.single(conn, pool);
                Main.progress("KNN, reader fast path");
                knn.fastPath(conn);
                Main.progress("KNN throughput, 2 threads");
                knn.throughput(pool);
            }
        }
        if (sink == 42) {
            System.err.print(""); // keeps the JIT from dropping the reads
        }
    }

    private void micro(SQLiteConnection conn, WorkerPool pool, WorkerPool trusted, PipeFloor floor) throws Exception {
        Samples inSelect = new Samples();
        Samples poolSelect = new Samples();
        Samples trustedSelect = new Samples();
        Samples pipe = new Samples();
        Samples inPk = new Samples();
        Samples poolPk = new Samples();
        Random inIds = new Random(1);
        Random poolIds = new Random(1);
        try (PreparedStatement select = conn.prepareStatement("select 1");
                PreparedStatement pk = conn.prepareStatement(BenchData.PK_SQL)) {
            for (int i = 0; i < sizes.microWarmup(); i++) {
                selectIn(select);
                selectPool(pool);
                selectPool(trusted);
                floor.roundTrip();
                pkIn(pk, 1 + i % sizes.rows());
                pkPool(pool, 1 + i % sizes.rows());
            }
            for (int round = 0; round < sizes.microRounds(); round++) {
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    inSelect.add(selectIn(select));
                }
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    poolSelect.add(selectPool(pool));
                }
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    trustedSelect.add(selectPool(trusted));
                }
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    pipe.add(floor.roundTrip());
                }
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    inPk.add(pkIn(pk, 1 + inIds.nextInt(sizes.rows())));
                }
                for (int i = 0; i < sizes.microPerRound(); i++) {
                    poolPk.add(pkPool(pool, 1 + poolIds.nextInt(sizes.rows())));
                }
            }
        }
        long floorP50 = pipe.summary().p50();
        report.row(new Report.Row("raw child-JVM pipe echo, " + PipeFloor.PAYLOAD_BYTES + "-byte frame, p50 (the floor)",
                "–", Format.duration(floorP50), "–", "–"));
        selectRow("`select 1`, p50, default (untrusted) policy", inSelect, poolSelect, floorP50);
        selectRow("`select 1`, p50, trusted policy", inSelect, trustedSelect, floorP50);
        long inP50 = inPk.summary().p50();
        long poolP50 = poolPk.summary().p50();
        report.row(new Report.Row("primary-key lookup, p50", Format.duration(inP50), Format.duration(poolP50),
                Format.ratio((double) poolP50 / inP50), "–"));
        report.detail("pipe echo (floor)", pipe.summary());
        report.detail("`select 1`, in-process", inSelect.summary());
        report.detail("`select 1`, pool, default policy", poolSelect.summary());
        report.detail("`select 1`, pool, trusted policy", trustedSelect.summary());
        report.detail("PK lookup, in-process", inPk.summary());
        report.detail("PK lookup, pool", poolPk.summary());
    }

    private void selectRow(String what, Samples in, Samples pool, long floorP50) {
        long inP50 = in.summary().p50();
        long poolP50 = pool.summary().p50();
        report.row(new Report.Row(what, Format.duration(inP50), Format.duration(poolP50),
                Format.ratio((double) poolP50 / inP50) + " in-process; " + Format.ratio((double) poolP50 / floorP50)
                        + " the floor", "≤ 1.30× the floor"));
    }

    private long selectIn(PreparedStatement select) throws SQLException {
        long t0 = System.nanoTime();
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            sink += rs.getInt(1);
        }
        return System.nanoTime() - t0;
    }

    private long selectPool(WorkerPool pool) {
        long t0 = System.nanoTime();
        QueryResult r = pool.query("select 1");
        sink += r.rows().get(0).getLong(0);
        return System.nanoTime() - t0;
    }

    private long pkIn(PreparedStatement pk, long id) throws SQLException {
        long t0 = System.nanoTime();
        pk.setLong(1, id);
        try (ResultSet rs = pk.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no item " + id);
            }
            sink += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
        }
        return System.nanoTime() - t0;
    }

    private long pkPool(WorkerPool pool, long id) {
        long t0 = System.nanoTime();
        QueryResult r = pool.query(BenchData.PK_SQL, id);
        if (r.size() != 1) {
            throw new IllegalStateException("no item " + id);
        }
        sink += r.rows().get(0).getLong(0) + r.rows().get(0).getString(1).length() + (long) r.rows().get(0).getDouble(2);
        return System.nanoTime() - t0;
    }

    /**
     * The gate is called directly (the pool's own instance is internal): each sample is the mean of
     * 1,000 checks of {@link Workload#GATE_SQL} with the default untrusted policy's lists.
     */
    private void gate() {
        SandboxPolicy policy = SandboxPolicy.untrusted();
        StatementGate gate = new StatementGate(policy.allowedPragmaFunctions(), policy.deniedFunctions(),
                policy.maxSqlLength());
        Optional<Violation> verdict = gate.check(Workload.GATE_SQL);
        if (verdict.isPresent()) {
            report.note("the gate denies the 200-character query (" + verdict.get().rule() + "): its cost is not "
                    + "that of an accepted query");
        }
        for (int i = 0; i < 200_000; i++) {
            sink += gate.check(Workload.GATE_SQL).isPresent() ? 1 : 0;
        }
        // Wall time and this thread's CPU time: on a loaded machine the wall time holds the time the
        // thread waited for a core, the CPU time does not.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        Samples perCall = new Samples();
        Samples cpuPerCall = new Samples();
        for (int s = 0; s < sizes.gateSamples(); s++) {
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                sink += gate.check(Workload.GATE_SQL).isPresent() ? 1 : 0;
            }
            perCall.add((System.nanoTime() - t0) / 1_000);
            if (cpu) {
                cpuPerCall.add((threads.getCurrentThreadCpuTime() - c0) / 1_000);
            }
        }
        String cpuText = cpu ? " (CPU time " + Format.duration(cpuPerCall.summary().p50()) + ")" : "";
        report.row(new Report.Row("statement gate, " + Workload.GATE_SQL.length() + "-character query, per call, p50",
                "–", Format.duration(perCall.summary().p50()) + cpuText, "–", "< 5 µs"));
        report.detail("statement gate, mean of 1,000 calls", perCall.summary());
        report.detail("statement gate, CPU time, mean of 1,000 calls", cpuPerCall.summary());
    }

    /**
     * The bulk load, each side into a database file of its own (fresh each run), so that neither pays
     * for the other's pages in a shared write-ahead log and its checkpoints: in-process into
     * {@code bulk-in.db}, the pool (default settings) into {@code bulk-pool.db}.
     */
    private void bulk(Path dir) throws SQLException, IOException {
        Path inDb = dir.resolve("bulk-in.db");
        Path poolDb = dir.resolve("bulk-pool.db");
        deleteDatabases(inDb, poolDb);
        try (SQLiteConnection conn = InProcess.open(inDb);
                WorkerPool pool = WorkerPool.builder().name("bench-bulk").database(poolDb).build()) {
            try (Statement s = conn.createStatement()) {
                s.execute(String.format(BenchData.BULK_TABLE_SQL, "bulk_in"));
            }
            pool.execute(String.format(BenchData.BULK_TABLE_SQL, "bulk_pool"));
            bulk(conn, pool);
        } finally {
            deleteDatabases(inDb, poolDb);
        }
    }

    private static void deleteDatabases(Path... files) throws IOException {
        for (Path f : files) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(f.resolveSibling(f.getFileName() + suffix));
            }
        }
    }

    private void bulk(SQLiteConnection conn, WorkerPool pool) throws SQLException {
        String insertIn = String.format(BenchData.BULK_INSERT_SQL, "bulk_in");
        String insertPool = String.format(BenchData.BULK_INSERT_SQL, "bulk_pool");
        Random r = new Random(3);
        List<float[]> vectors = new ArrayList<>(BULK_ROWS);
        for (int i = 0; i < BULK_ROWS; i++) {
            vectors.add(BenchData.vector(r));
        }
        Samples in = new Samples();
        Samples viaPool = new Samples();
        long nextId = 1;
        // Round 0 warms both paths and is not counted.
        for (int round = 0; round <= sizes.bulkRounds(); round++) {
            long t0 = System.nanoTime();
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(insertIn)) {
                long id = nextId;
                for (float[] v : vectors) {
                    ps.setLong(1, id++);
                    ps.setBytes(2, BenchData.blob(v));
                    ps.addBatch();
                }
                ps.executeBatch();
                conn.commit();
            } finally {
                conn.setAutoCommit(true);
            }
            long t1 = System.nanoTime();
            List<Object[]> rows = new ArrayList<>(BULK_ROWS);
            long id = nextId;
            for (float[] v : vectors) {
                rows.add(new Object[] {id++, v});
            }
            long changed = pool.executeMany(insertPool, rows);
            long t2 = System.nanoTime();
            if (changed != BULK_ROWS) {
                throw new IllegalStateException("executeMany changed " + changed + " rows");
            }
            nextId += BULK_ROWS;
            if (round > 0) {
                in.add(t1 - t0);
                viaPool.add(t2 - t1);
            }
        }
        double inRate = BULK_ROWS / (in.summary().p50() / 1e9);
        double poolRate = BULK_ROWS / (viaPool.summary().p50() / 1e9);
        report.row(new Report.Row("bulk load, 1,000 rows (id, float[384]) per transaction into vec0: in-process "
                + "JDBC batch vs `executeMany`", Format.rate(inRate, "rows/s"), Format.rate(poolRate, "rows/s"),
                Format.ratio(poolRate / inRate), "≥ 0.90×"));
        report.detail("bulk load, 1,000-row transaction, in-process", in.summary());
        report.detail("bulk load, 1,000-row transaction, pool", viaPool.summary());
    }

    private void blobs(SQLiteConnection conn, WorkerPool pool) throws SQLException {
        long expected = (long) BenchData.BLOB_ROWS * BenchData.BLOB_BYTES;
        Samples in = new Samples();
        Samples viaPool = new Samples();
        Samples streamed = new Samples();
        try (PreparedStatement ps = conn.prepareStatement(BenchData.BLOB_SQL)) {
            for (int round = 0; round <= sizes.blobRounds(); round++) {
                long t0 = System.nanoTime();
                long bytes = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink += rs.getLong(1);
                        bytes += rs.getBytes(2).length;
                    }
                }
                long t1 = System.nanoTime();
                QueryResult r = pool.query(BenchData.BLOB_SQL);
                long poolBytes = 0;
                for (int i = 0; i < r.size(); i++) {
                    sink += r.rows().get(i).getLong(0);
                    poolBytes += r.rows().get(i).getBytes(1).length;
                }
                long t2 = System.nanoTime();
                long streamBytes = 0;
                try (RowStream stream = pool.stream(BenchData.BLOB_SQL)) {
                    for (Row row : stream) {
                        sink += row.getLong(0);
                        streamBytes += row.getBytes(1).length;
                    }
                }
                long t3 = System.nanoTime();
                if (bytes != expected || poolBytes != expected || streamBytes != expected) {
                    throw new IllegalStateException("blob bytes: in-process " + bytes + ", pool " + poolBytes
                            + ", pool stream " + streamBytes);
                }
                if (round > 0) { // round 0 warms up
                    in.add(t1 - t0);
                    viaPool.add(t2 - t1);
                    streamed.add(t3 - t2);
                }
            }
        }
        double inRate = expected / (in.summary().p50() / 1e9) / 1e6;
        double poolRate = expected / (viaPool.summary().p50() / 1e9) / 1e6;
        report.row(new Report.Row("10,000 rows × 1.5 KB blobs in one result", Format.rate(inRate, "MB/s"),
                Format.rate(poolRate, "MB/s"), Format.ratio(poolRate / inRate), "≥ 0.80×"));
        double streamRate = expected / (streamed.summary().p50() / 1e9) / 1e6;
        report.row(new Report.Row("the same rows through `pool.stream(...)` (pages of the default fetch size)",
                Format.rate(inRate, "MB/s"), Format.rate(streamRate, "MB/s"), Format.ratio(streamRate / inRate),
                "≥ 0.80×"));
        report.detail("10,000 × 1.5 KB blobs, in-process", in.summary());
        report.detail("10,000 × 1.5 KB blobs, pool", viaPool.summary());
        report.detail("10,000 × 1.5 KB blobs, pool stream", streamed.summary());
    }
}
