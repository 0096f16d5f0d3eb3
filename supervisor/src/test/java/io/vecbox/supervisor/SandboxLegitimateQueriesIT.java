package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real vector-search queries must pass under {@link SandboxPolicy#untrusted()}, the default. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxLegitimateQueriesIT {
    private static final int DIM = 32;
    private static final int N = 5000;

    @TempDir
    static Path dir;
    WorkerPool pool;
    float[][] vectors = new float[N][DIM];

    @BeforeAll
    void load() {
        pool = WorkerPool.builder().name("legit").database(dir.resolve("legit.db")).readers(2)
                .queryTimeout(Duration.ofSeconds(20)).crashLogDirectory(dir.resolve("crash")).build();
        assertThat(pool.config().sandbox()).isSameAs(SandboxPolicy.untrusted());
        pool.execute("create virtual table items using vec0(user_id integer partition key, embedding float[32], "
                + "category text, +title text)");
        pool.execute("create table docs(id integer primary key, category text, body text, meta text)");
        Random r = new Random(5);
        List<Object[]> items = new ArrayList<>();
        List<Object[]> docs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            for (int d = 0; d < DIM; d++) {
                vectors[i][d] = r.nextFloat();
            }
            String category = "c" + (i % 5);
            items.add(new Object[] {i + 1, i % 3, vectors[i], category, "title " + (i + 1)});
            docs.add(new Object[] {i + 1, category, "body of " + (i + 1), "{\"n\": " + (i + 1) + ", \"tags\": [\"a\", \"b\"]}"});
        }
        pool.executeMany("insert into items(rowid, user_id, embedding, category, title) values (?, ?, ?, ?, ?)", items);
        pool.executeMany("insert into docs values (?, ?, ?, ?)", docs);
    }

    @AfterAll
    void close() {
        pool.close();
    }

    @Test
    void knnWithKUpTo4096() {
        QueryResult r = pool.query("select rowid, distance from items where embedding match ? and k = 4096", vectors[9]);
        assertThat(r.size()).isEqualTo(4096);
        assertThat(r.truncated()).isFalse();
        assertThat(r.rows().get(0).getLong(0)).isEqualTo(10);
    }

    @Test
    void knnWithMetadataAndPartitionFilters() {
        QueryResult r = pool.query("select rowid, category, title, distance from items where embedding match ? "
                + "and k = 10 and category = 'c2' and user_id = 1", vectors[7]);
        assertThat(r.size()).isEqualTo(10);
        for (Row row : r) {
            assertThat(row.getString("category")).isEqualTo("c2");
            assertThat((row.getLong("rowid") - 1) % 3).isEqualTo(1);
        }
        assertThat(r.rows().get(0).getLong(0)).isEqualTo(8);
        assertThat(r.rows().get(0).getString("title")).isEqualTo("title 8");
    }

    @Test
    void knnJoinedToAContentTableThroughACte() {
        QueryResult r = pool.query("with knn as (select rowid, distance from items where embedding match ? and k = 5) "
                + "select d.id, d.body, knn.distance from knn join docs d on d.id = knn.rowid order by knn.distance",
                vectors[42]);
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.rows().get(0).getString("body")).isEqualTo("body of 43");
        assertThat(r.rows().get(0).getDouble("distance")).isCloseTo(0, within(1e-6));
    }

    @Test
    void recursiveCtesAggregatesAndWindowFunctions() {
        assertThat(pool.query("with recursive c(x) as (select 1 union all select x + 1 from c where x < 100) "
                + "select sum(x) from c").rows().get(0).getLong(0)).isEqualTo(5050);
        QueryResult agg = pool.query("select category, count(*) as n, avg(id) from docs group by category "
                + "having n > 0 order by category");
        assertThat(agg.size()).isEqualTo(5);
        assertThat(agg.rows().get(0).getLong("n")).isEqualTo(N / 5);
        QueryResult win = pool.query("select id, row_number() over (partition by category order by id desc) as rn, "
                + "sum(id) over (order by id rows between 1 preceding and current row) as s from docs where id <= 10 "
                + "order by id");
        assertThat(win.rows().get(1).getLong("s")).isEqualTo(3);
    }

    @Test
    void boundedStringFunctionsAndTheAlternativesToTheDeniedAggregates() {
        Row row = pool.query("select replicate('ab', 3), padl(id, 5), padr('x', 3) || '|', padc('é', 4), "
                + "leftstr(body, 4), rightstr(body, 2), charindex('of', body), strfilter(body, 'aeiou'), "
                + "reverse('héllo'), proper('hello wORLD') from docs where id = ?", 12).rows().get(0);
        assertThat(row.getString(0)).isEqualTo("ababab");
        assertThat(row.getString(1)).isEqualTo("   12");
        assertThat(row.getString(2)).isEqualTo("x  |");
        assertThat(row.getString(3)).isEqualTo(" é  ");
        assertThat(row.getString(4)).isEqualTo("body");
        assertThat(row.getString(5)).isEqualTo("12");
        assertThat(row.getLong(6)).isEqualTo(6);
        assertThat(row.getString(7)).isEqualTo("oo");
        assertThat(row.getString(8)).isEqualTo("olléh");
        assertThat(row.getString(9)).isEqualTo("Hello World");
        // instead of lower_quartile, upper_quartile and mode, which are denied
        Row stats = pool.query("select percentile_cont(id, 0.25), median(id), percentile_cont(id, 0.75), "
                + "(select category from docs group by category order by count(*) desc, category limit 1) "
                + "from docs where id <= 9").rows().get(0);
        assertThat(stats.getDouble(0)).isEqualTo(3.0);
        assertThat(stats.getDouble(1)).isEqualTo(5.0);
        assertThat(stats.getDouble(2)).isEqualTo(7.0);
        assertThat(stats.getString(3)).isEqualTo("c0");
    }

    @Test
    void sqliteVecFunctions() {
        QueryResult r = pool.query("select vec_distance_l2(?, ?), vec_distance_cosine(?, ?), vec_to_json(vec_f32('[1,2,3]')), "
                + "vec_length(?), vec_distance_l1(vec_f32('[1,1]'), vec_f32('[2,3]'))",
                new float[] {0, 0}, new float[] {3, 4}, new float[] {1, 0}, new float[] {0, 1}, vectors[0]);
        Row row = r.rows().get(0);
        assertThat(row.getDouble(0)).isCloseTo(5.0, within(1e-6));
        assertThat(row.getDouble(1)).isCloseTo(1.0, within(1e-6));
        assertThat(row.getString(2)).isEqualTo("[1.000000,2.000000,3.000000]");
        assertThat(row.getLong(3)).isEqualTo(DIM);
        assertThat(row.getDouble(4)).isCloseTo(3.0, within(1e-6));
    }

    @Test
    void jsonFunctions() {
        QueryResult r = pool.query("select json_extract(meta, '$.n'), json_array_length(meta, '$.tags'), "
                + "(select json_group_array(value) from json_each(meta, '$.tags')), json_object('id', id, 'c', category) "
                + "from docs where id = ?", 3);
        Row row = r.rows().get(0);
        assertThat(row.getLong(0)).isEqualTo(3);
        assertThat(row.getLong(1)).isEqualTo(2);
        assertThat(row.getString(2)).isEqualTo("[\"a\",\"b\"]");
        assertThat(row.getString(3)).isEqualTo("{\"id\":3,\"c\":\"c2\"}");
    }

    @Test
    void schemaIntrospectionThroughAllowedPragmaFunctions() {
        QueryResult r = pool.query("select name, type from pragma_table_info('docs') order by cid");
        assertThat(r.rows()).extracting(row -> row.getString(0)).containsExactly("id", "category", "body", "meta");
        assertThat(pool.query("select name from sqlite_master where type = 'table' and name = 'docs'").size()).isEqualTo(1);
    }

    @Test
    void valuesExplainLikeAndInLists() {
        assertThat(pool.query("values (1, 'a'), (2, 'b')").size()).isEqualTo(2);
        assertThat(pool.query("explain query plan select * from docs where id = 1").size()).isPositive();
        assertThat(pool.query("select count(*) from docs where body like 'body of 1%'").rows().get(0).getLong(0))
                .isEqualTo(1111);
        Object[] ids = new Object[200];
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            marks.append(i == 0 ? "?" : ", ?");
        }
        assertThat(pool.query("select count(*) from docs where id in (" + marks + ")", ids).rows().get(0).getLong(0))
                .isEqualTo(200);
    }

    /**
     * Views over vec0 are common: the host defines a KNN view joined to its metadata once, and
     * untrusted queries use it. Under {@code trusted_schema=OFF} SQLite refused any use of vec0
     * (not registered innocuous) inside a view ("unsafe use of virtual table").
     */
    @Test
    void aKnnViewOverVec0JoinedToMetadataAnswersUntrustedQueries() {
        pool.execute("create view item_docs as select items.rowid as id, items.embedding, items.k, items.distance, "
                + "items.category, docs.body from items join docs on docs.id = items.rowid");
        QueryResult r = pool.query("select id, category, body, distance from item_docs where embedding match ? "
                + "and k = 5 order by distance", vectors[41]);
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.rows().get(0).getLong("id")).isEqualTo(42);
        assertThat(r.rows().get(0).getString("body")).isEqualTo("body of 42");
        assertThat(r.rows().get(0).getString("category")).isEqualTo("c1");
        assertThat(r.rows().get(0).getDouble("distance")).isCloseTo(0.0, within(1e-6));
    }

    /** A view is the host's SQL, but a function the sandbox denies stays denied inside it. */
    @Test
    void aDeniedFunctionInsideAHostsViewIsStillRefused() {
        pool.execute("create view loader as select load_extension('/nonexistent/lib') as v");
        SandboxViolationException e = catchThrowableOfType(() -> pool.query("select v from loader"),
                SandboxViolationException.class);
        assertThat(e).isNotNull();
        assertThat(e.rule()).isEqualTo("function");
        assertThat(e.getMessage()).contains("load_extension");
    }
}
