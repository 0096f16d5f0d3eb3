package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 16 through a real pool: parameters bound by name from a Map ({@code :name},
 * {@code @name}, {@code $name}), and vectors given as {@code double[]} or {@code List<Double>}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NamedParametersIT {
    @TempDir
    Path dir;

    @Test
    void parametersAreBoundByNameFromAMapWithEveryPrefixAndRepeatedNames() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "named").readers(1).build()) {
            QueryResult r = pool.query("select :a as a, @b as b, $c as c, :a + 1 as again, ':a' as text",
                    Map.of("a", 41, "@b", "bee", "$c", 2.5));
            Row row = r.rows().get(0);
            assertThat(row.getLong("a")).isEqualTo(41);
            assertThat(row.getString("b")).isEqualTo("bee");
            assertThat(row.getDouble("c")).isEqualTo(2.5);
            assertThat(row.getLong("again")).isEqualTo(42);
            assertThat(row.getString("text")).as("a name inside a string is text").isEqualTo(":a");

            assertThat(pool.queryAsync("select :x * 2", Map.of(":x", 21)).get(10, TimeUnit.SECONDS)
                    .rows().get(0).getLong(0)).isEqualTo(42);

            assertThat(pool.query("select #h", Map.of("h", 7)).rows().get(0).getLong(0))
                    .as("SQLite reads #name as a named parameter too").isEqualTo(7);

            Map<String, Object> withNull = new HashMap<>();
            withNull.put("n", null);
            assertThat(pool.query("select :n is null", withNull).rows().get(0).getBoolean(0)).isTrue();
        }
    }

    @Test
    void writesAndBatchesBindByNameToo() {
        try (WorkerPool pool = Pools.builder(dir, "named-writes").readers(1).build()) {
            pool.execute("create table t(id integer primary key, name text, score real)");
            UpdateResult one = pool.execute("insert into t(id, name, score) values (:id, :name, :score)",
                    Map.of("id", 1, "name", "one", "score", 0.5));
            assertThat(one.changes()).isEqualTo(1);
            List<UpdateResult> batch = pool.executeBatch(List.of(
                    Statement.of("insert into t(id, name) values (@id, @name)", Map.of("id", 2, "name", "two")),
                    Statement.of("update t set score = $s where id = $id", Map.of("s", 9.0, "id", 2))));
            assertThat(batch).extracting(UpdateResult::changes).containsExactly(1L, 1L);
            QueryResult r = pool.query("select name, score from t where id = :id", Map.of("id", 2));
            assertThat(r.rows().get(0).getString("name")).isEqualTo("two");
            assertThat(r.rows().get(0).getDouble("score")).isEqualTo(9.0);
        }
    }

    @Test
    void aMissingOrExtraNameIsRefusedBeforeAnyWorkerIsAsked() {
        try (WorkerPool pool = Pools.builder(dir, "named-bad").readers(1).build()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> pool.query("select :a, :b", Map.of("a", 1, "c", 3)))
                    .withMessageContaining(":b").withMessageContaining("c");
            assertThat(pool.stats().completed() + pool.stats().failed()).isZero();
        }
    }

    @Test
    void theNumberingOfMixedParametersIsSqlitesOwn() {
        String sql = "select ?, :a, ?5, :b, :a, ?";
        try (WorkerPool pool = Pools.builder(dir, "numbering").readers(1).build()) {
            // Bound positionally, each slot holds its own index: what SQLite numbered each parameter.
            QueryResult r = pool.query(sql, 1, 2, 3, 4, 5, 6, 7);
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < r.columns().size(); i++) {
                indexes.add(r.rows().get(0).getLong(i));
            }
            assertThat(indexes).containsExactly(1L, 2L, 5L, 6L, 2L, 7L);
            assertThat(io.vecbox.supervisor.internal.NamedParameters.indexes("select :a, ?5, :b, :a"))
                    .containsExactly(Map.entry(":a", 1), Map.entry(":b", 6));
            assertThat(pool.query("select ?5, :b, :a", 1, 2, 3, 4, 5, 6, 7).rows().get(0).toString())
                    .isEqualTo("[5, 6, 7]");
            assertThat(io.vecbox.supervisor.internal.NamedParameters.indexes("select ?5, :b, :a"))
                    .containsExactly(Map.entry(":b", 6), Map.entry(":a", 7));
        }
    }

    @Test
    void aKnnQueryTakesItsVectorAsDoubleArrayOrListOfDoublesByPositionAndByName() {
        try (WorkerPool pool = Pools.builder(dir, "vectors").readers(1).build()) {
            pool.execute("create virtual table items using vec0(embedding float[4])");
            pool.executeMany("insert into items(rowid, embedding) values (?, ?)", List.of(
                    new Object[] {1, new double[] {1, 0, 0, 0}},
                    new Object[] {2, List.of(0.0, 1.0, 0.0, 0.0)},
                    new Object[] {3, new float[] {0, 0, 1, 0}}));
            String knn = "select rowid, distance from items where embedding match ? and k = ?";
            String named = "select rowid, distance from items where embedding match :q and k = :k";
            double[] nearTwo = {0.1, 0.9, 0.0, 0.0};
            List<Double> nearThree = List.of(0.0, 0.1, 0.9, 0.0);
            assertThat(pool.query(knn, nearTwo, 2).rows().get(0).getLong("rowid")).isEqualTo(2);
            assertThat(pool.query(knn, nearThree, 2).rows().get(0).getLong("rowid")).isEqualTo(3);
            QueryResult byName = pool.query(named, Map.of("q", nearTwo, "k", 3));
            assertThat(byName.rows()).extracting(row -> row.getLong("rowid")).containsExactly(2L, 1L, 3L);
            assertThat(byName.rows().get(0).getDouble("distance"))
                    .isCloseTo(Math.sqrt(0.1f * 0.1f + (1 - 0.9f) * (1 - 0.9f)), within(1e-6));
            assertThat(pool.query(named, Map.of(":q", nearThree, ":k", 1)).rows().get(0).getLong("rowid"))
                    .isEqualTo(3);
            assertThat(pool.query("select embedding from items where rowid = 2").rows().get(0).getFloats(0))
                    .containsExactly(0f, 1f, 0f, 0f);
        }
    }
}
