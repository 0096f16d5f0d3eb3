package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link WorkerPool#describe}: SQLite's own verdicts, asked of a worker, cached by SQL text. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DescribeIT {
    @TempDir
    Path dir;

    @Test
    void verdictsAreSqlitesOwn() {
        try (WorkerPool pool = Pools.builder(dir, "verdicts").readers(1).build()) {
            pool.execute("create table t(id integer primary key, v text)");
            pool.execute("create virtual table items using vec0(embedding float[2])");

            StatementInfo select = pool.describe("select id, v as value from t where id > ? and v = :v");
            assertThat(select.readOnly()).isTrue();
            assertThat(select.columns()).containsExactly("id", "value");
            assertThat(select.parameterCount()).isEqualTo(2);
            assertThat(select.multipleStatements()).isFalse();

            StatementInfo with = pool.describe("with x as (select 1 as one) select one from x");
            assertThat(with.readOnly()).isTrue();

            assertThat(pool.describe("insert into t(v) values (?)").readOnly()).isFalse();
            assertThat(pool.describe("insert into items(rowid, embedding) values (1, ?)").readOnly())
                    .as("a vec0 insert").isFalse();
            assertThat(pool.describe("create table u(x)").readOnly()).isFalse();
            assertThat(pool.describe("vacuum").readOnly()).isFalse();
            StatementInfo returning = pool.describe("delete from t where id = 1 returning v");
            assertThat(returning.readOnly()).isFalse();
            assertThat(returning.columns()).containsExactly("v");
            assertThat(pool.describe("begin").readOnly()).as("transaction control, as SQLite sees it").isTrue();
            assertThat(pool.describe("select 1; delete from t").multipleStatements()).isTrue();
            assertThat(pool.describe("select 1; -- done").multipleStatements()).isFalse();

            QueryFailedException syntax = catchThrowableOfType(() -> pool.describe("selec 1"),
                    QueryFailedException.class);
            assertThat(syntax.getMessage()).contains("syntax error");
            assertThat(catchThrowableOfType(() -> pool.describe("select * from missing"), QueryFailedException.class)
                    .getMessage()).contains("no such table");
        }
    }

    @Test
    void describeIsNotGatedAndRunsNothing() {
        try (WorkerPool pool = Pools.builder(dir, "ungated").readers(1).sandbox(SandboxPolicy.untrusted()).build()) {
            pool.execute("create table t(id integer primary key)");
            pool.execute("insert into t values (1)");
            StatementInfo delete = pool.describe("delete from t");
            assertThat(delete.readOnly()).isFalse();
            assertThat(pool.describe("pragma user_version = 7").readOnly()).isFalse();
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).as("nothing ran").isOne();
        }
    }

    @Test
    void answersAreCachedBySqlText() {
        try (WorkerPool pool = Pools.builder(dir, "cache").readers(1).build()) {
            pool.execute("create table t(id integer primary key)");
            StatementInfo first = pool.describe("select id from t");
            long completed = pool.stats().completed();
            for (int i = 0; i < 10; i++) {
                assertThat(pool.describe("select id from t")).isEqualTo(first);
            }
            assertThat(pool.stats().completed()).as("no worker was asked again").isEqualTo(completed);
            pool.describe("select id  from t");
            assertThat(pool.stats().completed()).as("another text is another statement").isEqualTo(completed + 1);
            for (int i = 0; i < 600; i++) {
                pool.describe("select " + i);
            }
            pool.describe("select id from t");
            assertThat(pool.stats().completed()).as("pushed out after 512 others").isEqualTo(completed + 602);
        }
    }
}
