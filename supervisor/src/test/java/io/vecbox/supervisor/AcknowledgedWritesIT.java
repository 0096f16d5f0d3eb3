package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1: a write the pool acknowledged is in the file after {@code close()}. Each test
 * writes through a real pool, closes it, then reads the file in-process: first that every
 * acknowledged row is there (the data loss), then that no write was refused on the way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcknowledgedWritesIT {
    @TempDir
    Path dir;

    private final List<Long> acknowledged = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    /** Inserts id into t, recording whether the pool acknowledged it. */
    private void insert(WorkerPool pool, long id) {
        try {
            pool.execute("insert into t(id) values (?)", id);
            acknowledged.add(id);
        } catch (QueryFailedException e) {
            refused.add(id + ": " + e.getMessage());
        }
    }

    private void assertAcknowledgedRowsAreInTheFile(Path db) {
        assertThat(DbFile.longs(db, "select id from t order by id")).as("acknowledged ids in the file after close()")
                .containsAll(acknowledged);
        assertThat(refused).as("writes the pool refused").isEmpty();
    }

    @Test
    void writesAfterAnInsertReturningAreNotLostAtClose() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "returning").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            insert(pool, 0);
            pool.execute("insert into t(id) values (100) returning id");
            acknowledged.add(100L);
            insert(pool, 1);
            insert(pool, 2);
            insert(pool, 3);
        }
        assertAcknowledgedRowsAreInTheFile(db);
        assertThat(DbFile.longs(db, "select id from t order by id")).containsExactly(0L, 1L, 2L, 3L, 100L);
    }

    @Test
    void writesAfterAnUpdateReturningAreNotLostAtClose() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "update").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v text)");
            insert(pool, 1);
            pool.execute("update t set v = 'b' where id = 1 returning v");
            insert(pool, 2);
            insert(pool, 3);
        }
        assertAcknowledgedRowsAreInTheFile(db);
        assertThat(DbFile.rows(db, "select v from t where id = 1")).containsExactly(List.of("b"));
    }

    @Test
    void writesAfterAWalCheckpointPragmaAreNotLostAtClose() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "checkpoint").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            insert(pool, 1);
            pool.execute("pragma wal_checkpoint(passive)");
            insert(pool, 2);
            insert(pool, 3);
        }
        assertAcknowledgedRowsAreInTheFile(db);
    }

    @Test
    void writesAfterABatchWithInsertReturningAreNotLostAtClose() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "batch").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            pool.executeBatch(List.of(Statement.of("insert into t values (1) returning id"),
                    Statement.of("insert into t values (2) returning id")));
            acknowledged.addAll(List.of(1L, 2L));
            insert(pool, 3);
            insert(pool, 4);
            try {
                pool.executeMany("insert into t values (?)", List.of(new Object[] {5}, new Object[] {6}));
                acknowledged.addAll(List.of(5L, 6L));
            } catch (QueryFailedException e) {
                refused.add("5, 6: " + e.getMessage());
            }
        }
        assertAcknowledgedRowsAreInTheFile(db);
    }

    @Test
    void vacuumAfterAnInsertDoesNotFailWithStatementsInProgress() {
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "vacuum").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key)");
            insert(pool, 1);
            pool.execute("vacuum");
            pool.execute("create virtual table v using vec0(embedding float[2])");
            pool.execute("insert into v(rowid, embedding) values (1, ?), (2, ?)", new float[] {1, 2}, new float[] {3, 4});
            pool.execute("vacuum");
            pool.execute("delete from v where rowid = 1");
            pool.execute("vacuum");
            insert(pool, 2);
        }
        assertAcknowledgedRowsAreInTheFile(db);
        assertThat(DbFile.longs(db, "select rowid from v")).containsExactly(2L);
    }
}
