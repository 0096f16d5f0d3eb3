package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swapDatabase} under a live read-only pool, with files made in-process that each hold one
 * generation ({@link ReplicaFiles}): no query fails across the swaps, each answer comes from one
 * file only (plain queries, streams, KNN queries split across readers), a thread never sees an
 * older generation after a newer one, a stream opened before a swap reads its whole old result,
 * a bad file leaves the pool on the old one, and readers lost during a swap come back on the new file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SwapDatabaseIT {
    private static final String GENS = "select gen, count(*) from t group by gen";
    private static final byte[] Q = ReplicaFiles.vector(1, 1, 1, 0.5f);

    @TempDir
    Path dir;

    /** C2 for the readers' KNN fast path, which answers the parts of a split query (as in ScatterKnnIT). */
    private WorkerPool.Builder readOnly(String name, Path file) {
        return Pools.builder(dir, name).database(file).readOnly(true)
                .jvmOptions(List.of(Pools.FAULTS, "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2"));
    }

    private Path gen(int gen) {
        return ReplicaFiles.make(dir.resolve("gen-" + gen + ".db"), gen);
    }

    /** @return the one generation a {@link #GENS} answer holds; fails if it holds two or misses rows */
    private static long oneGeneration(QueryResult r) {
        assertThat(r.rows()).as("generations in one answer").hasSize(1);
        assertThat(r.rows().get(0).getLong(1)).as("rows of the generation").isEqualTo(ReplicaFiles.ROWS);
        return r.rows().get(0).getLong(0);
    }

    /** @return the one generation of a KNN answer's rowids ({@code gen * 1000 + i}) */
    private static long knnGeneration(QueryResult r) {
        assertThat(r.rows()).hasSize(10);
        long gen = r.rows().get(0).getLong(0) / 1000;
        for (Row row : r.rows()) {
            assertThat(row.getLong(0) / 1000).as("generation of every KNN row").isEqualTo(gen);
        }
        return gen;
    }

    /** @return the one generation of a whole stream of {@code select gen, i from t} */
    private static long streamGeneration(RowStream s) {
        long gen = -1;
        int rows = 0;
        for (Row row : s) {
            gen = gen < 0 ? row.getLong(0) : gen;
            assertThat(row.getLong(0)).as("generation of every streamed row").isEqualTo(gen);
            rows++;
        }
        assertThat(rows).isEqualTo(ReplicaFiles.ROWS);
        return gen;
    }

    private interface Ask {
        long generation();
    }

    @Test
    void twentySwapsUnderLoadFailNoQueryAndNeverMixOrGoBack() throws Exception {
        int swaps = 20;
        List<Path> files = new ArrayList<>();
        for (int g = 0; g <= swaps; g++) {
            files.add(gen(g));
        }
        AtomicInteger told = new AtomicInteger();
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void databaseSwapped(String pool, Path previous, Path current, Duration elapsed) {
                told.incrementAndGet();
            }
        };
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answers = new AtomicLong();
        try (WorkerPool pool = readOnly("swaps", files.get(0)).readers(3).listener(listener).build()) {
            List<Ask> asks = List.of(
                    () -> oneGeneration(pool.query(GENS)),
                    () -> {
                        try (RowStream s = pool.stream(FetchSize.rows(64), "select gen, i from t order by i")) {
                            return streamGeneration(s);
                        }
                    },
                    () -> knnGeneration(pool.query(ReplicaFiles.KNN, Q, 10)));
            List<Thread> threads = new ArrayList<>();
            for (Ask ask : asks) {
                threads.add(new Thread(() -> {
                    long last = 0;
                    while (!stop.get()) {
                        try {
                            long seen = ask.generation();
                            assertThat(seen).as("generation after " + last).isGreaterThanOrEqualTo(last);
                            last = seen;
                            answers.incrementAndGet();
                        } catch (Throwable t) {
                            failures.add(t);
                            return;
                        }
                    }
                }, "load-" + threads.size()));
            }
            threads.forEach(Thread::start);
            for (int g = 1; g <= swaps && failures.isEmpty(); g++) {
                pool.swapDatabase(files.get(g));
                assertThat(pool.database()).isEqualTo(files.get(g).toAbsolutePath());
                // Submitted after the swap returned: the new file only, split across readers or not.
                assertThat(oneGeneration(pool.query(GENS))).isEqualTo(g);
                assertThat(knnGeneration(pool.query(ReplicaFiles.KNN, Q, 10))).isEqualTo(g);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).as("failures under load").isEmpty();
            PoolStats stats = pool.stats();
            assertThat(stats.databaseSwaps()).isEqualTo(swaps);
            assertThat(told).hasValue(swaps);
            assertThat(stats.failed()).isZero();
            assertThat(stats.crashes()).isZero();
            assertThat(stats.scatteredQueries()).as("KNN queries answered in parts").isPositive();
            assertThat(answers.get()).isGreaterThan(swaps);
            assertThat(pool.workers()).hasSize(3).allSatisfy(w -> assertThat(w.role()).isEqualTo("reader"));
        }
    }

    @Test
    void aStreamOpenedBeforeASwapReadsItsWholeOldResultAfterTheSwitch() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        try (WorkerPool pool = readOnly("stream", one).readers(2).scatterKnn(false).build()) {
            RowStream s = pool.stream(FetchSize.rows(10), "select gen, i from t order by i");
            Iterator<Row> rows = s.iterator();
            int read = 0;
            for (; read < 10; read++) {
                assertThat(rows.next().getLong(0)).isEqualTo(1);
            }
            CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> pool.swapDatabase(two));
            // The switch comes once the new readers are ready; the stream still holds its old reader.
            while (oneGeneration(pool.query(GENS)) != 2) {
                assertThat(swap).as("the swap waits for the stream's reader").isNotDone();
            }
            assertThat(swap).isNotDone();
            while (rows.hasNext()) {
                assertThat(rows.next().getLong(0)).as("row " + read + " of the old result").isEqualTo(1);
                read++;
            }
            assertThat(read).isEqualTo(ReplicaFiles.ROWS);
            s.close();
            swap.get(60, TimeUnit.SECONDS);
            assertThat(pool.stats().databaseSwaps()).isEqualTo(1);
            assertThat(pool.stats().failed()).isZero();
        }
    }

    @Test
    void aSwapToAMissingOrBadFileThrowsAndThePoolKeepsServingTheOldFile() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        Path missing = dir.resolve("missing.db");
        Path text = Files.writeString(dir.resolve("text.db"), "not a database at all, only some text here");
        byte[] real = Files.readAllBytes(two);
        byte[] damaged = new byte[4096];
        System.arraycopy(real, 0, damaged, 0, 100); // SQLite's header, then zeros where the schema was
        Path truncated = Files.write(dir.resolve("damaged.db"), damaged);
        try (WorkerPool pool = readOnly("bad", one).readers(2).build()) {
            List<Long> pids = Pools.readerPids(pool);
            assertThatThrownBy(() -> pool.swapDatabase(missing)).isInstanceOf(PoolSetupException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> pool.swapDatabase(text)).isInstanceOf(PoolSetupException.class)
                    .hasMessageContaining("not a SQLite database");
            assertThatThrownBy(() -> pool.swapDatabase(truncated)).isInstanceOf(PoolSetupException.class)
                    .hasMessageContaining("cannot swap the database to " + truncated)
                    .hasMessageContaining("still serving " + one.toAbsolutePath());
            assertThat(pool.database()).isEqualTo(one.toAbsolutePath());
            assertThat(oneGeneration(pool.query(GENS))).isEqualTo(1);
            assertThat(Pools.readerPids(pool)).as("the old readers kept serving").isEqualTo(pids);
            assertThat(pool.stats().databaseSwaps()).isZero();

            try (Pools.LogCapture log = new Pools.LogCapture()) {
                pool.swapDatabase(two); // and a good file still swaps
                assertThat(log.lines("INFO")).anySatisfy(line -> assertThat(line).matches(
                        "bad - swapped database from \\Q" + one.toAbsolutePath() + "\\E to \\Q" + two.toAbsolutePath()
                                + "\\E in \\d+ ms \\(2 readers drained\\)"));
            }
            assertThat(oneGeneration(pool.query(GENS))).isEqualTo(2);
            assertThat(pool.stats().failed()).isZero();
        }
    }

    @Test
    void readersLostDuringAndAfterASwapComeBackOnTheNewFile() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        try (WorkerPool pool = readOnly("lost", one).readers(2).scatterKnn(false).build()) {
            RowStream held = pool.stream(FetchSize.rows(10), "select gen, i from t order by i");
            assertThat(held.iterator().next().getLong(0)).isEqualTo(1);
            CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> pool.swapDatabase(two));
            while (oneGeneration(pool.query(GENS)) != 2) {
                assertThat(swap).isNotDone();
            }
            // The idle reader switched at once; the one the stream holds (LEASED, or BUSY fetching
            // the next page ahead) is the old file's, draining.
            long oldReader = pool.workers().stream()
                    .filter(w -> w.role().equals("reader") && !w.state().equals("IDLE"))
                    .mapToLong(WorkerInfo::pid).findFirst().orElseThrow();
            // The old reader crashes while it drains: its slot must come back on the new file.
            assertThat(ProcessHandle.of(oldReader).orElseThrow().destroyForcibly()).isTrue();
            swap.get(60, TimeUnit.SECONDS);
            held.close();
            assertThat(everyReaderGeneration(pool)).containsOnly(2L);

            // A new reader crashes: it restarts on the new file too.
            long newReader = Pools.readerPids(pool).get(0);
            assertThat(ProcessHandle.of(newReader).orElseThrow().destroyForcibly()).isTrue();
            assertThat(everyReaderGeneration(pool)).containsOnly(2L);
            assertThat(Pools.readerPids(pool)).doesNotContain(oldReader, newReader);
        }
    }

    @Test
    void aReaderStartingOnTheOldFileAtTheSwitchIsStoppedAndStartsOnTheNewOne() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        Path ticket = Files.createDirectory(dir.resolve("ticket"));
        Path hold = dir.resolve("hold");
        // The first worker launched after the ticket is handed out (the killed reader's restart) waits
        // at the gate, in STARTING on the old file, until the test lifts it; every other launch passes.
        String gate = "if /bin/mkdir " + ticket + " 2>/dev/null; then while [ -e " + hold + " ]; do /bin/sleep 0.02;"
                + " done; fi; exec \"$@\"";
        try (WorkerPool pool = readOnly("superseded", one).readers(2).scatterKnn(false)
                .commandPrefix(List.of("/bin/sh", "-c", gate, "sh")).build()) {
            Files.createFile(hold);
            Files.delete(ticket);
            long victim = Pools.readerPids(pool).get(0);
            assertThat(ProcessHandle.of(victim).orElseThrow().destroyForcibly()).isTrue();
            while (!Files.isDirectory(ticket)) { // its restart is at the gate: launched on the old file
                assertThat(oneGeneration(pool.query(GENS))).isEqualTo(1);
            }
            pool.swapDatabase(two); // the one live reader is swapped; the one at the gate is not live
            Files.delete(hold);
            assertThat(everyReaderGeneration(pool)).as("no reader serves the old file").containsOnly(2L);
            assertThat(pool.stats().crashes()).as("only the kill; the stale start is no crash").isEqualTo(1);
        }
    }

    @Test
    void aNewReaderLostBetweenTheSwitchAndItsHandOverTakesTheOldOneWithIt() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        try (WorkerPool pool = readOnly("handover", one).readers(2).scatterKnn(false).build()) {
            List<Long> before = Pools.readerPids(pool);
            RowStream held = pool.stream(FetchSize.rows(10), "select gen, i from t order by i");
            Iterator<Row> rows = held.iterator();
            assertThat(rows.next().getLong(0)).isEqualTo(1);
            CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> pool.swapDatabase(two));
            while (oneGeneration(pool.query(GENS)) != 2) {
                assertThat(swap).isNotDone();
            }
            // The stream's old reader waits for it; its replacement, started on the new file and not yet
            // a slot's worker, is the child process started last that no slot shows.
            List<Long> shown = Pools.readerPids(pool);
            ProcessHandle replacement = ProcessHandle.current().children()
                    .filter(p -> !shown.contains(p.pid()) && !before.contains(p.pid()) && p.isAlive())
                    .max(java.util.Comparator.comparing(p -> p.info().startInstant().orElseThrow()))
                    .orElseThrow();
            assertThat(replacement.destroyForcibly()).isTrue();
            replacement.onExit().get(30, TimeUnit.SECONDS);
            int read = 1;
            while (rows.hasNext()) {
                assertThat(rows.next().getLong(0)).isEqualTo(1);
                read++;
            }
            assertThat(read).as("the stream read its whole old result").isEqualTo(ReplicaFiles.ROWS);
            held.close();
            swap.get(60, TimeUnit.SECONDS);
            assertThat(everyReaderGeneration(pool)).as("the old reader went once free").containsOnly(2L);
            assertThat(Pools.readerPids(pool)).doesNotContainAnyElementsOf(before);
        }
    }

    /** @return the generation each reader serves: one stream per reader, all held at once */
    private static List<Long> everyReaderGeneration(WorkerPool pool) {
        List<RowStream> streams = new ArrayList<>();
        List<Long> gens = new ArrayList<>();
        try {
            for (int i = 0; i < pool.config().readers(); i++) {
                RowStream s = pool.stream(FetchSize.rows(1), "select gen from t");
                streams.add(s);
                gens.add(s.iterator().next().getLong(0));
            }
        } finally {
            streams.forEach(RowStream::close);
        }
        return gens;
    }

    /**
     * With {@code knnWarmUp} every reader, the first ones and a swap's replacements, fills its KNN
     * cache before it is ready. A reader's stderr lines are all logged once its pump has ended,
     * which the swap waits for when it drains it: so after swapping 1 → 2 → 3, the readers of files 1
     * and 2 have logged what they cached at start. Without the option no reader warms up.
     */
    @Test
    void withKnnWarmUpEveryReaderOfASwapFillsItsKnnCacheBeforeItIsReady() throws Exception {
        Path one = gen(1);
        Path two = gen(2);
        Path three = gen(3);
        long chunks = (ReplicaFiles.ROWS + 7) / 8;
        String cached = "KNN warm-up: cached " + chunks * (1 + 8 * 8 + 8 * 4 * 4 + 64) + " bytes for 1 vector columns";
        try (Pools.LogCapture log = new Pools.LogCapture()) {
            try (WorkerPool pool = readOnly("warm", one).readers(2).knnWarmUp(true).build()) {
                pool.swapDatabase(two);
                pool.swapDatabase(three);
                assertThat(knnGeneration(pool.query(ReplicaFiles.KNN, Q, 10))).isEqualTo(3);
            }
            assertThat(log.lines("TRACE").stream().filter(l -> l.contains(cached)).map(l -> l.split(" ")[2])
                    .distinct().collect(java.util.stream.Collectors.toList()))
                    .as("the readers of files 1 and 2 (and maybe 3) that logged their warm-up")
                    .hasSizeGreaterThanOrEqualTo(4);
        }
        try (Pools.LogCapture log = new Pools.LogCapture()) {
            try (WorkerPool pool = readOnly("cold", one).readers(2).build()) {
                pool.swapDatabase(two);
                assertThat(knnGeneration(pool.query(ReplicaFiles.KNN, Q, 10))).isEqualTo(2);
            }
            assertThat(log.lines("TRACE")).as("a reader of file 1 logged its lines").anyMatch(l -> l.contains("ready: reader"))
                    .noneMatch(l -> l.contains("KNN warm-up"));
        }
    }

    @Test
    void swapNeedsAReadOnlyPoolThatIsOpen() {
        Path one = gen(1);
        try (WorkerPool writer = Pools.builder(dir, "writer").readers(1).build()) {
            assertThatThrownBy(() -> writer.swapDatabase(one)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read-only pool");
        }
        WorkerPool pool = readOnly("closed", one).readers(1).build();
        pool.close();
        assertThatThrownBy(() -> pool.swapDatabase(one)).isInstanceOf(PoolClosedException.class);
    }
}
