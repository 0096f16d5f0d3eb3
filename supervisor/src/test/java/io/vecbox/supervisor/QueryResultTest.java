package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.protocol.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryResultTest {
    private static final float[] VEC = {1.0f, -2.5f, 0.125f, Float.MAX_VALUE};

    @SafeVarargs
    private static QueryResult result(List<String> columns, List<Object>... rows) {
        return new QueryResult(columns, Arrays.asList(rows), false, Duration.ofMillis(12), "worker-1#2");
    }

    private static List<Object> values(Object... v) {
        return Arrays.asList(v);
    }

    private final QueryResult r = result(List.of("id", "score", "name", "embedding", "note"),
            values(7L, 0.5, "alpha", Values.floatsToBlob(VEC), null),
            values(8L, 3L, "beta", new byte[] {1, 2, 3}, "x"));

    @Test
    void metadata() {
        assertThat(r.columns()).containsExactly("id", "score", "name", "embedding", "note");
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.truncated()).isFalse();
        assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(12));
        assertThat(r.worker()).isEqualTo("worker-1#2");
        assertThat(r.toString()).isEqualTo("QueryResult[id, score, name, embedding, note] 2 rows in 12 ms");
        QueryResult t = new QueryResult(List.of("a"), List.of(), true, Duration.ofSeconds(1), "w");
        assertThat(t.truncated()).isTrue();
        assertThat(t.size()).isZero();
        assertThat(t.toString()).contains("0 rows (truncated)", "1000 ms");
    }

    @Test
    void getByIndexAndByName() {
        Row row = r.rows().get(0);
        assertThat(row.size()).isEqualTo(5);
        assertThat(row.get(0)).isEqualTo(7L);
        assertThat(row.get("name")).isEqualTo("alpha");
        assertThat(row.getLong("id")).isEqualTo(7L);
        assertThat(row.getDouble("score")).isEqualTo(0.5);
        assertThat(row.getString(2)).isEqualTo("alpha");
        assertThat(row.isNull(4)).isTrue();
        assertThat(row.isNull(0)).isFalse();
    }

    @Test
    void nameLookupIsExactThenCaseInsensitive() {
        QueryResult q = result(List.of("Id", "id", "NAME"), values(1L, 2L, "n"));
        Row row = q.rows().get(0);
        assertThat(q.indexOf("Id")).isZero();
        assertThat(q.indexOf("id")).isEqualTo(1);
        assertThat(q.indexOf("ID")).as("case-insensitive: the first of the two").isZero();
        assertThat(q.indexOf("name")).isEqualTo(2);
        assertThat(row.getLong("id")).isEqualTo(2L);
        assertThat(row.getLong("iD")).isEqualTo(1L);
        assertThat(row.getString("Name")).isEqualTo("n");
    }

    @Test
    void duplicateColumnNamesFirstWins() {
        QueryResult q = result(List.of("x", "y", "x"), values(1L, 2L, 3L));
        assertThat(q.indexOf("x")).isZero();
        assertThat(q.indexOf("X")).isZero();
        assertThat(q.rows().get(0).getLong("x")).isEqualTo(1L);
    }

    @Test
    void unknownColumnIsAnIllegalArgumentNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> r.indexOf("missing"))
                .withMessage("no column 'missing' in [id, score, name, embedding, note]");
        assertThatIllegalArgumentException().isThrownBy(() -> r.rows().get(0).get("missing"));
        assertThatThrownBy(() -> r.rows().get(0).get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void integerWidensToDouble() {
        Row row = r.rows().get(1);
        assertThat(row.getDouble("score")).isEqualTo(3.0);
        assertThat(row.getDouble(0)).isEqualTo(8.0);
    }

    @Test
    void realIsNotReadAsInteger() {
        assertThatIllegalStateException().isThrownBy(() -> r.rows().get(0).getLong("score"))
                .withMessage("column 1 ('score') is a real, not an integer");
    }

    @Test
    void textIsNotReadAsANumber() {
        Row row = r.rows().get(0);
        assertThatIllegalStateException().isThrownBy(() -> row.getLong("name"))
                .withMessage("column 2 ('name') is text, not an integer");
        assertThatIllegalStateException().isThrownBy(() -> row.getDouble(2))
                .withMessage("column 2 ('name') is text, not a number");
    }

    @Test
    void nonTextIsNotReadAsString() {
        Row row = r.rows().get(0);
        assertThatIllegalStateException().isThrownBy(() -> row.getString("id"))
                .withMessage("column 0 ('id') is an integer, not text");
        assertThatIllegalStateException().isThrownBy(() -> row.getString("embedding"))
                .withMessage("column 3 ('embedding') is a blob of 16 bytes, not text");
    }

    @Test
    void nullThrowsForNumbersAndIsNullForObjects() {
        Row row = r.rows().get(0);
        assertThatIllegalStateException().isThrownBy(() -> row.getLong("note"))
                .withMessage("column 4 ('note') is NULL");
        assertThatIllegalStateException().isThrownBy(() -> row.getDouble(4))
                .withMessage("column 4 ('note') is NULL");
        assertThat(row.getString("note")).isNull();
        assertThat(row.getBytes("note")).isNull();
        assertThat(row.getFloats("note")).isNull();
        assertThat(row.get("note")).isNull();
    }

    @Test
    void getFloatsDecodesALittleEndianFloat32Blob() {
        Row row = r.rows().get(0);
        assertThat(row.getFloats("embedding")).containsExactly(VEC);
        assertThat(row.getFloats(3)).containsExactly(VEC);
        // little-endian: 1.0f is 00 00 80 3f
        byte[] one = {0, 0, (byte) 0x80, 0x3f};
        QueryResult q = result(List.of("v"), values((Object) one));
        assertThat(q.rows().get(0).getFloats(0)).containsExactly(1.0f);
    }

    @Test
    void getFloatsRejectsBlobsOfTheWrongLengthAndNonBlobs() {
        Row row = r.rows().get(1);
        assertThatIllegalStateException().isThrownBy(() -> row.getFloats("embedding"))
                .withMessage("column 3 ('embedding') is a blob of 3 bytes, not a float32 vector blob");
        assertThatIllegalStateException().isThrownBy(() -> row.getFloats("name"))
                .withMessageContaining("'name'").withMessageContaining("is text");
    }

    @Test
    void emptyBlobIsAnEmptyVector() {
        QueryResult q = result(List.of("v"), values((Object) new byte[0]));
        assertThat(q.rows().get(0).getFloats(0)).isEmpty();
        assertThat(q.rows().get(0).getBytes(0)).isEmpty();
    }

    @Test
    void getBytesReturnsACopy() {
        Row row = r.rows().get(1);
        byte[] first = row.getBytes("embedding");
        assertThat(first).containsExactly(1, 2, 3);
        first[0] = 99;
        assertThat(row.getBytes(3)).containsExactly(1, 2, 3);
        assertThat(row.getBytes(3)).isNotSameAs(row.getBytes(3));
        assertThatIllegalStateException().isThrownBy(() -> row.getBytes("id"))
                .withMessage("column 0 ('id') is an integer, not a blob");
    }

    @Test
    void iterationVisitsRowsInOrder() {
        List<Long> ids = new ArrayList<>();
        for (Row row : r) {
            ids.add(row.getLong("id"));
        }
        assertThat(ids).containsExactly(7L, 8L);
    }

    @Test
    void rowsAndColumnsAreUnmodifiable() {
        assertThatThrownBy(() -> r.rows().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.columns().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void columnsAreCopied() {
        List<String> cols = new ArrayList<>(List.of("a"));
        QueryResult q = new QueryResult(cols, List.of(), false, Duration.ZERO, "w");
        cols.set(0, "b");
        assertThat(q.columns()).containsExactly("a");
    }

    @Test
    void toStringSummarisesBlobs() {
        byte[] big = new byte[4096];
        Arrays.fill(big, (byte) 'A');
        QueryResult q = result(List.of("id", "v", "n"), values(1L, big, null));
        String s = q.rows().get(0).toString();
        assertThat(s).isEqualTo("[1, <blob 4096 bytes>, null]");
        assertThat(r.rows().get(0).toString()).startsWith("[7, 0.5, alpha, <blob 16 bytes>, null");
    }

    @Test
    void rowsAreNotChangedByLaterChangesToTheConstructorLists() {
        List<Object> values = new ArrayList<>(List.of(1L));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(values);
        QueryResult q = new QueryResult(List.of("a"), rows, false, Duration.ZERO, "w");
        values.set(0, 2L);
        assertThat(q.rows().get(0).getLong(0)).isEqualTo(1L);
    }
}
