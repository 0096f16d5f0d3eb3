package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of a scattered query's parts, and vec0's order across parts: pure logic, no worker. */
class KnnMergeTest {
    private static final List<String> COLUMNS = List.of("rowid", "distance");

    /** @param rowsAndDistances rowid, distance, rowid, distance, ... */
    private static Result cutPart(boolean truncated, Object... rowsAndDistances) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < rowsAndDistances.length; i += 2) {
            rows.add(List.of(((Number) rowsAndDistances[i]).longValue(), ((Number) rowsAndDistances[i + 1]).doubleValue()));
        }
        return new Result(1, COLUMNS, rows, 0, 0, truncated, 0, List.of());
    }

    private static Result part(Object... rowsAndDistances) {
        return cutPart(false, rowsAndDistances);
    }

    private static List<Long> rowids(Result r) {
        List<Long> out = new ArrayList<>();
        r.rows().forEach(row -> out.add((Long) row.get(0)));
        return out;
    }

    @Test
    void orderIsDistanceThenPartThenPosition() {
        assertThat(KnnOrder.compare(0.5, 1, 9, 0.6, 0, 0)).isNegative();
        assertThat(KnnOrder.compare(0.6, 0, 0, 0.5, 1, 9)).isPositive();
        assertThat(KnnOrder.compare(0.5, 0, 9, 0.5, 1, 0)).as("the earlier part wins a tie").isNegative();
        assertThat(KnnOrder.compare(0.5, 1, 0, 0.5, 0, 9)).isPositive();
        assertThat(KnnOrder.compare(0.5, 1, 2, 0.5, 1, 3)).as("then its own order").isNegative();
        assertThat(KnnOrder.compare(0.5, 1, 3, 0.5, 1, 3)).isZero();
    }

    @Test
    void mergesTheTopKAcrossParts() {
        Result merged = KnnMerge.merge(List.of(part(1, 0.1, 2, 0.4, 3, 0.9), part(10, 0.2, 11, 0.3, 12, 0.5)), 4, 100,
                7, 0);
        assertThat(rowids(merged)).containsExactly(1L, 10L, 11L, 2L);
        assertThat(merged.truncated()).isFalse();
        assertThat(merged.columns()).isEqualTo(COLUMNS);
        assertThat(merged.id()).isEqualTo(7);
    }

    @Test
    void tiesKeepVec0sOrderNotRowidOrder() {
        // Inside a part (a range of chunks) vec0 puts the higher slot first on a tie; across parts the earlier.
        Result merged = KnnMerge.merge(List.of(part(4, 0.0, 1, 0.0, 8, 1.0), part(15, 0.0, 14, 0.0, 9, 1.0),
                part(19, 0.0, 18, 1.0)), 8, 100, 1, 0);
        assertThat(rowids(merged)).containsExactly(4L, 1L, 15L, 14L, 19L, 8L, 9L, 18L);
    }

    @Test
    void fewerRowsThanKAndEmptyParts() {
        Result merged = KnnMerge.merge(List.of(part(), part(3, 0.2), part(), part(5, 0.1)), 10, 100, 1, 0);
        assertThat(rowids(merged)).containsExactly(5L, 3L);
        assertThat(merged.truncated()).isFalse();
        Result none = KnnMerge.merge(List.of(part(), part()), 10, 100, 1, 0);
        assertThat(none.rows()).isEmpty();
        assertThat(none.columns()).isEqualTo(COLUMNS);
    }

    @Test
    void aCutAtMaxRowsIsTheWholeQuerysCut() {
        // k = 5 rows exist; maxRows = 3: the whole query returns its first 3, truncated.
        Result cut = KnnMerge.merge(List.of(part(1, 0.1, 2, 0.3), part(3, 0.2, 4, 0.4, 5, 0.5)), 5, 3, 1, 0);
        assertThat(rowids(cut)).containsExactly(1L, 3L, 2L);
        assertThat(cut.truncated()).isTrue();
        // Exactly maxRows rows in the top k: not cut.
        Result exact = KnnMerge.merge(List.of(part(1, 0.1, 2, 0.3), part(3, 0.2)), 5, 3, 1, 0);
        assertThat(rowids(exact)).containsExactly(1L, 3L, 2L);
        assertThat(exact.truncated()).isFalse();
        // k below maxRows: the k rows, more rows beyond k are no cut.
        Result belowK = KnnMerge.merge(List.of(part(1, 0.1, 2, 0.3), part(3, 0.2, 4, 0.4)), 2, 3, 1, 0);
        assertThat(rowids(belowK)).containsExactly(1L, 3L);
        assertThat(belowK.truncated()).isFalse();
    }

    @Test
    void aPartCutAtMaxRowsCutsTheWhole() {
        // Each part was cut at maxRows = 2 (a k of 4 had more rows for it).
        Result merged = KnnMerge.merge(List.of(cutPart(true, 1, 0.5, 2, 0.6), part(3, 0.1)), 4, 2, 1, 0);
        assertThat(rowids(merged)).containsExactly(3L, 1L);
        assertThat(merged.truncated()).isTrue();
    }

    @Test
    void aPartCutShortStopsTheMergeWhereItStops() {
        // Part 0 cut after one row (a byte cap): beyond 0.5 its next rows are unknown, so only one row is exact.
        Result merged = KnnMerge.merge(List.of(cutPart(true, 1, 0.5), part(3, 0.1, 4, 0.6, 5, 0.7)), 4, 10, 1, 0);
        assertThat(rowids(merged)).containsExactly(3L);
        assertThat(merged.truncated()).isTrue();
    }

    @Test
    void partsThatDoNotMergeAreRefused() {
        assertThat(KnnMerge.merge(List.of(part(1, 0.5), new Result(1, List.of("rowid", "d"),
                List.of(), 0, 0, false, 0, List.of())), 3, 10, 1, 0)).as("other columns").isNull();
        assertThat(KnnMerge.merge(List.of(new Result(1, List.of("rowid"), List.of(List.of(1L)), 0, 0, false, 0,
                List.of())), 3, 10, 1, 0)).as("no distance").isNull();
        assertThat(KnnMerge.merge(List.of(part(1, 0.5, 2, 0.4)), 3, 10, 1, 0)).as("out of order").isNull();
        assertThat(KnnMerge.merge(List.of(new Result(1, COLUMNS, List.of(List.of(1L, 3L)), 0, 0, false, 0,
                List.of())), 3, 10, 1, 0)).as("an integer distance").isNull();
    }

    @Test
    void theDistanceColumnIsFoundByLabel() {
        Result merged = KnnMerge.merge(List.of(
                new Result(1, List.of("DISTANCE", "rowid"), List.of(List.of(0.3, 1L)), 0, 0, false, 0, List.of()),
                new Result(1, List.of("DISTANCE", "rowid"), List.of(List.of(0.2, 2L)), 0, 0, false, 0, List.of())),
                2, 10, 1, 0);
        assertThat(merged.rows()).containsExactly(List.of(0.2, 2L), List.of(0.3, 1L));
    }
}
