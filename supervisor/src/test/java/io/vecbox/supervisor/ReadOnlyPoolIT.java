package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only pools ({@code readOnly(true)}) over a file made in-process, as a replication tool would
 * leave it: they answer from it, refuse every write on the caller's thread with
 * {@link ReadOnlyPoolException}, leave the file's bytes as they were, never create a missing file,
 * and restart a reader killed with SIGKILL.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReadOnlyPoolIT {
    @TempDir
    Path dir;

    private WorkerPool.Builder readOnly(String name, Path file) {
        return Pools.builder(dir, name).database(file).readOnly(true);
    }

    @Test
    void answersFromTheFileAndRefusesEveryWriteLeavingItUnchanged() throws Exception {
        Path file = ReplicaFiles.make(dir.resolve("replica.db"), 7);
        String before = ReplicaFiles.sha256(file);
        try (WorkerPool pool = readOnly("ro", file).build()) {
            assertThat(pool.query("select gen, count(*) from t group by gen").rows().get(0).getLong(1))
                    .isEqualTo(ReplicaFiles.ROWS);
            QueryResult knn = pool.query(ReplicaFiles.KNN, ReplicaFiles.vector(1, 1, 1, 0.5f), 5);
            assertThat(knn.rows()).hasSize(5).allSatisfy(r -> assertThat(r.getLong(0) / 1000).isEqualTo(7));
            assertThat(pool.workers()).extracting(WorkerInfo::role).containsOnly("reader").hasSize(2);

            List<ThrowingCallable> writes = List.of(
                    () -> pool.execute("delete from t"),
                    () -> pool.execute("insert into t(gen, i) values (:g, 1)", Map.of("g", 8)),
                    () -> pool.executeBatch(List.of(Statement.of("delete from t"))),
                    () -> pool.executeMany("insert into t(gen, i) values (?, ?)", List.<Object[]>of(new Object[] {8, 1})),
                    () -> pool.begin(),
                    () -> pool.transaction(tx -> tx.execute("delete from t")),
                    () -> pool.query("delete from t"),
                    () -> pool.query("insert into t(gen, i) values (8, 1)"),
                    () -> pool.query("with x(g) as (select 8) insert into t(gen, i) select g, 1 from x"),
                    () -> pool.query("create table u(x)"),
                    () -> pool.query("drop table t"),
                    () -> pool.query("vacuum"),
                    () -> pool.stream("update t set gen = 8"));
            for (ThrowingCallable write : writes) {
                assertThatThrownBy(write).isInstanceOf(ReadOnlyPoolException.class)
                        .hasMessageContaining("ro - the pool is read-only");
            }
            // describe only prepares: allowed, and it tells a write apart
            assertThat(pool.describe("delete from t where gen = ?").readOnly()).isFalse();
            assertThat(pool.describe("select i from t where gen = ?").readOnly()).isTrue();
            assertThatThrownBy(() -> pool.queryAsync("delete from t").get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ReadOnlyPoolException.class);

            PoolStats stats = pool.stats();
            assertThat(stats.workers()).isEqualTo(2);
            assertThat(stats.crashes()).isZero();
            PoolHealth health = pool.health();
            assertThat(health.status()).isEqualTo(PoolHealth.Status.UP);
            assertThat(health.reason()).doesNotContain("writer");
            // Reads still work after all that.
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(ReplicaFiles.ROWS);
        }
        assertThat(ReplicaFiles.sha256(file)).as("the database file's bytes").isEqualTo(before);
        assertThat(DbFile.longs(file, "select count(*) from t where gen = 7")).containsExactly((long) ReplicaFiles.ROWS);
    }

    @Test
    void aTrustedQueryThatWritesIsRefusedBeforeAnyReaderSeesIt() {
        Path file = ReplicaFiles.make(dir.resolve("trusted.db"), 3);
        try (WorkerPool pool = readOnly("trusted", file).readers(1).sandbox(SandboxPolicy.trusted()).build()) {
            assertThatThrownBy(() -> pool.query("update t set gen = 4")).isInstanceOf(ReadOnlyPoolException.class)
                    .hasMessageContaining("refused a query that writes (write)");
            assertThatThrownBy(() -> pool.query("explain update t set gen = 4"))
                    .isInstanceOf(ReadOnlyPoolException.class);
            assertThat(pool.query("select count(*) from t where gen = 3").rows().get(0).getLong(0))
                    .isEqualTo(ReplicaFiles.ROWS);
        }
        assertThat(DbFile.longs(file, "select count(*) from t where gen = 3")).containsExactly((long) ReplicaFiles.ROWS);
    }

    @Test
    void aMissingFileFailsBuildAndIsNotCreated() {
        Path missing = dir.resolve("nowhere").resolve("missing.db");
        assertThatThrownBy(() -> readOnly("missing", missing).build()).isInstanceOf(PoolSetupException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseFailsBuild() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.db"), "this is not a database, just text long enough");
        assertThatThrownBy(() -> readOnly("garbage", garbage).build()).isInstanceOf(PoolSetupException.class)
                .hasMessageContaining(garbage.toString()).hasMessageContaining("not a SQLite database");
    }

    @Test
    void readOnlyWithAStandbyWriterOrWithoutAFileFailsBuild() {
        Path file = ReplicaFiles.make(dir.resolve("standby.db"), 1);
        assertThatThrownBy(() -> readOnly("standby", file).standbyWriter(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly and standbyWriter");
        assertThatThrownBy(() -> WorkerPool.builder().readOnly(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly needs a database file");
    }

    @Test
    void aReaderKilledWithSigkillIsRestartedAndThePoolKeepsAnswering() throws Exception {
        Path file = ReplicaFiles.make(dir.resolve("kill.db"), 5);
        CountDownLatch restarted = new CountDownLatch(1);
        WorkerPoolListener listener = new WorkerPoolListener() {
            @Override
            public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
                if (worker.endsWith("#2")) {
                    restarted.countDown();
                }
            }
        };
        try (WorkerPool pool = readOnly("kill", file).listener(listener).build()) {
            long victim = Pools.pidOf(pool, "IDLE", "reader");
            assertThat(victim).isPositive();
            assertThat(ProcessHandle.of(victim).orElseThrow().destroyForcibly()).isTrue();
            for (int i = 0; i < 20; i++) { // while the reader is gone and comes back
                assertThat(pool.query("select count(*) from t where gen = 5").rows().get(0).getLong(0))
                        .isEqualTo(ReplicaFiles.ROWS);
            }
            assertThat(restarted.await(30, TimeUnit.SECONDS)).as("the killed reader's slot restarted").isTrue();
            assertThat(Pools.readerPids(pool)).doesNotContain(victim).hasSize(2);
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(ReplicaFiles.ROWS);
        }
    }
}
