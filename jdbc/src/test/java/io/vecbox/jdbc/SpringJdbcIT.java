package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring's JdbcTemplate and transaction management, unchanged, over {@link VecboxDataSource}. */
class SpringJdbcIT {
    private static final int ITEMS = 300;
    private static final Map<Long, float[]> VECTORS = Vectors.random(11, ITEMS, ClientFixtures.DIMENSIONS);

    @TempDir
    Path dir;
    private VecboxDataSource ds;
    private JdbcTemplate jdbc;

    @BeforeEach
    void schema() {
        ds = ClientFixtures.dataSource(dir, "spring");
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)");
        jdbc.execute("CREATE VIRTUAL TABLE item_vectors USING vec0(embedding float[" + ClientFixtures.DIMENSIONS + "])");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    private void loadAll() {
        List<Object[]> items = new ArrayList<>();
        List<Object[]> vectors = new ArrayList<>();
        VECTORS.forEach((id, v) -> {
            items.add(new Object[] {id, "item-" + id, id * 0.5});
            vectors.add(new Object[] {id, v});
        });
        // one count per row: 1, or SUCCESS_NO_INFO, which JDBC allows a batch to answer
        assertBatchCounts(jdbc.batchUpdate("INSERT INTO items (id, name, price) VALUES (?, ?, ?)", items));
        assertBatchCounts(jdbc.batchUpdate("INSERT INTO item_vectors (rowid, embedding) VALUES (?, ?)", vectors));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM item_vectors", Long.class)).isEqualTo(ITEMS);
    }

    private static void assertBatchCounts(int[] counts) {
        assertThat(counts).hasSize(ITEMS);
        assertThat(IntStream.of(counts).boxed()).allMatch(c -> c == 1 || c == Statement.SUCCESS_NO_INFO);
    }

    @Test
    @Timeout(120)
    void updatesWithFloatArraysAndAKnnJoinThatMatchesBruteForce() {
        assertThat(jdbc.update("INSERT INTO items (id, name, price) VALUES (?, ?, ?)", 0L, "zero", null)).isEqualTo(1);
        assertThat(jdbc.update("INSERT INTO item_vectors (rowid, embedding) VALUES (?, ?)", 0L,
                new float[ClientFixtures.DIMENSIONS])).isEqualTo(1);
        assertThat(jdbc.update("DELETE FROM item_vectors WHERE rowid = ?", 0L)).isEqualTo(1);
        assertThat(jdbc.update("DELETE FROM items WHERE id = ?", 0L)).isEqualTo(1);
        loadAll();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items", Long.class)).isEqualTo(ITEMS);
        assertThat(jdbc.queryForObject("SELECT name FROM items WHERE id = ?", String.class, 42)).isEqualTo("item-42");
        assertThat(jdbc.queryForObject("SELECT price FROM items WHERE id = ?", Double.class, 7)).isEqualTo(3.5);

        for (long q : new long[] {3, 150, 299}) {
            float[] query = VECTORS.get(q).clone();
            query[0] += 0.05f;
            List<Map<String, Object>> hits = jdbc.queryForList("SELECT i.id AS id, i.name AS name, v.distance AS distance"
                    + " FROM item_vectors v JOIN items i ON i.id = v.rowid"
                    + " WHERE v.embedding MATCH ? AND k = ? ORDER BY v.distance", query, 10);
            List<Long> expected = Vectors.nearest(VECTORS, query, 10);
            assertThat(hits).extracting(h -> ((Number) h.get("id")).longValue()).containsExactlyElementsOf(expected);
            assertThat(hits.get(0).get("name")).isEqualTo("item-" + expected.get(0));
            for (Map<String, Object> h : hits) {
                long id = ((Number) h.get("id")).longValue();
                assertThat(((Number) h.get("distance")).doubleValue())
                        .isCloseTo(Vectors.l2(VECTORS.get(id), query), within(1e-4));
            }
        }
        // the stored vector comes back as the floats that went in
        float[] stored = jdbc.queryForObject("SELECT embedding FROM item_vectors WHERE rowid = ?",
                (rs, n) -> rs.getObject(1, float[].class), 5L);
        assertThat(stored).containsExactly(VECTORS.get(5L));
    }

    @Test
    @Timeout(120)
    void transactionTemplateCommitsReadsItsOwnWritesAndRollsBack() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long inside = tx.execute(status -> {
            jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 1L, "kept");
            jdbc.update("INSERT INTO item_vectors (rowid, embedding) VALUES (?, ?)", 1L, VECTORS.get(1L));
            return jdbc.queryForObject("SELECT count(*) FROM items", Long.class);
        });
        assertThat(inside).isEqualTo(1);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 2L, "lost");
            jdbc.update("INSERT INTO item_vectors (rowid, embedding) VALUES (?, ?)", 2L, VECTORS.get(2L));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM item_vectors", Long.class)).isEqualTo(2);
            throw new IllegalStateException("roll it back");
        })).isInstanceOf(IllegalStateException.class).hasMessage("roll it back");

        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 3L, "marked");
            status.setRollbackOnly();
        });

        assertThat(jdbc.queryForList("SELECT name FROM items ORDER BY id", String.class)).containsExactly("kept");
        assertThat(jdbc.queryForList("SELECT rowid FROM item_vectors", Long.class)).containsExactly(1L);
    }

    @Test
    @Timeout(120)
    void readOnlyTransactionsReadAndRefuseWritesAndFailuresTranslateToSpringsExceptions() {
        jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 1L, "one");
        TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(ds));
        readOnly.setReadOnly(true);
        String name = readOnly.execute(status -> jdbc.queryForObject("SELECT name FROM items WHERE id = 1", String.class));
        assertThat(name).isEqualTo("one");
        assertThatThrownBy(() -> readOnly.executeWithoutResult(
                status -> jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 2L, "two")))
                .isInstanceOf(DataAccessException.class)
                .extracting(e -> ((SQLException) e.getCause()).getSQLState()).isEqualTo("25006");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM items", Long.class)).isEqualTo(1);

        assertThatThrownBy(() -> jdbc.update("INSERT INTO items (id, name) VALUES (?, ?)", 1L, "again"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.queryForList("SELECT no_such_column FROM items"))
                .isInstanceOf(BadSqlGrammarException.class);
    }

    @Test
    @Timeout(120)
    void simpleJdbcInsertIntoVec0BindsByTheColumnTypesItsCreateStatementDeclares() {
        Number key = new SimpleJdbcInsert(ds).withTableName("items").usingGeneratedKeyColumns("id")
                .executeAndReturnKey(Map.of("name", "generated", "price", 9.5));
        assertThat(jdbc.queryForObject("SELECT name FROM items WHERE id = ?", String.class, key.longValue()))
                .isEqualTo("generated");
        // SimpleJdbcInsert binds by getColumns DATA_TYPE: vec0 tells SQLite no types, and a rowid
        // reported as BLOB was bound as a blob ("Only integers are allows for primary key values")
        new SimpleJdbcInsert(ds).withTableName("item_vectors")
                .execute(Map.of("rowid", key.longValue(), "embedding", VECTORS.get(9L)));
        assertThat(jdbc.queryForObject("SELECT rowid FROM item_vectors WHERE embedding MATCH ? AND k = 1",
                Long.class, (Object) VECTORS.get(9L))).isEqualTo(key.longValue());
    }
}
