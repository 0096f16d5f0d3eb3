package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Values;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer pool and a {@link Replicator} to a {@code file://} replica on one machine: every
 * acknowledged write reaches a restored copy, through a SIGKILL of Litestream and through a close.
 */
@EnabledIf(value = "io.vecbox.litestream.LitestreamBinary#isAvailable", disabledReason = "no Litestream for this platform: set -Dvecbox.litestream")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicatorIT {
    private static final Duration REPLICATION_DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static void createTables(WorkerPool pool) {
        pool.execute("create table rows(id integer primary key, body text not null)");
        pool.execute("create virtual table items using vec0(embedding float[4])");
    }

    private static void write(WorkerPool pool, long id, List<Long> acknowledged) {
        pool.executeBatch(List.of(
                io.vecbox.supervisor.Statement.of("insert into rows(id, body) values (?, ?)", id, "row " + id),
                io.vecbox.supervisor.Statement.of("insert into items(rowid, embedding) values (?, ?)", id,
                        new float[] {id, 0, 0, 1})));
        synchronized (acknowledged) {
            acknowledged.add(id);
        }
    }

    private static boolean holds(Path copy, List<Long> ids) {
        List<Long> rows = Replicas.longs(copy, "select id from rows order by id");
        return rows.containsAll(ids) && Replicas.longs(copy, "select rowid from items order by rowid").containsAll(ids);
    }

    @Test
    void aRestoreHoldsEveryAcknowledgedWriteRowsAndVectors() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        List<Long> acknowledged = new ArrayList<>();
        try (WorkerPool pool = Replicas.primary(db).build();
             Replicator replicator = Replicas.replicator(db, url).start()) {
            createTables(pool);
            for (long id = 1; id <= 200; id++) {
                write(pool, id, acknowledged);
            }
            Path copy = Replicas.restoreUntil(url, dir.resolve("restores"), REPLICATION_DEADLINE,
                    "all 200 acknowledged writes", c -> holds(c, acknowledged));

            assertThat(Replicas.longs(copy, "select id from rows order by id"))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(Replicas.longs(copy, "select count(*) from rows where body = 'row ' || id")).containsExactly(200L);
            assertThat(Replicas.longs(copy, "select rowid from items where embedding match ? and k = 1",
                    (Object) Values.floatsToBlob(new float[] {137, 0, 0, 1}))).containsExactly(137L);
            assertThat(replicator.syncs()).isPositive();
            assertThat(replicator.lastPosition()).isPresent();
            assertThat(replicator.restarts()).isZero();
        }
    }

    @Test
    void litestreamKilledMidLoadIsRestartedAndTheReplicaLosesNoCommittedWrite() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        List<Long> acknowledged = new ArrayList<>();
        CountDownLatch restarted = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(1);
        ReplicatorListener listener = new ReplicatorListener() {
            @Override
            public void started(Replicator r, long pid, int restarts) {
                if (restarts > 0) {
                    restarted.countDown();
                }
            }

            @Override
            public void exited(Replicator r, int exitCode, String outputTail) {
                exited.countDown();
            }
        };
        try (WorkerPool pool = Replicas.primary(db).build();
             Replicator replicator = Replicas.replicator(db, url).listener(listener).start()) {
            createTables(pool);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<CountDownLatch> writesAfterRestart = new AtomicReference<>(new CountDownLatch(0));
            Thread writer = new Thread(() -> {
                for (long id = 1; !stop.get(); id++) {
                    write(pool, id, acknowledged);
                    writesAfterRestart.get().countDown();
                }
            }, "test-writer");
            writer.start();
            try {
                Replicas.restoreUntil(url, dir.resolve("before"), REPLICATION_DEADLINE, "some writes",
                        c -> !Replicas.longs(c, "select id from rows").isEmpty());
                ProcessHandle litestream = replicator.process().orElseThrow();
                litestream.destroyForcibly(); // SIGKILL: no final sync
                assertThat(exited.await(30, TimeUnit.SECONDS)).as("the replicator saw Litestream die").isTrue();
                assertThat(restarted.await(30, TimeUnit.SECONDS)).as("the replicator restarted Litestream").isTrue();
                assertThat(replicator.process()).isPresent().get().isNotEqualTo(litestream);
                CountDownLatch fiftyMore = new CountDownLatch(50);
                writesAfterRestart.set(fiftyMore);
                assertThat(fiftyMore.await(60, TimeUnit.SECONDS)).as("50 more writes after the restart").isTrue();
            } finally {
                stop.set(true);
                writer.join();
            }
            List<Long> all;
            synchronized (acknowledged) {
                all = List.copyOf(acknowledged);
            }
            Path copy = Replicas.restoreUntil(url, dir.resolve("after"), REPLICATION_DEADLINE,
                    "all " + all.size() + " acknowledged writes, from before and after the kill", c -> holds(c, all));
            assertThat(Replicas.longs(copy, "select id from rows order by id")).containsAll(all);
            assertThat(replicator.restarts()).isEqualTo(1);
        }
    }

    @Test
    void closingThePoolWithoutCheckpointThenTheReplicatorLeavesACompleteReplica() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        WorkerPool pool = Replicas.primary(db).build();
        Replicator replicator;
        try {
            // A long sync interval: what reaches the replica is what close() ships.
            replicator = Replicas.replicator(db, url).syncInterval(Duration.ofSeconds(30)).start();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        try {
            createTables(pool);
            for (long id = 1; id <= 300; id++) {
                write(pool, id, new ArrayList<>());
            }
        } finally {
            pool.close();
            replicator.close();
        }
        Path copy = Replicas.restore(url, dir.resolve("restores"));
        assertThat(Replicas.longs(copy, "select id from rows order by id"))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        assertThat(Replicas.longs(copy, "select count(*) from items")).containsExactly(300L);
    }

    @Test
    void aReplicaUrlLitestreamRefusesFailsStartWithItsOwnWords() throws Exception {
        Path db = dir.resolve("app.db");
        try (WorkerPool pool = Replicas.primary(db).build()) {
            pool.execute("create table rows(id integer primary key)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replicator.builder(db, "bogus://nowhere/x").start())
                .isInstanceOf(LitestreamException.class)
                .hasMessageContaining("litestream exited with 1 before it replicated")
                .hasMessageContaining("unknown replica type")
                .satisfies(e -> assertThat(((LitestreamException) e).exitCode()).isEqualTo(1));
    }

    @Test
    void aReplicatorClosedBeforeLitestreamsFirstSyncStillShipsEverything() throws Exception {
        Path db = dir.resolve("app.db");
        String url = Replicas.fileUrl(dir.resolve("replica"));
        try (WorkerPool pool = Replicas.primary(db).build()) {
            createTables(pool);
            for (long id = 1; id <= 20; id++) {
                write(pool, id, new ArrayList<>());
            }
        }
        // Litestream 0.3.13 opens the database at its first sync and makes no final sync before that.
        Replicator replicator = Replicator.builder(db, url).name("primary").monitorInterval(Duration.ofSeconds(2))
                .syncInterval(Duration.ofSeconds(2)).start();
        replicator.close();

        Path copy = Replicas.restore(url, dir.resolve("restores"));
        assertThat(Replicas.longs(copy, "select count(*) from rows")).containsExactly(20L);
        assertThat(replicator.syncs()).isPositive();
    }

}
