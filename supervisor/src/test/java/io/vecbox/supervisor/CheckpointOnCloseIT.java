package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpointOnClose(false)} and {@code walAutocheckpoint(0)}: the writer leaves the WAL to a
 * process that owns checkpoints (Litestream). Such a process keeps its own connection open, so the
 * tests hold one too: without it SQLite's close of the last connection would checkpoint anyway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckpointOnCloseIT {
    @TempDir
    Path dir;

    private static List<Object[]> blobs(int n, int size) {
        Random random = new Random(15);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            rows.add(new Object[] {i, b});
        }
        return rows;
    }

    /**
     * A connection that has read the file in WAL mode keeps the WAL open (SQLite's close of another
     * connection then sees it is not the last one); an idle JDBC connection that never ran anything
     * would not.
     */
    private static Connection openAndRead(Path db) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (var s = c.createStatement(); var rs = s.executeQuery("select count(*) from sqlite_master")) {
            rs.next();
        }
        return c;
    }

    @Test
    void withCheckpointOnCloseOffTheWalStaysAndHoldsEveryAcknowledgedWrite() throws Exception {
        Path db = dir.resolve("primary.db");
        Connection other = null;
        try {
            try (WorkerPool pool = Pools.builder(dir, "primary").readers(1).checkpointOnClose(false).walAutocheckpoint(0)
                    .build()) {
                other = openAndRead(db); // like Litestream's connection
                pool.execute("create table blobs(id integer primary key, b blob not null)");
                pool.execute("create virtual table items using vec0(embedding float[4])");
                pool.executeMany("insert into blobs values (?, ?)", blobs(100, 50_000)); // ~5 MB, > 1000 pages
                for (int i = 1; i <= 50; i++) {
                    pool.execute("insert into items(rowid, embedding) values (?, ?)", i, new float[] {i, 0, 0, 0});
                }
                assertThat(pool.execute("pragma wal_autocheckpoint").rows().get(0).getLong(0)).isZero();
                assertThat(Files.size(db)).as("main file: no autocheckpoint copied the pages into it")
                        .isLessThan(1_000_000L);
            }
            Path wal = Path.of(db + "-wal");
            assertThat(Files.size(wal)).as("the WAL after close(), left for its owner").isGreaterThan(5_000_000L);
            assertThat(DbFile.longs(db, "select count(*) from blobs")).containsExactly(100L);
            assertThat(DbFile.longs(db, "select sum(length(b)) from blobs")).containsExactly(5_000_000L);
            assertThat(DbFile.longs(db, "select count(*) from items")).containsExactly(50L);
            assertThat(DbFile.longs(db, "select rowid from items where embedding match ? and k = 1",
                    (Object) io.vecbox.protocol.Values.floatsToBlob(new float[] {42, 0, 0, 0}))).containsExactly(42L);
        } finally {
            if (other != null) {
                other.close();
            }
        }
        // The last connection closed: SQLite folded the WAL in; the file alone holds everything.
        assertThat(DbFile.longs(db, "select count(*) from blobs")).containsExactly(100L);
        assertThat(DbFile.longs(db, "select count(*) from items")).containsExactly(50L);
    }

    @Test
    void byDefaultCloseStillTruncatesTheWalWhileAnotherConnectionIsOpen() throws Exception {
        Path db = dir.resolve("plain.db");
        Connection other = null;
        try {
            try (WorkerPool pool = Pools.builder(dir, "plain").readers(1).build()) {
                other = openAndRead(db);
                pool.execute("create table blobs(id integer primary key, b blob not null)");
                pool.executeMany("insert into blobs values (?, ?)", blobs(20, 50_000));
                assertThat(pool.execute("pragma wal_autocheckpoint").rows().get(0).getLong(0)).isEqualTo(1000L);
            }
            assertThat(Files.size(Path.of(db + "-wal"))).as("WAL after a default close()").isZero();
            assertThat(DbFile.longs(db, "select count(*) from blobs")).containsExactly(20L);
        } finally {
            if (other != null) {
                other.close();
            }
        }
    }
}
