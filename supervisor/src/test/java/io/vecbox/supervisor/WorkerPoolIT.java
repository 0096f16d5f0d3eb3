package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The host API doing its job: the code sample, results, parameters, writes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolIT {
    @TempDir
    Path dir;

    @Test
    void theReadmeSampleWorksEndToEnd() {
        int dim = 16;
        Random random = new Random(7);
        float[][] vectors = new float[500][dim];
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            for (int d = 0; d < dim; d++) {
                vectors[i][d] = random.nextFloat();
            }
            rows.add(new Object[] {i + 1, vectors[i]});
        }
        float[] queryVector = vectors[123].clone();
        try (WorkerPool pool = WorkerPool.builder()
                .database(dir.resolve("vectors.db"))
                .readers(2)
                .queryTimeout(Duration.ofSeconds(5))
                .crashLogDirectory(dir.resolve("crash"))
                .build()) {
            pool.execute("create virtual table items using vec0(embedding float[16])");
            assertThat(pool.executeMany("insert into items(rowid, embedding) values (?, ?)", rows)).isEqualTo(500);
            QueryResult r = pool.query(
                    "select rowid, distance from items where embedding match ? and k = ?", queryVector, 10);
            assertThat(r.size()).isEqualTo(10);
            assertThat(r.columns()).containsExactly("rowid", "distance");
            assertThat(r.rows().get(0).getLong(0)).isEqualTo(124);
            assertThat(r.rows().get(0).getDouble("distance")).isCloseTo(0.0, within(1e-6));
            double previous = -1;
            for (Row row : r) {
                assertThat(row.getDouble("distance")).isGreaterThanOrEqualTo(previous);
                previous = row.getDouble("distance");
            }
            List<double[]> brute = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    s += (vectors[i][d] - queryVector[d]) * (vectors[i][d] - queryVector[d]);
                }
                brute.add(new double[] {i + 1, Math.sqrt(s)});
            }
            brute.sort(Comparator.comparingDouble(a -> a[1]));
            for (int i = 0; i < 10; i++) {
                assertThat(r.rows().get(i).getLong("rowid")).isEqualTo((long) brute.get(i)[0]);
            }
            QueryResult back = pool.query("select embedding from items where rowid = ?", 124);
            assertThat(back.rows().get(0).getFloats(0)).containsExactly(vectors[123]);
            assertThat(pool.stats().completed()).isEqualTo(4);
            assertThat(pool.stats().workers()).isEqualTo(3);
            assertThat(pool.stats().idle()).isEqualTo(3);
            assertThat(pool.stats().latencyP50()).isPositive();
        }
    }

    @Test
    void everyParameterTypeTravelsAndComesBackTyped() {
        try (WorkerPool pool = Pools.builder(dir, "params").readers(1).build()) {
            QueryResult r = pool.query("select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
                    null, true, (byte) 3, (short) 4, 5, 6L, 1.5f, 2.5d, "text", new byte[] {1, 2}, new float[] {1f, 2f});
            Row row = r.rows().get(0);
            assertThat(row.isNull(0)).isTrue();
            assertThat(row.getLong(1)).isEqualTo(1);
            assertThat(row.getLong(2)).isEqualTo(3);
            assertThat(row.getLong(3)).isEqualTo(4);
            assertThat(row.getLong(4)).isEqualTo(5);
            assertThat(row.getLong(5)).isEqualTo(6);
            assertThat(row.getDouble(6)).isEqualTo(1.5);
            assertThat(row.getDouble(7)).isEqualTo(2.5);
            assertThat(row.getString(8)).isEqualTo("text");
            assertThat(row.getBytes(9)).containsExactly(1, 2);
            assertThat(row.getFloats(10)).containsExactly(1f, 2f);
            assertThatThrownBy(() -> row.getLong(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("text");
            assertThatThrownBy(() -> row.getLong(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("NULL");
            assertThatThrownBy(() -> row.get("nope")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pool.query("select ?", new java.util.Date()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter 1")
                    .hasMessageContaining("java.util.Date");
            assertThatThrownBy(() -> pool.executeMany("insert into x values (?)",
                    List.<Object[]>of(new Object[] {1}, new Object[] {new Object()})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1");
        }
    }

    @Test
    void writesAreVisibleToReadersAndBatchesAreAllOrNothing() {
        try (WorkerPool pool = Pools.builder(dir, "writes").build()) {
            pool.execute("create table t(id integer primary key, v text not null)");
            UpdateResult one = pool.execute("insert into t(v) values (?)", "a");
            assertThat(one.changes()).isEqualTo(1);
            assertThat(one.lastInsertRowid()).isEqualTo(1);
            List<UpdateResult> batch = pool.executeBatch(List.of(
                    Statement.of("insert into t(v) values (?)", "b"),
                    Statement.of("update t set v = ? where id = ?", "A", 1)));
            assertThat(batch).extracting(UpdateResult::changes).containsExactly(1L, 1L);
            assertThatThrownBy(() -> pool.executeBatch(List.of(
                    Statement.of("insert into t(v) values (?)", "c"),
                    Statement.of("insert into t(v) values (?)", (Object) null))))
                    .isInstanceOf(QueryFailedException.class)
                    .satisfies(e -> assertThat(((QueryFailedException) e).sqliteCode() & 0xff).isEqualTo(19));
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isEqualTo(2);
            assertThat(pool.query("select v from t where id = 1").rows().get(0).getString("V")).isEqualTo("A");
        }
    }

    @Test
    void aSecondStatementIsRefusedRatherThanSilentlyIgnored() {
        try (WorkerPool pool = Pools.builder(dir, "second").readers(1).sandbox(SandboxPolicy.trusted()).build()) {
            assertThatThrownBy(() -> pool.execute("create table a(x); create table b(x)"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("runs exactly one statement")
                    .hasMessageContaining("executeBatch")
                    .satisfies(e -> assertThat(((QueryFailedException) e).errorCode()).isEqualTo("BAD_REQUEST"));
            assertThat(pool.query("select count(*) from sqlite_master where name = 'a'").rows().get(0).getLong(0))
                    .as("nothing of it ran").isZero();
            assertThatThrownBy(() -> pool.query("select 1; select 2")).isInstanceOf(QueryFailedException.class);
            assertThatThrownBy(() -> pool.executeBatch(List.of(Statement.of("create table c(x); drop table c"))))
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("statement 0");
            pool.execute("create table log(x)");
            pool.execute("create table t(x)");
            pool.execute("create trigger t_log after insert on t begin insert into log values (new.x); "
                    + "insert into log values (new.x * 10); end;");
            pool.execute("insert into t values (4)");
            assertThat(pool.query("select sum(x) from log").rows().get(0).getLong(0)).isEqualTo(44);
        }
    }

    @Test
    void sqlErrorsAreTypedAndTheWorkerStays() {
        try (WorkerPool pool = Pools.builder(dir, "sqlerr").readers(1).build()) {
            long pid = pool.workers().get(1).pid();
            assertThatThrownBy(() -> pool.query("select * from missing_table"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("no such table")
                    .satisfies(e -> {
                        QueryFailedException q = (QueryFailedException) e;
                        assertThat(q.sqliteCode()).isEqualTo(1);
                        assertThat(q.worker()).isEqualTo("worker-1#1");
                        assertThat(q.requestId()).isPositive();
                    });
            assertThatThrownBy(() -> pool.query("select ?")).isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("parameters");
            assertThat(pool.query("select 42").rows().get(0).getLong(0)).isEqualTo(42);
            assertThat(pool.workers().get(1).pid()).isEqualTo(pid);
            assertThat(pool.stats().crashes()).isZero();
            assertThat(pool.stats().restarts()).isZero();
        }
    }

    @Test
    void resultsAreTruncatedAtMaxRowsWhenTheCallerOptsIn() {
        try (WorkerPool pool = Pools.builder(dir, "trunc").readers(1).maxRows(5).truncateResults(true).build()) {
            QueryResult r = pool.query("with recursive c(x) as (select 1 union all select x + 1 from c where x < 100) "
                    + "select x from c");
            assertThat(r.size()).isEqualTo(5);
            assertThat(r.truncated()).isTrue();
        }
    }

    @Test
    void asyncQueriesRunInParallelOnReaders() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "async").readers(2).build()) {
            long start = System.nanoTime();
            CompletableFuture<QueryResult> a = pool.queryAsync("select vecbox_fault('spin', 800)");
            CompletableFuture<QueryResult> b = pool.queryAsync("select vecbox_fault('spin', 800)");
            QueryResult ra = a.get(10, TimeUnit.SECONDS);
            QueryResult rb = b.get(10, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isGreaterThanOrEqualTo(790L);
            assertThat(ra.worker()).as("each query had a reader of its own").isNotEqualTo(rb.worker());
        }
    }

    @Test
    void temporaryDatabaseIsDeletedAtClose() {
        Path db;
        try (WorkerPool pool = WorkerPool.builder().readers(1).crashLogDirectory(dir.resolve("crash")).build()) {
            db = pool.database();
            pool.execute("create table t(x)");
            assertThat(db).exists();
        }
        assertThat(db).doesNotExist();
        assertThat(db.getParent()).doesNotExist();
    }

    @Test
    void closeLogsNoErrorWhenAReaderSeesItsWorkerExitAfterTheLifecycleThreadsStopped() {
        try (Pools.LogCapture log = new Pools.LogCapture()) {
            for (int i = 0; i < 5; i++) {
                try (WorkerPool pool = Pools.builder(dir, "closing-" + i).readers(2).build()) {
                    assertThat(pool.query("select 1").size()).isEqualTo(1);
                }
            }
            assertThat(log.lines("ERROR")).isEmpty();
            assertThat(log.lines("WARN")).as("a planned stop is no lost worker").isEmpty();
        }
    }

    @Test
    void closeStopsEveryWorkerAndRefusesNewWork() throws Exception {
        WorkerPool pool = Pools.builder(dir, "close").build();
        List<ProcessHandle> workers = new ArrayList<>();
        for (WorkerInfo w : pool.workers()) {
            workers.add(ProcessHandle.of(w.pid()).orElseThrow());
        }
        pool.close();
        for (ProcessHandle h : workers) {
            assertThat(h.isAlive()).isFalse();
        }
        assertThatThrownBy(() -> pool.query("select 1")).isInstanceOf(PoolClosedException.class);
        pool.close(); // idempotent
        assertThat(Files.exists(dir.resolve("close.db"))).isTrue();
    }
}
