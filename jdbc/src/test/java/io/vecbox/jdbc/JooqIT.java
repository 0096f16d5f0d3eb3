package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertValuesStep3;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jOOQ with {@link SQLDialect#SQLITE}, unchanged, over {@link VecboxDataSource}. */
class JooqIT {
    private static final int ITEMS = 200;
    private static final Map<Long, float[]> VECTORS = Vectors.random(23, ITEMS, ClientFixtures.DIMENSIONS);

    /**
     * A vector column as jOOQ sees it: a BLOB of little-endian float32, which is what vec0 stores.
     * jOOQ cannot bind a bare {@code float[]} (it takes any Java array for an SQL ARRAY and fails
     * with a ClassCastException of its own), so vectors go through this converter.
     */
    static final DataType<float[]> VECTOR = SQLDataType.BLOB.asConvertedDataType(
            Converter.of(byte[].class, float[].class, JooqIT::floats, JooqIT::bytes));

    private static final Table<Record> ITEMS_TABLE = table(name("items"));
    private static final Field<Long> ID = field(name("id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<Double> PRICE = field(name("price"), Double.class);
    private static final Table<Record> VECTORS_TABLE = table(name("item_vectors"));
    private static final Field<Long> ROWID = field(name("rowid"), Long.class);
    private static final Field<float[]> EMBEDDING = field(name("embedding"), VECTOR);

    /** What a KNN query maps into. */
    record Hit(long id, String name, double distance) {
    }

    @TempDir
    Path dir;
    private VecboxDataSource ds;
    private DSLContext dsl;

    @BeforeEach
    void schema() {
        ds = ClientFixtures.dataSource(dir, "jooq");
        dsl = DSL.using(ds, SQLDialect.SQLITE);
        dsl.createTable(ITEMS_TABLE).column(ID, SQLDataType.BIGINT.notNull()).column(NAME, SQLDataType.VARCHAR(100))
                .column(PRICE, SQLDataType.DOUBLE).primaryKey(ID).execute();
        dsl.execute("CREATE VIRTUAL TABLE item_vectors USING vec0(embedding float[" + ClientFixtures.DIMENSIONS + "])");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    @Timeout(120)
    void dslInsertAndSelectWithVectorsAndAPlainSqlKnnQueryMatchingBruteForce() {
        InsertValuesStep3<Record, Long, String, Double> items = dsl.insertInto(ITEMS_TABLE, ID, NAME, PRICE);
        VECTORS.keySet().forEach(id -> items.values(id, "item-" + id, id / 4.0));
        assertThat(items.execute()).isEqualTo(ITEMS);
        VECTORS.forEach((id, v) -> dsl.insertInto(VECTORS_TABLE, ROWID, EMBEDDING).values(id, v).execute());

        Result<Record2<Long, String>> first = dsl.select(ID, NAME).from(ITEMS_TABLE).where(ID.le(3L)).orderBy(ID).fetch();
        assertThat(first).extracting(r -> r.value1() + " " + r.value2())
                .containsExactly("1 item-1", "2 item-2", "3 item-3");
        assertThat(dsl.select(PRICE).from(ITEMS_TABLE).where(ID.eq(10L)).fetchOne(PRICE)).isEqualTo(2.5);
        assertThat(dsl.select(EMBEDDING).from(VECTORS_TABLE).where(ROWID.eq(7L)).fetchOne(EMBEDDING))
                .containsExactly(VECTORS.get(7L));
        assertThat(dsl.fetchCount(VECTORS_TABLE)).isEqualTo(ITEMS);

        for (long q : new long[] {1, 100, 200}) {
            float[] query = VECTORS.get(q).clone();
            query[1] -= 0.05f;
            Result<Record> result = dsl.fetch("SELECT i.id AS id, i.name AS name, v.distance AS distance"
                    + " FROM item_vectors v JOIN items i ON i.id = v.rowid"
                    + " WHERE v.embedding MATCH ? AND k = ? ORDER BY v.distance", val(query, VECTOR), 8);
            List<Hit> hits = result.into(Hit.class);
            List<Long> expected = Vectors.nearest(VECTORS, query, 8);
            assertThat(hits).extracting(Hit::id).containsExactlyElementsOf(expected);
            for (Hit h : hits) {
                assertThat(h.name()).isEqualTo("item-" + h.id());
                assertThat(h.distance()).isCloseTo(Vectors.l2(VECTORS.get(h.id()), query), within(1e-4));
            }
        }
    }

    @Test
    @Timeout(120)
    void transactionsCommitReadTheirOwnWritesAndRollBack() {
        long seen = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(ITEMS_TABLE, ID, NAME).values(1L, "kept").execute();
            tx.insertInto(VECTORS_TABLE, ROWID, EMBEDDING).values(1L, VECTORS.get(1L)).execute();
            return (long) tx.fetchCount(ITEMS_TABLE);
        });
        assertThat(seen).isEqualTo(1);

        assertThatThrownBy(() -> dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(ITEMS_TABLE, ID, NAME).values(2L, "lost").execute();
            tx.insertInto(VECTORS_TABLE, ROWID, EMBEDDING).values(2L, VECTORS.get(2L)).execute();
            assertThat(tx.fetchCount(VECTORS_TABLE)).isEqualTo(2);
            throw new IllegalStateException("roll it back");
        })).isInstanceOf(IllegalStateException.class).hasMessage("roll it back");

        assertThat(dsl.select(NAME).from(ITEMS_TABLE).fetch(NAME)).containsExactly("kept");
        assertThatThrownBy(() -> dsl.insertInto(ITEMS_TABLE, ID, NAME).values(1L, "again").execute())
                .isInstanceOf(IntegrityConstraintViolationException.class);
        assertThat(dsl.select(ROWID).from(VECTORS_TABLE).fetch(ROWID)).containsExactly(1L);
    }

    @Test
    @Timeout(120)
    void metaSeesTheTablesNotTheShadowTables() {
        List<String> tables = dsl.meta().getTables().stream().map(Table::getName).sorted().toList();
        assertThat(tables).containsExactly("item_vectors", "items");
        Table<?> items = dsl.meta().getTables("items").get(0);
        assertThat(items.getPrimaryKey().getFields()).extracting(Field::getName).containsExactly("id");
        assertThat(dsl.meta().getTables("item_vectors").get(0).fields()).extracting(Field::getName)
                .containsExactly("rowid", "embedding");
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static float[] floats(byte[] b) {
        FloatBuffer f = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] v = new float[f.remaining()];
        f.get(v);
        return v;
    }
}
