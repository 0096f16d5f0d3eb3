package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot standby writer ({@link WorkerPool.Builder#standbyWriter}) with real worker JVMs: the
 * writer SIGKILLed, the standby promoted at once, a new standby started, nothing acknowledged
 * lost, and a close that leaves one self-contained file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandbyWriterIT {
    /** A restart that cannot come during a test: what serves the next write must be the standby. */
    private static final RestartPolicy NO_RESTART_SOON = RestartPolicy.builder().initialBackoff(Duration.ofMinutes(5))
            .maxBackoff(Duration.ofMinutes(5)).build();

    @TempDir
    Path dir;

    private final PoolEvents listener = new PoolEvents();

    private WorkerPool.Builder builder(String name) {
        return Pools.builder(dir, name).readers(1).standbyWriter(true).listener(listener);
    }

    private void await(String event) throws InterruptedException {
        listener.await(event);
    }

    private static WorkerInfo slot(WorkerPool pool, int slot) {
        return pool.workers().stream().filter(w -> w.name().startsWith("worker-" + slot + "#")).findFirst()
                .orElseThrow();
    }

    private static WorkerInfo withRole(WorkerPool pool, String role) {
        return pool.workers().stream().filter(w -> w.role().equals(role)).findFirst().orElseThrow();
    }

    private static void kill(long pid) {
        assertThat(pid).isPositive();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    }

    /** @return the worker that ran the insert */
    private static String insert(WorkerPool pool, long id) {
        return pool.execute("insert into t(id) values (?) returning id", id).returned().worker();
    }

    @Test
    void writeAfterTheWriterIsKilledRunsOnThePromotedStandbyWithoutWaitingForARestart() throws Exception {
        Path db;
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = builder("promote").restartPolicy(NO_RESTART_SOON).build()) {
            db = pool.database();
            assertThat(pool.workers()).extracting(WorkerInfo::name, WorkerInfo::role, WorkerInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-0#1", "writer", "IDLE"),
                            org.assertj.core.groups.Tuple.tuple("worker-1#1", "reader", "IDLE"),
                            org.assertj.core.groups.Tuple.tuple("worker-2#1", "standby", "STANDBY"));
            assertThat(pool.stats().standby()).isEqualTo(1);
            assertThat(pool.stats().workers()).isEqualTo(3);
            pool.execute("create table t(id integer primary key)");
            assertThat(insert(pool, 1)).isEqualTo("worker-0#1");

            kill(slot(pool, 0).pid());
            await("promoted worker-2#1 replacing worker-0#1");

            assertThat(insert(pool, 2)).as("the next write runs on the standby").isEqualTo("worker-2#1");
            assertThat(insert(pool, 3)).isEqualTo("worker-2#1");
            assertThat(slot(pool, 0).state()).as("the lost writer's slot waits out its 5 min backoff")
                    .isEqualTo("BACKOFF");
            assertThat(slot(pool, 0).role()).as("and comes back as the standby").isEqualTo("standby");
            assertThat(slot(pool, 2).role()).isEqualTo("writer");
            assertThat(slot(pool, 2).generation()).as("the promoted standby was never restarted").isEqualTo(1);
            assertThat(pool.stats().standby()).isZero();
            assertThat(pool.stats().restarts()).isZero();
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(3L);
            assertThat(log.lines("INFO")).contains("promote - worker-2#1 promoted from standby to writer: the writer "
                    + "worker-0#1 was lost; worker-0 comes back as the standby");
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void writerHungInsideAWriteIsKilledAtItsDeadlineAndTheStandbyTakesTheNextWrite() throws Exception {
        Path db;
        try (WorkerPool pool = builder("hang").restartPolicy(NO_RESTART_SOON).writeTimeout(Duration.ofSeconds(1))
                .build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            assertThat(insert(pool, 1)).isEqualTo("worker-0#1");
            // The insert holds SQLite's write lock while the function spins, deaf to interrupts.
            QueryTimeoutException hung = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> pool.execute("insert into t(id) select 2 + vecbox_fault('spin')"), QueryTimeoutException.class);
            assertThat(hung).as("the hung write").isNotNull();
            assertThat(hung.workerKilled()).isTrue();
            assertThat(hung.writeOutcomeUnknown()).isTrue();
            await("promoted worker-2#1 replacing worker-0#1");
            assertThat(insert(pool, 3)).as("the next write, once the hung writer's lock died with it")
                    .isEqualTo("worker-2#1");
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 3L);
    }

    @Test
    void repeatedWriterKillsUnderWritesLoseNoAcknowledgedWrite() throws Exception {
        Path db;
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (WorkerPool pool = builder("repeat").acquireTimeout(Duration.ofSeconds(30)).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            Thread writer = new Thread(() -> {
                for (long id = 1; !stop.get(); id++) {
                    try {
                        pool.execute("insert into t(id) values (?)", id);
                        acknowledged.add(id);
                    } catch (WorkerCrashedException e) {
                        // in flight on the killed writer: outcome unknown, never resent
                        if (!e.writeOutcomeUnknown()) {
                            unexpected.add(e);
                        }
                    } catch (Throwable t) {
                        unexpected.add(t);
                    }
                }
            }, "test-writer");
            writer.start();
            for (int kill = 0; kill < 4; kill++) {
                WorkerInfo active = withRole(pool, "writer");
                int activeSlot = Integer.parseInt(active.name().substring(7, active.name().indexOf('#')));
                WorkerInfo standby = withRole(pool, "standby");
                assertThat(standby.state()).isEqualTo("STANDBY");
                kill(active.pid());
                await("promoted " + standby.name() + " replacing " + active.name());
                // A new standby comes up in the killed writer's slot.
                await("started worker-" + activeSlot + "#" + (active.generation() + 1));
                assertThat(slot(pool, activeSlot).role()).isEqualTo("standby");
                assertThat(slot(pool, activeSlot).state()).isEqualTo("STANDBY");
            }
            int before = acknowledged.size();
            long last = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < before + 10 && System.nanoTime() < last) {
                Thread.onSpinWait();
            }
            stop.set(true);
            writer.join();
            assertThat(unexpected).isEmpty();
            assertThat(acknowledged.size()).as("writes go on after the last kill").isGreaterThanOrEqualTo(before + 10);
            assertThat(pool.stats().crashes()).isEqualTo(4);
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsAll(acknowledged);
        assertThat(Files.exists(Path.of(db + "-wal")) ? Files.size(Path.of(db + "-wal")) : 0L).isZero();
    }

    @Test
    void killedStandbyIsRestartedWhileWritesGoOnOnTheWriter() throws Exception {
        Path db;
        try (WorkerPool pool = builder("standby-killed").build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            kill(slot(pool, 2).pid());
            await("lost worker-2#1");
            assertThat(insert(pool, 1)).isEqualTo("worker-0#1");
            await("started worker-2#2");
            assertThat(slot(pool, 2).role()).isEqualTo("standby");
            assertThat(slot(pool, 2).state()).isEqualTo("STANDBY");
            assertThat(insert(pool, 2)).isEqualTo("worker-0#1");
            assertThat(pool.stats().standby()).isEqualTo(1);
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(listener.pending()).as("no promotion").noneMatch(e -> e.startsWith("promoted"));
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(1L, 2L);
    }

    @Test
    void closeWithAStandbyLeavesOneSelfContainedFile() throws Exception {
        closeLeavesOneSelfContainedFile(false);
    }

    @Test
    void closeAfterAPromotionLeavesOneSelfContainedFile() throws Exception {
        closeLeavesOneSelfContainedFile(true);
    }

    private void closeLeavesOneSelfContainedFile(boolean promote) throws Exception {
        Path db;
        try (WorkerPool pool = builder(promote ? "close-promoted" : "close").restartPolicy(NO_RESTART_SOON).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, b blob)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                rows.add(new Object[] {i, new byte[10_000]});
            }
            pool.executeMany("insert into t values (?, ?)", rows);
            if (promote) {
                kill(slot(pool, 0).pid());
                await("promoted worker-2#1 replacing worker-0#1");
                rows.clear();
                for (int i = 200; i < 300; i++) {
                    rows.add(new Object[] {i, new byte[10_000]});
                }
                pool.executeMany("insert into t values (?, ?)", rows);
            }
            assertThat(Files.size(Path.of(db + "-wal"))).as("WAL while the pool is open").isGreaterThan(1_000_000L);
        }
        Path wal = Path.of(db + "-wal");
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).as("bytes in %s after close()", wal).isZero();
        Path copy = Files.createDirectories(dir.resolve("copy")).resolve("copy.db");
        Files.copy(db, copy);
        assertThat(DbFile.longs(copy, "select count(*) from t")).containsExactly(promote ? 300L : 200L);
    }
}
