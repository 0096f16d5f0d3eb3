package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: an {@code executeMany} larger than a frame is split into parts inside one transaction,
 * all or nothing. 45,000 rows of a float[384] vector encode to about 70 MB, more than the 64 MiB
 * frame limit (before, refused as too large).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BulkLoadIT {
    private static final int ROWS = 45_000;
    private static final String INSERT = "insert into t(id, v) values (?, ?)";

    @TempDir
    Path dir;

    private static float[] vector(long id) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
            v[i] = id + i / 1000f;
        }
        return v;
    }

    private static List<Object[]> rows(long firstId, int n) {
        List<Object[]> rows = new ArrayList<>(n);
        for (long id = firstId; id < firstId + n; id++) {
            rows.add(new Object[] {id, vector(id)});
        }
        return rows;
    }

    private static byte[] blob(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private WorkerPool pool(String name) {
        WorkerPool pool = Pools.builder(dir, name).readers(1).build();
        pool.execute("create table t(id integer primary key, v blob not null)");
        return pool;
    }

    @Test
    void aLoadLargerThanAFrameLandsEveryRowInTheFile() {
        Path db;
        try (WorkerPool pool = pool("split")) {
            db = pool.database();
            assertThat(pool.executeMany(INSERT, rows(1, ROWS))).isEqualTo(ROWS);
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(ROWS);
        }
        // Acknowledged means durable: what the file holds once the pool is gone.
        assertThat(DbFile.rows(db, "select count(*), min(id), max(id), sum(id) from t").get(0))
                .containsExactly((long) ROWS, 1L, (long) ROWS, (long) ROWS * (ROWS + 1) / 2);
        for (long id : new long[] {1, 5_500, 22_222, ROWS}) { // first, across part boundaries, last
            assertThat((byte[]) DbFile.rows(db, "select v from t where id = ?", id).get(0).get(0))
                    .isEqualTo(blob(vector(id)));
        }
    }

    @Test
    void aFailureInTheLastPartLeavesNoneOfTheRows() {
        Path db;
        try (WorkerPool pool = pool("late")) {
            db = pool.database();
            List<Object[]> rows = rows(1, ROWS);
            rows.set(ROWS - 1, new Object[] {1L, vector(1)}); // a duplicate key, in the last part
            Throwable t = catchThrowable(() -> pool.executeMany(INSERT, rows));
            assertThat(t).isInstanceOf(QueryFailedException.class).hasMessageContaining("UNIQUE");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isZero();
            // The writer was released: the next write runs at once.
            assertThat(pool.executeMany(INSERT, rows(100, 2))).isEqualTo(2);
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(100L, 101L);
    }

    @Test
    void aWriterKilledBetweenPartsLosesNothingAcknowledgedAndCommitsNothingOfTheLoad() {
        Path db;
        try (WorkerPool pool = pool("killed")) {
            db = pool.database();
            assertThat(pool.executeMany(INSERT, rows(1, 10))).isEqualTo(10); // acknowledged
            // Row 31,000 is in the fourth part of the load: the writer halts inserting it.
            pool.execute("create trigger crash after insert on t when new.id = 31000"
                    + " begin select vecbox_fault('halt', 9); end");
            Throwable t = catchThrowable(() -> pool.executeMany(INSERT, rows(1_001, ROWS)));
            assertThat(t).isInstanceOf(TransactionLostException.class);
            assertThat(((TransactionLostException) t).reason()).isEqualTo(TransactionLostException.Reason.WORKER_LOST);
            pool.execute("drop trigger crash");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(10);
        }
        assertThat(DbFile.rows(db, "select count(*), max(id) from t").get(0)).containsExactly(10L, 10L);
    }

    /**
     * A load of one part above 256 KiB is written to the writer while it is encoded (the writer inserts
     * its first rows before the last are sent). A writer that dies halfway through it: the call fails as
     * a crash, nothing of the load is in the file, the host goes on with a new writer, and the rows
     * acknowledged before are all there.
     */
    @Test
    void aWriterKilledWhileALoadIsStillBeingSentCommitsNothingOfIt() {
        Path db;
        try (WorkerPool pool = pool("streamed")) {
            db = pool.database();
            assertThat(pool.executeMany(INSERT, rows(1, 10))).isEqualTo(10); // acknowledged
            pool.execute("create trigger crash after insert on t when new.id = 1500"
                    + " begin select vecbox_fault('halt', 9); end");
            // 3,000 rows of 1.5 KB: one part of about 4.7 MB, far more than the pipe holds while the writer is gone.
            Throwable t = catchThrowable(() -> pool.executeMany(INSERT, rows(1_001, 3_000)));
            assertThat(t).isInstanceOf(WorkerCrashedException.class);
            pool.execute("drop trigger crash");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(10);
            // The next load goes through whole, streamed the same way.
            assertThat(pool.executeMany(INSERT, rows(5_001, 3_000))).isEqualTo(3_000);
        }
        assertThat(DbFile.rows(db, "select count(*), sum(id) from t").get(0))
                .containsExactly(3_010L, 55L + (5_001L + 8_000L) * 3_000 / 2);
        assertThat((byte[]) DbFile.rows(db, "select v from t where id = ?", 8_000L).get(0).get(0))
                .isEqualTo(blob(vector(8_000)));
    }

    @Test
    void insideATransactionASplitLoadCommitsWithIt() {
        Path db;
        try (WorkerPool pool = pool("tx")) {
            db = pool.database();
            long changes = pool.transaction(tx -> {
                tx.execute(INSERT, 0L, vector(0));
                return tx.executeMany(INSERT, rows(1, ROWS));
            });
            assertThat(changes).isEqualTo(ROWS);
        }
        assertThat(DbFile.longs(db, "select count(*) from t")).containsExactly((long) ROWS + 1);
    }

    @Test
    void insideATransactionAFailureInALatePartRollsTheTransactionBack() {
        Path db;
        try (WorkerPool pool = pool("txlate")) {
            db = pool.database();
            try (Transaction tx = pool.begin()) {
                tx.execute(INSERT, 0L, vector(0));
                List<Object[]> rows = rows(1, ROWS);
                rows.set(ROWS - 1, new Object[] {0L, vector(0)});
                assertThat(catchThrowable(() -> tx.executeMany(INSERT, rows))).isInstanceOf(QueryFailedException.class);
                assertThat(tx.isOpen()).as("earlier parts cannot be undone alone").isFalse();
            }
            pool.execute(INSERT, 7L, vector(7));
        }
        assertThat(DbFile.longs(db, "select id from t")).containsExactly(7L);
    }
}
