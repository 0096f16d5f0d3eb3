package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Workers on a class-data archive: made in the background, used, and skipped when damaged or off. */
class ClassDataSharingIT {
    @TempDir
    Path dir;

    private WorkerPool.Builder builder(Path cache, String name) {
        return Pools.builder(dir, name).readers(1).cacheDirectory(cache);
    }

    /** @return each worker's JVM options that name a class-data archive (one list per worker) */
    private static List<List<String>> archiveOptions(WorkerPool pool) {
        List<List<String>> out = new ArrayList<>();
        for (WorkerInfo w : pool.workers()) {
            String[] args = ProcessHandle.of(w.pid()).orElseThrow().info().arguments().orElseThrow();
            out.add(Stream.of(args).filter(a -> a.startsWith("-XX:SharedArchiveFile=")).toList());
        }
        return out;
    }

    private static List<Path> archives(Path cache) throws IOException {
        Path classData = cache.resolve("class-data");
        if (!Files.isDirectory(classData)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(classData)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** Waits for the background trainings: each archive appears by atomic rename once it is checked. */
    private static List<Path> awaitArchives(Path cache, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (System.nanoTime() < deadline) {
            List<Path> found = archives(cache);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100); // polling a condition other processes make true; no event to wait on
        }
        throw new AssertionError("fewer than " + count + " class-data archives in " + cache + " after 100 s: "
                + archives(cache));
    }

    /**
     * Where /proc shows mappings: each worker maps one of the archives, and not the JDK's default
     * one (a static archive of the worker's classes replaces it rather than sitting on top of it).
     */
    private static void assertMapOnlyTheirOwnArchive(WorkerPool pool, List<Path> archives) throws IOException {
        for (WorkerInfo w : pool.workers()) {
            Path maps = Path.of("/proc", Long.toString(w.pid()), "maps");
            if (!Files.isReadable(maps)) {
                return;
            }
            String mapped = Files.readString(maps);
            assertThat(archives).as(w.name()).anySatisfy(a -> assertThat(mapped).contains(a.toString()));
            assertThat(mapped).as(w.name()).doesNotContain("classes.jsa");
        }
    }

    private static void assertWorks(WorkerPool pool) {
        pool.execute("create virtual table if not exists v using vec0(embedding float[2])");
        pool.execute("insert into v(rowid, embedding) values (?, ?)", System.nanoTime(), new float[] {1, 2});
        assertThat(pool.query("select count(*) from v where embedding match ? and k = 1", new float[] {1, 2})
                .rows().get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    @Timeout(240)
    void archiveMadeOnFirstUseIsUsedByLaterWorkersAndATruncatedOneIsIgnored() throws Exception {
        Path cache = dir.resolve("cache");
        try (WorkerPool first = builder(cache, "first").build()) {
            assertThat(archiveOptions(first)).containsExactly(List.of(), List.of());
            assertWorks(first);
        }
        // The writer's and the reader's (whose KNN fast path gives it other JVM options) archives.
        List<Path> made = awaitArchives(cache, 2);
        assertThat(made).hasSize(2).allSatisfy(a -> assertThat(a.resolveSibling(a.getFileName() + ".sha256"))
                .isRegularFile());

        Path archive;
        String readerOption;
        try (WorkerPool second = builder(cache, "second").build()) {
            List<List<String>> options = archiveOptions(second);
            assertThat(options).allSatisfy(o -> assertThat(o).hasSize(1));
            assertThat(options.get(0)).as("writer and reader map archives of their own").isNotEqualTo(options.get(1));
            archive = Path.of(options.get(0).get(0).substring("-XX:SharedArchiveFile=".length()));
            readerOption = options.get(1).get(0);
            assertThat(made).contains(archive, Path.of(readerOption.substring("-XX:SharedArchiveFile=".length())));
            assertWorks(second);
            assertMapOnlyTheirOwnArchive(second, made);
        }

        // A JDK 17 worker that maps a truncated archive dies of SIGBUS: the pool must notice first.
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool third = builder(cache, "third").build()) {
            assertThat(archiveOptions(third)).containsExactly(List.of(), List.of(readerOption));
            assertWorks(third);
            assertThat(third.stats().crashes()).isZero();
            assertThat(log.lines("WARN")).anySatisfy(l -> assertThat(l).contains(archive.toString())
                    .contains("does not match its recorded SHA-256"));
        }
        assertThat(archive).satisfiesAnyOf(a -> assertThat(a).doesNotExist(),
                a -> assertThat(Files.size(a)).isNotEqualTo(whole.length / 2));
    }

    @Test
    @Timeout(120)
    void noArchiveIsUsedOrMadeWhenSharingIsOff() throws Exception {
        Path cache = dir.resolve("cache-off");
        try (WorkerPool pool = builder(cache, "off").classDataSharing(false).build()) {
            assertThat(archiveOptions(pool)).containsExactly(List.of(), List.of());
            assertWorks(pool);
        }
        assertThat(cache.resolve("class-data")).doesNotExist();
    }

    @Test
    @Timeout(120)
    void readersStartedWithTheWriterOpenTheDatabaseItMade() {
        // All workers start at once; a reader must not open (and fail on) a file the writer has not made yet.
        Path cache = dir.resolve("cache-parallel");
        try (WorkerPool pool = builder(cache, "parallel").readers(3).classDataSharing(false).build()) {
            assertThat(pool.workers()).extracting(WorkerInfo::state).containsOnly("IDLE");
            pool.execute("create table t(x)");
            pool.execute("insert into t values (42)");
            for (int i = 0; i < 6; i++) {
                assertThat(pool.query("select x from t").rows().get(0).getLong(0)).isEqualTo(42);
            }
            assertThat(pool.stats().crashes()).isZero();
        }
    }
}
