package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1, the invariant: every write acknowledged to the host is in the file after
 * {@code close()}, and nothing else is. A seeded random mix of writer requests (plain and
 * RETURNING inserts, updates and deletes, failing statements, batches, executeMany, VACUUM,
 * checkpoints, DDL, a vec0 table, refused transaction control) runs against a host-side model
 * that predicts each outcome; afterwards the file, read in-process, must equal the model.
 * Re-run a failure with {@code -Dvecbox.seed=<seed from the message>}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriteInvariantIT {
    private static final int OPERATIONS = 400;
    private static final long IDS = 300;

    @TempDir
    Path dir;

    private final NavigableMap<Long, Long> t = new TreeMap<>();
    private final Set<Long> vectors = new TreeSet<>();
    private final Map<String, Long> sideTables = new TreeMap<>();
    private Random random;
    private String context = "";
    private int sideTableNumber;

    @Test
    void everyAcknowledgedWriteIsInTheFileAfterClose() {
        long seed = Long.getLong("vecbox.seed", ThreadLocalRandom.current().nextLong());
        random = new Random(seed);
        Path db;
        try (WorkerPool pool = Pools.builder(dir, "invariant").readers(1).build()) {
            db = pool.database();
            pool.execute("create table t(id integer primary key, v integer not null check (v >= 0))");
            pool.execute("create virtual table items using vec0(embedding float[4])");
            for (int op = 0; op < OPERATIONS; op++) {
                context = "seed " + seed + ", operation " + op;
                step(pool);
                if (op % 50 == 49) {
                    List<Row> seen = pool.query("select count(*), coalesce(sum(v), 0) from t").rows();
                    assertThat(List.of(seen.get(0).getLong(0), seen.get(0).getLong(1)))
                            .as("%s: what a reader sees", context)
                            .containsExactly((long) t.size(), t.values().stream().mapToLong(Long::longValue).sum());
                }
            }
        }
        context = "seed " + seed + ", after close()";
        List<List<Object>> expected = new ArrayList<>();
        t.forEach((id, v) -> expected.add(List.of(id, v)));
        assertThat(DbFile.rows(db, "select id, v from t order by id")).as("%s: table t", context)
                .containsExactlyElementsOf(expected);
        assertThat(DbFile.longs(db, "select rowid from items order by rowid")).as("%s: vec0 table", context)
                .containsExactlyElementsOf(vectors);
        assertThat(DbFile.rows(db, "select name from sqlite_master where type = 'table' and name like 'side%'"
                + " order by name")).as("%s: side tables", context)
                .containsExactlyElementsOf(sideTables.keySet().stream().map(n -> List.<Object>of(n)).toList());
        for (Map.Entry<String, Long> side : sideTables.entrySet()) {
            assertThat(DbFile.longs(db, "select count(*) from " + side.getKey())).as("%s: %s", context, side.getKey())
                    .containsExactly(side.getValue());
        }
    }

    private void step(WorkerPool pool) {
        int kind = random.nextInt(100);
        long id = 1 + random.nextInt((int) IDS);
        long v = random.nextInt(100);
        if (kind < 18) {
            expect(!t.containsKey(id), 1, () -> pool.execute("insert into t(id, v) values (?, ?)", id, v),
                    "insert " + id);
            t.putIfAbsent(id, v);
        } else if (kind < 30) {
            boolean fresh = !t.containsKey(id);
            UpdateResult r = expect(fresh, 1, () -> pool.execute("insert into t(id, v) values (?, ?) returning id, v * 2",
                    id, v), "insert returning " + id);
            if (fresh) {
                assertThat(r.rows()).as(context).extracting(row -> List.of(row.getLong(0), row.getLong(1)))
                        .containsExactly(List.of(id, v * 2));
                t.put(id, v);
            }
        } else if (kind < 42) {
            long to = id + random.nextInt(20);
            long d = random.nextInt(101) - 50;
            NavigableMap<Long, Long> range = t.subMap(id, true, to, true);
            boolean ok = range.values().stream().allMatch(x -> x + d >= 0);
            UpdateResult r = expect(ok, range.size(), () -> pool.execute(
                    "update t set v = v + ? where id between ? and ? returning id", d, id, to),
                    "update " + id + ".." + to + " by " + d);
            if (ok) {
                assertThat(r.rows()).as(context).extracting(row -> row.getLong(0))
                        .containsExactlyInAnyOrderElementsOf(range.keySet());
                range.replaceAll((k, x) -> x + d);
            }
        } else if (kind < 50) {
            long to = id + random.nextInt(10);
            NavigableMap<Long, Long> range = t.subMap(id, true, to, true);
            boolean returning = random.nextBoolean();
            expect(true, range.size(), () -> pool.execute("delete from t where id between ? and ?"
                    + (returning ? " returning id" : ""), id, to), "delete " + id + ".." + to);
            range.clear();
        } else if (kind < 56) {
            boolean missingTable = random.nextBoolean();
            expect(false, 0, () -> pool.execute(missingTable ? "insert into nowhere values (?)"
                    : "insert into t(id, v) values (?, -1)", id), "failing insert");
        } else if (kind < 66) {
            batch(pool);
        } else if (kind < 74) {
            executeMany(pool);
        } else if (kind < 77) {
            expect(true, 0, () -> pool.execute("vacuum"), "vacuum");
        } else if (kind < 81) {
            String mode = List.of("passive", "full", "restart", "truncate").get(random.nextInt(4));
            UpdateResult r = expect(true, 0, () -> pool.execute("pragma wal_checkpoint(" + mode + ")"),
                    "checkpoint " + mode);
            assertThat(r.rows()).as(context).hasSize(1);
        } else if (kind < 87) {
            sideTable(pool);
        } else if (kind < 95) {
            vector(pool, id);
        } else {
            String sql = List.of("begin", "begin immediate", "savepoint s", "commit", "rollback", "end").get(random.nextInt(6));
            expect(false, 0, () -> pool.execute(sql), sql);
        }
    }

    private void batch(WorkerPool pool) {
        NavigableMap<Long, Long> after = new TreeMap<>(t);
        List<Statement> statements = new ArrayList<>();
        List<Long> changes = new ArrayList<>();
        boolean ok = true;
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            long id = 1 + random.nextInt((int) IDS);
            long v = random.nextInt(100);
            switch (random.nextInt(4)) {
                case 0 -> {
                    ok &= after.putIfAbsent(id, v) == null;
                    statements.add(Statement.of("insert into t(id, v) values (?, ?)", id, v));
                    changes.add(1L);
                }
                case 1 -> {
                    ok &= after.putIfAbsent(id, v) == null;
                    statements.add(Statement.of("insert into t(id, v) values (?, ?) returning id", id, v));
                    changes.add(1L);
                }
                case 2 -> {
                    long d = random.nextInt(61) - 30;
                    Long old = after.get(id);
                    ok &= old == null || old + d >= 0;
                    after.computeIfPresent(id, (k, x) -> x + d);
                    statements.add(Statement.of("update t set v = v + ? where id = ? returning v", d, id));
                    changes.add(old == null ? 0L : 1L);
                }
                default -> {
                    changes.add(after.remove(id) == null ? 0L : 1L);
                    statements.add(Statement.of("delete from t where id = ?", id));
                }
            }
        }
        boolean predicted = ok;
        List<UpdateResult> r = expect(predicted, -1, () -> pool.executeBatch(statements), "batch " + statements);
        if (predicted) {
            assertThat(r).as(context).extracting(UpdateResult::changes).containsExactlyElementsOf(changes);
            t.clear();
            t.putAll(after);
        }
    }

    private void executeMany(WorkerPool pool) {
        int n = 1 + random.nextInt(20);
        Set<Long> ids = new HashSet<>();
        List<Object[]> rows = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            long id = 1 + random.nextInt((int) (IDS * 2));
            ok &= !t.containsKey(id) && ids.add(id);
            rows.add(new Object[] {id, (long) i});
        }
        boolean predicted = ok;
        Long total = expect(predicted, -1, () -> pool.executeMany("insert into t(id, v) values (?, ?)", rows),
                "executeMany of " + n);
        if (predicted) {
            assertThat(total).as(context).isEqualTo(n);
            for (Object[] row : rows) {
                t.put((Long) row[0], (Long) row[1]);
            }
        }
    }

    private void sideTable(WorkerPool pool) {
        int choice = random.nextInt(3);
        if (choice == 0 || sideTables.isEmpty()) {
            String name = "side" + sideTableNumber++;
            expect(true, 0, () -> pool.execute("create table " + name + "(x)"), "create " + name);
            sideTables.put(name, 0L);
            return;
        }
        String name = new ArrayList<>(sideTables.keySet()).get(random.nextInt(sideTables.size()));
        if (choice == 1) {
            expect(true, 0, () -> pool.execute("drop table " + name), "drop " + name);
            sideTables.remove(name);
        } else {
            expect(true, 2, () -> pool.execute("insert into " + name + " values (1), (2)"), "insert into " + name);
            sideTables.merge(name, 2L, Long::sum);
        }
    }

    private void vector(WorkerPool pool, long id) {
        long rowid = 1 + id % 100;
        if (random.nextBoolean()) {
            float[] embedding = {random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()};
            boolean fresh = !vectors.contains(rowid);
            expect(fresh, 1, () -> pool.execute("insert into items(rowid, embedding) values (?, ?)", rowid, embedding),
                    "vec insert " + rowid);
            vectors.add(rowid);
        } else {
            expect(true, vectors.contains(rowid) ? 1 : 0, () -> pool.execute("delete from items where rowid = ?", rowid),
                    "vec delete " + rowid);
            vectors.remove(rowid);
        }
    }

    /**
     * Runs a write and checks its outcome against the model's prediction.
     *
     * @param ok whether the model predicts the write is acknowledged
     * @param changes the predicted {@link UpdateResult#changes()}, or -1 not to check
     * @return the result, or null if it failed as predicted
     */
    private <T> T expect(boolean ok, long changes, Supplier<T> write, String what) {
        T result;
        try {
            result = write.get();
        } catch (QueryFailedException e) {
            assertThat(ok).as("%s: %s failed but the model expected it acknowledged: %s", context, what, e.getMessage())
                    .isFalse();
            return null;
        }
        assertThat(ok).as("%s: %s was acknowledged but the model expected it to fail", context, what).isTrue();
        if (changes >= 0 && result instanceof UpdateResult u) {
            assertThat(u.changes()).as("%s: changes() of %s", context, what).isEqualTo(changes);
        }
        return result;
    }
}
