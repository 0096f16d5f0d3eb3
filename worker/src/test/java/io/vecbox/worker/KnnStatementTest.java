package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The recogniser of the plain KNN statement and the vec0 schema reader, on text alone. */
class KnnStatementTest {
    @Test
    void recognisesThePlainQueryInItsSpellings() {
        KnnStatement s = KnnStatement.recognise(
                "SELECT distance, ROWID FROM \"items\" WHERE user_id = ? AND embedding MATCH ? AND k = 25 ORDER BY distance ASC;");
        assertThat(s).isNotNull();
        assertThat(s.table()).isEqualTo("items");
        assertThat(s.select()).containsExactly(KnnStatement.Output.DISTANCE, KnnStatement.Output.ROWID);
        assertThat(s.vectorColumn()).isEqualTo("embedding");
        assertThat(s.matchParam()).isEqualTo(1);
        assertThat(s.kParam()).isEqualTo(-1);
        assertThat(s.kLiteral()).isEqualTo(25);
        assertThat(s.partitionColumns()).containsExactly("user_id");
        assertThat(s.partitionParams()).containsExactly(0);
        assertThat(s.parameterCount()).isEqualTo(2);
        KnnStatement p = KnnStatement.recognise("select rowid from t where k = ? and e match ?");
        assertThat(p.kParam()).isEqualTo(0);
        assertThat(p.matchParam()).isEqualTo(1);
        assertThat(p.selectsDistance()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select rowid, distance from t where e match ? limit 10",
        "select rowid, distance from t where e match ?",
        "select rowid, distance, e from t where e match ? and k = ?",
        "select rowid as id, distance from t where e match ? and k = ?",
        "select rowid, rowid from t where e match ? and k = ?",
        "select * from t where e match ? and k = ?",
        "select rowid, distance from t where e match ? and k = ? and genre = 'x'",
        "select rowid, distance from t where e match ? and k = ? and rowid in (1, 2)",
        "select rowid, distance from t where e match ? and k = ? and distance < ?",
        "select rowid, distance from t where e match ? and k = ? order by distance desc",
        "select rowid, distance from t where e match ? and k = ? order by rowid",
        "select rowid, distance from t where e match ?1 and k = ?2",
        "select rowid, distance from t where e match :q and k = 3",
        "select rowid, distance from t where e match vec_f32(?) and k = 3",
        "select rowid, distance from t where e match ? and k = 1e3",
        "select rowid, distance from t where e match ? and k = ? -- comment",
        "select rowid, distance from main.t where e match ? and k = ?",
        "select rowid, distance from t where e match ? and k = ? and k = ?",
        "select rowid, distance from t where e match ? and e match ? and k = ?",
        "select rowid, distance from t where e match ? and p = ? and p = ? and k = ?",
        "select rowid, distance from t where e match ? or k = ?",
        "select rowid, distance from t where e match ? and k = ?; select 1",
        "select rowid, distance from t, u where e match ? and k = ?",
        "with x as (select 1) select rowid, distance from t where e match ? and k = ?",
    })
    void declinesEveryOtherShape(String sql) {
        assertThat(KnnStatement.recognise(sql)).isNull();
    }

    @Test
    void readsTheLayoutsItHandles() {
        Vec0Table t = Vec0Table.parse("docs", "CREATE VIRTUAL TABLE docs USING vec0(user_id integer partition key, "
                + "title_embedding float[384], body f32[8] distance_metric=COSINE, chunk_size=64)");
        assertThat(t).isNotNull();
        assertThat(t.chunkSize()).isEqualTo(64);
        assertThat(t.vectors()).containsExactly(
                new Vec0Table.VectorColumn("title_embedding", 0, 384, Vec0Table.Metric.L2),
                new Vec0Table.VectorColumn("body", 1, 8, Vec0Table.Metric.COSINE));
        assertThat(t.partitions()).containsExactly("user_id");
        assertThat(t.partition("USER_ID")).isEqualTo(0);
        assertThat(t.shadow("_chunks")).isEqualTo("\"docs_chunks\"");
        assertThat(Vec0Table.parse("v", "create virtual table v using vec0(e float[4])").chunkSize()).isEqualTo(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "create virtual table v using vec0(e float[4], genre text)",
        "create virtual table v using vec0(e float[4], +body text)",
        "create virtual table v using vec0(id integer primary key, e float[4])",
        "create virtual table v using vec0(e int8[4])",
        "create virtual table v using vec0(e bit[64])",
        "create virtual table v using vec0(e float[4] distance_metric=l1)",
        "create virtual table v using vec0(\"e\" float[4])",
        "create virtual table v using vec0(distance float[4])",
        "create virtual table v using vec0(e float[4], chunk_size=12)",
        "create virtual table v using fts5(body)",
        "create table v(e blob)",
    })
    void describesNoOtherTable(String sql) {
        assertThat(Vec0Table.parse("v", sql)).isNull();
    }

    @Test
    void aNameWithAQuoteIsQuotedInShadowNames() {
        Vec0Table t = Vec0Table.parse("we\"ird", "create virtual table x using vec0(e float[2])");
        assertThat(t.shadow(String.format("_vector_chunks%02d", 0))).isEqualTo("\"we\"\"ird_vector_chunks00\"");
        assertThat(List.of(t.vectors().get(0).vectorBytes())).containsExactly(8);
    }
}
