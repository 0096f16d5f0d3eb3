package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: readers map the database file, the writer does not, every connection gets the page cache. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PageCacheIT {
    @TempDir
    Path dir;

    private static long pragmaOnReader(WorkerPool pool, String pragma) {
        return pool.query("pragma " + pragma).rows().get(0).getLong(0);
    }

    private static long pragmaOnWriter(WorkerPool pool, String pragma) {
        return pool.execute("pragma " + pragma).rows().get(0).getLong(0);
    }

    @Test
    void byDefaultReadersMap256MibAndTheWriterMapsNothing() {
        try (WorkerPool pool = Pools.builder(dir, "defaults").readers(1).sandbox(SandboxPolicy.trusted()).build()) {
            pool.execute("create table t(x)");
            assertThat(pragmaOnReader(pool, "mmap_size")).isEqualTo(PoolConfig.DEFAULT_MMAP_SIZE).isEqualTo(256L << 20);
            assertThat(pragmaOnWriter(pool, "mmap_size")).isZero();
            assertThat(pragmaOnReader(pool, "cache_size")).isEqualTo(-2000);
            assertThat(pragmaOnWriter(pool, "cache_size")).isEqualTo(-2000);
        }
    }

    @Test
    void configuredSizesReachEveryConnection() {
        try (WorkerPool pool = Pools.builder(dir, "configured").readers(2).sandbox(SandboxPolicy.trusted())
                .mmapSize(64L << 20).cacheSize(8L << 20).build()) {
            pool.execute("create table t(x)");
            for (int i = 0; i < 4; i++) { // both readers, whichever answers
                assertThat(pragmaOnReader(pool, "mmap_size")).isEqualTo(64L << 20);
                assertThat(pragmaOnReader(pool, "cache_size")).isEqualTo(-8192);
            }
            assertThat(pragmaOnWriter(pool, "mmap_size")).as("the writer never maps").isZero();
            assertThat(pragmaOnWriter(pool, "cache_size")).isEqualTo(-8192);
        }
    }

    @Test
    void mmapSizeZeroTurnsMappingOff() {
        try (WorkerPool pool = Pools.builder(dir, "off").readers(1).sandbox(SandboxPolicy.trusted())
                .mmapSize(0).build()) {
            pool.execute("create table t(x)");
            assertThat(pragmaOnReader(pool, "mmap_size")).isZero();
        }
    }

    /**
     * The memory guard samples resident size; pages of a mapped file are resident too. Before it
     * counted private pages only, this scan of a 64 MiB file through a sandboxed reader with a
     * 16 MiB limit was stopped as out of memory.
     */
    @Test
    void aSandboxedReaderScansAFileBiggerThanItsMemoryLimitThroughTheMapping() throws Exception {
        SandboxPolicy sandbox = SandboxPolicy.builder().hardHeapLimitBytes(16L << 20).build();
        try (WorkerPool pool = Pools.builder(dir, "scan").readers(1).sandbox(sandbox).build()) {
            pool.execute("create table t(id integer primary key, b blob)");
            for (int i = 0; i < 4; i++) {
                pool.execute("insert into t(b) with recursive c(x) as (select 1 union all select x + 1 from c"
                        + " where x < 16) select randomblob(1048576) from c");
            }
            pool.execute("pragma wal_checkpoint(truncate)");
            assertThat(Files.size(pool.database())).isGreaterThan(64L << 20);

            // max() loads every blob whole: all 64 MiB of the file pass through the reader.
            QueryResult r = pool.query("select count(*), length(max(b)) from t");
            assertThat(r.rows().get(0).getLong(0)).isEqualTo(64);
            assertThat(r.rows().get(0).getLong(1)).isEqualTo(1048576);

            long pid = Pools.readerPids(pool).get(0);
            List<String> maps = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
            String file = pool.database().toRealPath().toString();
            assertThat(maps).as("the sandboxed reader maps the database file").anyMatch(line -> line.endsWith(file));
            // (That the guard still stops what a statement allocates itself: SandboxLayersIT.)
        }
    }
}
