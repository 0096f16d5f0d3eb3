package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which SQL texts a scattered KNN query is made of, and where their k is: pure logic, no worker. */
class KnnShapeTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "select rowid, distance from items where embedding match ? and k = ?",
        "SELECT ROWID, DISTANCE FROM items WHERE embedding MATCH ? AND K = ?",
        "select rowid, distance from items where embedding match ? and k = 10",
        "select rowid, distance from items where embedding match ? and k = 10 order by distance",
        "select rowid, distance from items where embedding match ? and k = 10 order by distance asc;",
        "select distance, rowid from items where embedding match ? and k = ?",
        "select distance from items where embedding match ? and k = ?",
        "select rowid, distance from main.items where embedding match ? and k = ?",
        "select rowid, distance from \"my items\" where [embedding] match ? and k = ?",
        "select rowid, distance from items where k = ? and embedding match ?",
        "select rowid, distance from items where embedding match ? and k = ? and category = ?",
        "select rowid, distance from items where category = 'books' and embedding match ? and k = 5",
        "select rowid, distance from items where embedding match :q and k = :k",
        "select rowid, distance from items where embedding match '[1, 2]' and k == 3",
        "select rowid, distance from items where embedding match x'0000803f' and k = 1",
        "select rowid,distance from items/*c*/where embedding match ?-- tail\n and k=?",
    })
    void theShape(String sql) {
        assertThat(KnnShape.of(sql).matches()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "select 1",
        "select rowid from items where embedding match ? and k = ?",
        "select rowid, distance, embedding from items where embedding match ? and k = ?",
        "select *, distance from items where embedding match ? and k = ?",
        "select rowid as id, distance from items where embedding match ? and k = ?",
        "select rowid, distance, rowid from items where embedding match ? and k = ?",
        "select distance, distance from items where embedding match ? and k = ?",
        "select rowid, distance from items where embedding match ?",
        "select rowid, distance from items where k = 3",
        "select rowid, distance from items where embedding match ? and k = ? limit 3",
        "select rowid, distance from items where embedding match ? limit 3",
        "select rowid, distance from items where embedding match ? and k = ? and k = ?",
        "select rowid, distance from items where embedding match ? and embedding match ? and k = ?",
        "select rowid, distance from items where embedding match ? or k = ?",
        "select rowid, distance from items where embedding match vec_f32(?) and k = ?",
        "select rowid, distance from items where embedding match ? and k = ? + 1",
        "select rowid, distance from items where embedding match ? and k = 1.5",
        "select rowid, distance from items where embedding match ? and k = 1e3",
        "select rowid, distance from items where embedding match ? and k = 0x10",
        "select rowid, distance from items where embedding match ? and k = 0",
        "select rowid, distance from items where embedding match ? and k = -3",
        "select rowid, distance from items where embedding match ? and k > ?",
        "select rowid, distance from items where embedding match ? and k = ? and category > ?",
        "select rowid, distance from items where embedding match ? and k = ? order by rowid",
        "select rowid, distance from items where embedding match ? and k = ? order by distance desc",
        "select rowid, distance from items, other where embedding match ? and k = ?",
        "select rowid, distance from items join other where embedding match ? and k = ?",
        "select rowid, distance from items where embedding match ? and k = ?; select 1",
        "select rowid, distance from items where embedding match ? and k = ?1 and category = ?0",
        "select rowid, distance from items where embedding match :q and k = :q",
        "select rowid, distance from items where embedding match ? and k = #k",
        "with t as (select 1) select rowid, distance from items where embedding match ? and k = ?",
        "explain select rowid, distance from items where embedding match ? and k = ?",
        "select rowid, distance from items where embedding match ? and k = ? /* unterminated",
        "select rowid, distance from items where embedding match ? and \"k\" = ?",
    })
    void notTheShape(String sql) {
        assertThat(KnnShape.of(sql).matches()).as(sql).isFalse();
    }

    @Test
    void kIsTheLiteral() {
        KnnShape s = KnnShape.of("select rowid, distance from items where embedding match ? and k = 1_000");
        assertThat(s.k(List.of(new byte[4]))).isEqualTo(1000);
    }

    @Test
    void kIsItsParameterBySqlitesNumbering() {
        List<Object> params = List.of(new byte[4], 7L, "x");
        assertThat(KnnShape.of("select rowid, distance from items where embedding match ? and k = ?").k(params))
                .isEqualTo(7);
        assertThat(KnnShape.of("select rowid, distance from items where k = ?2 and embedding match ?1").k(params))
                .isEqualTo(7);
        assertThat(KnnShape.of("select rowid, distance from items where embedding match ?3 and k = ?")
                .k(List.of("a", "b", new byte[4], 9L))).as("? after ?3 is ?4").isEqualTo(9);
        assertThat(KnnShape.of("select rowid, distance from items where c = ? and embedding match ? and k = ?")
                .k(List.of("books", new byte[4], 4L))).isEqualTo(4);
    }

    @Test
    void kIsANamedParameterWhereNamedParametersBindsIt() {
        String sql = "select rowid, distance from items where k = :k and embedding match :q and c = @c";
        List<Object> bound = NamedParameters.bind(sql, Map.of("q", new byte[4], "k", 12, "c", "books"));
        assertThat(KnnShape.of(sql).k(bound)).isEqualTo(12);
        String later = "select rowid, distance from items where embedding match $q and c = :c and k = :k";
        assertThat(KnnShape.of(later).k(NamedParameters.bind(later, Map.of("q", new byte[4], "k", 5, "c", "x"))))
                .isEqualTo(5);
    }

    @Test
    void aKThatIsNotAnIntegerIsNoK() {
        KnnShape s = KnnShape.of("select rowid, distance from items where embedding match ? and k = ?");
        assertThat(s.k(List.of(new byte[4], 2.0d))).isEqualTo(-1);
        assertThat(s.k(List.of(new byte[4], "10"))).isEqualTo(-1);
        assertThat(s.k(Arrays.asList(new byte[4], null))).isEqualTo(-1);
        assertThat(s.k(List.of(new byte[4]))).as("missing").isEqualTo(-1);
        assertThat(KnnShape.NONE.k(List.of(3L))).isEqualTo(-1);
    }
}
