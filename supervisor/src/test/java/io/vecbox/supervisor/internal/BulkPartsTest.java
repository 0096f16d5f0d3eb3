package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkPartsTest {
    private static List<List<Object>> rows(int n, int blobBytes) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.asList((long) i, new byte[blobBytes]));
        }
        return rows;
    }

    private static List<List<Object>> joined(List<List<List<Object>>> parts) {
        List<List<Object>> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    @Test
    void rowsThatFitStayOnePart() {
        List<List<Object>> rows = rows(100, 1536);
        assertThat(BulkParts.split(rows, BulkParts.PART_BYTES)).containsExactly(rows);
    }

    @Test
    void everyRowLandsInExactlyOnePartInOrderAndNoPartPassesTheBudget() {
        List<List<Object>> rows = rows(1000, 1536); // 1,555 bytes a row at most
        long budget = 100_000;
        List<List<List<Object>>> parts = BulkParts.split(rows, budget);
        assertThat(parts).hasSize(16); // 64 rows a part: ceil(1000 / 64)
        assertThat(joined(parts)).containsExactlyElementsOf(rows);
        for (List<List<Object>> part : parts) {
            long size = part.stream().mapToLong(BulkParts::encodedSize).sum();
            assertThat(size).isLessThanOrEqualTo(budget);
            assertThat(part).isNotEmpty();
        }
    }

    @Test
    void aRowLargerThanTheBudgetIsAPartOfItsOwn() {
        List<List<Object>> rows = new ArrayList<>(rows(3, 10));
        rows.add(1, Arrays.asList(9L, new byte[5000]));
        List<List<List<Object>>> parts = BulkParts.split(rows, 1000);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).containsExactly(rows.get(0));
        assertThat(parts.get(1)).containsExactly(rows.get(1));
        assertThat(parts.get(2)).containsExactly(rows.get(2), rows.get(3));
    }

    @Test
    void noRowsIsOneEmptyPart() {
        assertThat(BulkParts.split(List.of(), 100)).containsExactly(List.of());
    }

    @Test
    void sizesAreUpperBoundsOfTheEncoding() {
        assertThat(BulkParts.encodedSize(Arrays.asList(null, 1L, 2.5, "é", new byte[100])))
                .isEqualTo(5 + 1 + 9 + 9 + (3 + 5) + (100 + 5));
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThatThrownBy(() -> BulkParts.split(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partBytes < 1: 0");
    }
}
