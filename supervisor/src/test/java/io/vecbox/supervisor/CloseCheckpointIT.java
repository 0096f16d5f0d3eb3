package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 8: after {@code close()} the -wal held 33 MB and a copy of the main file alone
 * had no tables. A graceful close now checkpoints the WAL into the file and truncates it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseCheckpointIT {
    @TempDir
    Path dir;

    @Test
    void closeLeavesOneSelfContainedFile() throws Exception {
        Random random = new Random(8);
        Path db;
        long bytes = 0;
        try (WorkerPool pool = Pools.builder(dir, "checkpoint").readers(2).build()) {
            db = pool.database();
            pool.execute("create table blobs(id integer primary key, b blob not null)");
            pool.execute("create virtual table items using vec0(embedding float[8])");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[100_000];
                random.nextBytes(b);
                bytes += b.length;
                rows.add(new Object[] {i, b});
            }
            pool.executeMany("insert into blobs values (?, ?)", rows); // one transaction: ~30 MB of WAL
            rows = null;
            assertThat(pool.query("select count(*) from blobs").rows().get(0).getLong(0)).isEqualTo(300L);
            List<Object[]> vectors = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                float[] v = new float[8];
                v[i % 8] = i;
                vectors.add(new Object[] {i, v});
            }
            pool.executeMany("insert into items(rowid, embedding) values (?, ?)", vectors);
            assertThat(Files.size(Path.of(db + "-wal"))).as("WAL while the pool is open").isGreaterThan(30_000_000L);
        }
        Path wal = Path.of(db + "-wal");
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).as("bytes in %s after close()", wal).isZero();

        Path copy = Files.createDirectories(dir.resolve("copy")).resolve("copy.db");
        Files.copy(db, copy);
        assertThat(DbFile.rows(copy, "select name from sqlite_master where name in ('blobs', 'items') order by name"))
                .containsExactly(List.of("blobs"), List.of("items"));
        assertThat(DbFile.longs(copy, "select count(*) from blobs")).containsExactly(300L);
        assertThat(DbFile.longs(copy, "select sum(length(b)) from blobs")).containsExactly(bytes);
        assertThat(DbFile.longs(copy, "select count(*) from items")).containsExactly(100L);
        assertThat(DbFile.longs(copy, "select rowid from items where embedding match ? and k = 1",
                (Object) io.vecbox.protocol.Values.floatsToBlob(new float[] {0, 0, 42, 0, 0, 0, 0, 0})))
                .containsExactly(42L);
    }
}
