package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Rows;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of a query answer held by the host: joined in order, voided by an error, never past the caps. */
class PartialResultTest {
    private static final int MAX_ROWS = 10;
    /** Columns "a", "b" measure 12; a row (long, 10-byte blob) measures 5 + 9 + 15 = 29. */
    private static final long MAX_BYTES = 12 + 29 * 8;

    private final PartialResult parts = new PartialResult(new PoolConfig("test", Path.of("unused.db"), 1,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), MAX_ROWS, MAX_BYTES, false,
            RestartPolicy.ofDefaults(), Duration.ZERO, List.of(), List.of(), Map.of(), Duration.ofSeconds(5),
            Duration.ofSeconds(5), 100, Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"),
            SandboxPolicy.trusted(), Duration.ofSeconds(5), Duration.ofSeconds(5)));

    private static List<List<Object>> rows(int from, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(List.of((long) i, new byte[10]));
        }
        return rows;
    }

    private static Part part(long id, int from, int count) {
        return new Part(id, List.of("a", "b"), rows(from, count));
    }

    private static Result result(long id, int from, int count, boolean truncated) {
        return new Result(id, List.of("a", "b"), rows(from, count), 0, 0, truncated, 5, List.of());
    }

    @Test
    void partsComeAheadOfTheResultsOwnRowsInOrder() {
        assertThat(parts.add(part(7, 0, 2))).isNull();
        assertThat(parts.add(part(7, 2, 3))).isNull();
        Response joined = parts.join(result(7, 5, 1, true));
        assertThat(joined).isInstanceOfSatisfying(Result.class, r -> {
            assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(r.truncated()).isTrue();
            assertThat(r.elapsedNanos()).isEqualTo(5);
        });
        Result next = result(8, 0, 1, false);
        assertThat(parts.join(next)).as("nothing held for the next answer").isSameAs(next);
    }

    @Test
    void anErrorVoidsThePartsAndNoRowOfThemSurvives() {
        assertThat(parts.add(part(7, 0, 4))).isNull();
        ErrorReply error = new ErrorReply(7, ErrorCode.SQL_ERROR, 1, "integer overflow", "", 0);
        assertThat(parts.join(error)).isSameAs(error);
        assertThat(((Result) parts.join(result(8, 0, 1, false))).rows()).hasSize(1);
    }

    @Test
    void partsForAnAnswerNoLongerAwaitedAreDroppedWhenAnotherComes() {
        assertThat(parts.add(part(7, 0, 4))).isNull();
        Result other = result(9, 0, 2, false);
        assertThat(parts.join(other)).isSameAs(other);
        assertThat(parts.add(part(10, 0, 8))).as("the caps start afresh for a new id").isNull();
    }

    @Test
    void columnsThatChangeAreAViolation() {
        assertThat(parts.add(part(7, 0, 1))).isNull();
        assertThat(parts.add(new Part(7, List.of("a", "c"), rows(1, 1)))).contains("columns");
        parts.clear();
        assertThat(parts.add(part(7, 0, 1))).isNull();
        assertThat(parts.join(new Result(7, List.of("z", "b"), rows(1, 1), 0, 0, false, 0, List.of()))).isNull();
    }

    @Test
    void aRowOfAnotherLengthIsAViolation() {
        assertThat(parts.add(new Part(7, List.of("a", "b"), List.of(List.of(1L))))).contains("a row of 1 values");
    }

    @Test
    void rowsUpToTheCapsAreHeldAndOneMoreIsAViolation() {
        assertThat(parts.add(part(7, 0, 8))).as("exactly maxResultBytes").isNull();
        assertThat(parts.join(result(7, 8, 0, true))).isInstanceOf(Result.class);

        assertThat(parts.add(part(8, 0, 8))).isNull();
        assertThat(parts.add(part(8, 8, 1))).contains("past maxResultBytes=" + MAX_BYTES);

        parts.clear();
        assertThat(parts.add(part(9, 0, 8))).isNull();
        assertThat(parts.join(result(9, 8, 1, false))).as("the result's rows count too").isNull();
    }

    @Test
    void rowsPastMaxRowsAreAViolation() {
        PartialResult few = new PartialResult(new PoolConfig("test", Path.of("unused.db"), 1,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), 3, 1 << 20, false,
                RestartPolicy.ofDefaults(), Duration.ZERO, List.of(), List.of(), Map.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 100, Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"),
                SandboxPolicy.trusted(), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThat(few.add(part(7, 0, 3))).isNull();
        assertThat(few.add(part(7, 3, 1))).contains("past maxRows=3");
    }

    @Test
    void aPageIsHeldWithinItsFetchSizeAndJoinedWithItsRows() {
        parts.limit(20, Integer.MAX_VALUE, 29 * 3, true);
        assertThat(parts.add(part(20, 0, 2))).as("a page's column names are not measured").isNull();
        Response joined = parts.join(new Rows(20, 5, List.of("a", "b"), rows(2, 1), false));
        assertThat(joined).isInstanceOfSatisfying(Rows.class, r -> {
            assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly(0L, 1L, 2L);
            assertThat(r.cursor()).isEqualTo(5);
            assertThat(r.done()).isFalse();
        });

        parts.limit(21, Integer.MAX_VALUE, 29 * 3, true);
        assertThat(parts.add(part(21, 0, 4))).contains("past fetchBytes=87");

        parts.limit(22, 2, 1 << 20, true);
        assertThat(parts.add(part(22, 0, 3))).contains("past fetchRows=2");

        parts.limit(23, Integer.MAX_VALUE, 10, true);
        assertThat(parts.add(part(23, 0, 1))).as("a page's first row may pass fetchBytes alone").isNull();
        assertThat(parts.join(new Rows(23, 5, List.of("a", "b"), rows(1, 1), false))).isNull();

        parts.limit(24, Integer.MAX_VALUE, 1 << 20, true);
        assertThat(parts.add(part(24, 0, 1))).isNull();
        assertThat(parts.join(result(24, 1, 1, false))).as("a page's parts joined with a result").isNull();
    }
}
