package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, items 1 and 3: what {@link UpdateResult} reports: rows changed and rows returned. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpdateResultIT {
    @TempDir
    Path dir;

    private static List<List<Object>> values(UpdateResult r) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : r.rows()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(row.get(i));
            }
            out.add(values);
        }
        return out;
    }

    @Test
    void changesIsZeroForDdlAfterAnInsertAndCountsReturningStatements() {
        try (WorkerPool pool = Pools.builder(dir, "changes").readers(1).build()) {
            pool.execute("create table t(id integer primary key, v integer)");
            assertThat(pool.execute("insert into t(v) values (1), (2), (3), (4)").changes()).isEqualTo(4);
            assertThat(pool.execute("create table u(x)").changes()).as("create table after an insert").isZero();
            assertThat(pool.execute("create index t_v on t(v)").changes()).as("create index").isZero();
            assertThat(pool.execute("pragma wal_checkpoint(passive)").changes()).as("pragma").isZero();
            assertThat(pool.execute("vacuum").changes()).as("vacuum").isZero();
            assertThat(pool.execute("drop table u").changes()).as("drop table").isZero();
            assertThat(pool.execute("update t set v = v + 10 where v > 1 returning id").changes())
                    .as("update … returning").isEqualTo(3);
            assertThat(pool.execute("insert into t(v) values (5), (6) returning id").changes())
                    .as("insert … returning").isEqualTo(2);
            assertThat(pool.execute("delete from t where v > 100 returning id").changes())
                    .as("delete … returning that matched nothing").isZero();
            assertThat(pool.execute("delete from t where v = 1").changes()).as("plain delete").isEqualTo(1);
            assertThat(pool.executeBatch(List.of(Statement.of("insert into t(v) values (7) returning v"),
                    Statement.of("create table w(x)"), Statement.of("update t set v = 0 returning v"))))
                    .extracting(UpdateResult::changes).containsExactly(1L, 0L, 6L);
        }
    }

    @Test
    void aRowReturningWriteGivesItsRowsBack() {
        try (WorkerPool pool = Pools.builder(dir, "rows").readers(1).build()) {
            pool.execute("create table t(id integer primary key, v text)");
            UpdateResult inserted = pool.execute("insert into t(id, v) values (?, ?), (?, ?) returning id, v || '!' as shout",
                    1, "a", 2, "b");
            assertThat(inserted.columns()).containsExactly("id", "shout");
            assertThat(values(inserted)).containsExactly(List.of(1L, "a!"), List.of(2L, "b!"));
            assertThat(inserted.rows().get(1).getString("shout")).isEqualTo("b!");
            assertThat(inserted.returned().truncated()).isFalse();
            assertThat(inserted.returned().worker()).isEqualTo("worker-0#1");
            assertThat(inserted.lastInsertRowid()).isEqualTo(2);

            UpdateResult none = pool.execute("update t set v = 'z' where id = 99 returning id");
            assertThat(none.columns()).containsExactly("id");
            assertThat(none.rows()).isEmpty();

            UpdateResult plain = pool.execute("insert into t(id, v) values (3, 'c')");
            assertThat(plain.columns()).isEmpty();
            assertThat(plain.rows()).isEmpty();
            assertThat(plain).isEqualTo(new UpdateResult(1, 3));

            UpdateResult checkpoint = pool.execute("pragma wal_checkpoint(passive)");
            assertThat(checkpoint.columns()).containsExactly("busy", "log", "checkpointed");
            assertThat(checkpoint.rows()).hasSize(1);

            List<UpdateResult> batch = pool.executeBatch(List.of(
                    Statement.of("delete from t where id = ? returning v", 1),
                    Statement.of("insert into t(id, v) values (4, 'd')"),
                    Statement.of("update t set v = upper(v) where id in (2, 3) returning id, v")));
            assertThat(values(batch.get(0))).containsExactly(List.of("a"));
            assertThat(batch.get(1).columns()).isEmpty();
            assertThat(values(batch.get(2))).containsExactlyInAnyOrder(List.of(2L, "B"), List.of(3L, "C"));

            assertThat(pool.executeMany("insert into t(id, v) values (?, ?) returning id",
                    List.of(new Object[] {5, "e"}, new Object[] {6, "f"}))).isEqualTo(2);
            assertThat(pool.query("select group_concat(id) from (select id from t order by id)").rows().get(0)
                    .getString(0)).isEqualTo("2,3,4,5,6");
        }
    }

    @Test
    void rowsReturnedPastMaxRowsAreLeftOutButTheWriteCompletesAndCommits() {
        Path db;
        String hundred = "with recursive c(i) as (select 1 union all select i + 1 from c where i < 100) ";
        try (WorkerPool pool = Pools.builder(dir, "capped").readers(1).maxRows(5).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            UpdateResult r = pool.execute("insert into t(id, v) " + hundred + "select i, 'v' || i from c returning id");
            assertThat(r.changes()).isEqualTo(100);
            assertThat(r.rows()).hasSize(5);
            assertThat(r.returned().truncated()).isTrue();
            List<UpdateResult> batch = pool.executeBatch(List.of(
                    Statement.of("update t set v = 'x' where id <= 3 returning id"),
                    Statement.of("update t set v = 'y' where id > 3 returning id")));
            assertThat(batch.get(0).rows()).hasSize(3);
            assertThat(batch.get(0).returned().truncated()).isFalse();
            assertThat(batch.get(1).rows()).as("the caps hold for the batch as a whole").hasSize(2);
            assertThat(batch.get(1).returned().truncated()).isTrue();
            assertThat(batch.get(1).changes()).isEqualTo(97);
            pool.execute("insert into t(id, v) values (101, 'after')");
        }
        assertThat(DbFile.longs(db, "select count(*) from t where v in ('x', 'y')")).containsExactly(100L);
        assertThat(DbFile.longs(db, "select count(*) from t")).containsExactly(101L);
    }
}
