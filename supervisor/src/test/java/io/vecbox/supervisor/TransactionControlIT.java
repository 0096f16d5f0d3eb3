package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 2: transaction control through execute() left the writer inside a transaction,
 * so readers never saw later writes and executeMany committed half its rows while failing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionControlIT {
    @TempDir
    Path dir;

    private static long count(WorkerPool pool, String table) {
        return pool.query("select count(*) from " + table).rows().get(0).getLong(0);
    }

    private static QueryFailedException refusal(Runnable r) {
        try {
            r.run();
            return null;
        } catch (QueryFailedException e) {
            return e;
        }
    }

    private static void assertRefusedAsTransactionControl(QueryFailedException e) {
        assertThat(e).as("refused").isNotNull();
        assertThat(e.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(e.getMessage()).contains("transaction control").contains("executeBatch")
                .contains("WorkerPool.transaction(");
    }

    @Test
    void aStrayBeginThroughExecuteIsRefusedSoReadersSeeLaterWrites() {
        try (WorkerPool pool = Pools.builder(dir, "begin").readers(1).build()) {
            pool.execute("create table t(x)");
            QueryFailedException refused = refusal(() -> pool.execute("begin"));
            pool.execute("insert into t values (1)");
            assertThat(count(pool, "t")).as("rows readers see after begin; insert").isEqualTo(1);
            assertRefusedAsTransactionControl(refused);
        }
    }

    @Test
    void executeManyAfterAStrayBeginCommitsAllOrNothingAndLosesNoAcknowledgedWrite() {
        Path db;
        List<Long> acknowledged = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (WorkerPool pool = Pools.builder(dir, "many").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            refusal(() -> pool.execute("begin"));
            for (long[] ids : new long[][] {{1}, {2, 3}, {4, 5, 4}, {6, 7}, {8}, {9, 10, 9}, {11}}) {
                List<Object[]> rows = new ArrayList<>();
                for (long id : ids) {
                    rows.add(new Object[] {id});
                }
                try {
                    if (ids.length == 1) {
                        pool.execute("insert into t values (?)", ids[0]);
                    } else {
                        pool.executeMany("insert into t values (?)", rows);
                    }
                    for (long id : ids) {
                        acknowledged.add(id);
                    }
                } catch (QueryFailedException e) {
                    failed.add(java.util.Arrays.toString(ids) + ": " + e.getMessage());
                }
            }
            assertThat(pool.query("select id from t order by id").rows()).extracting(r -> r.getLong(0))
                    .as("rows readers see").containsExactlyElementsOf(acknowledged);
        }
        assertThat(DbFile.longs(db, "select id from t order by id")).as("rows in the file after close()")
                .containsExactlyElementsOf(acknowledged);
        assertThat(failed).as("only the executeMany calls with a duplicate id fail").hasSize(2)
                .allSatisfy(f -> assertThat(f).contains("UNIQUE constraint failed"));
        assertThat(acknowledged).containsExactly(1L, 2L, 3L, 6L, 7L, 8L, 11L);
    }

    @Test
    void everyTransactionStatementIsRefusedInEveryWriteRequestBeforeAnythingRuns() {
        try (WorkerPool pool = Pools.builder(dir, "every").readers(1).sandbox(SandboxPolicy.trusted()).build()) {
            pool.execute("create table t(x)");
            for (String sql : List.of("begin", "BEGIN IMMEDIATE TRANSACTION", "  /* note */ begin exclusive",
                    "-- why\nbegin", "commit", "END", "end transaction", "rollback", "savepoint s",
                    "release s", "Release Savepoint s", "rollback to s")) {
                assertRefusedAsTransactionControl(refusal(() -> pool.execute(sql)));
                assertRefusedAsTransactionControl(refusal(() -> pool.executeMany(sql, List.<Object[]>of(new Object[0]))));
                QueryFailedException batch = refusal(() -> pool.executeBatch(List.of(
                        Statement.of("insert into t values (1)"), Statement.of(sql))));
                assertThat(batch).as(sql).isNotNull();
                assertThat(batch.errorCode()).isEqualTo("BAD_REQUEST");
                assertThat(batch.getMessage()).contains("statement 1 is transaction control");
                assertThat(refusal(() -> pool.query(sql))).as(sql).isNotNull()
                        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("BAD_REQUEST"));
            }
            assertThat(count(pool, "t")).as("nothing of the refused batches ran").isZero();
            assertThat(pool.execute("explain begin").rows()).as("EXPLAIN runs nothing: allowed").isNotEmpty();
            pool.execute("insert into t values (2)");
            assertThat(count(pool, "t")).isEqualTo(1);
        }
    }
}
