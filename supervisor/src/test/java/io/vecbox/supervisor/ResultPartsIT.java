package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large query result travels as parts ahead of its result (PROTOCOL.md 5.7.3): the caller gets it
 * whole and in order, within the caps, or a typed exception and none of it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResultPartsIT {
    /** 2,000 rows of 1,000-byte blobs: about 2 MB, several parts of 256 KiB. */
    private static final String SERIES = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000) ";

    @TempDir
    Path dir;

    @Test
    void largeResultArrivesWholeAndInOrder() {
        try (WorkerPool pool = Pools.builder(dir, "parts").readers(1).build()) {
            QueryResult r = pool.query(SERIES + "select x, zeroblob(1000) from c");
            assertThat(r.size()).isEqualTo(2000);
            assertThat(r.truncated()).isFalse();
            for (int i = 0; i < r.size(); i++) {
                assertThat(r.rows().get(i).getLong(0)).isEqualTo(i + 1L);
                assertThat(r.rows().get(i).getBytes(1)).hasSize(1000);
            }
        }
    }

    @Test
    void capsCutAResultInPartsAtTheSameRow() {
        try (WorkerPool pool = Pools.builder(dir, "cut").readers(1).maxRows(1500).maxResultBytes(1L << 20)
                .truncateResults(true).build()) {
            QueryResult r = pool.query(SERIES + "select x, zeroblob(1000) from c");
            assertThat(r.truncated()).isTrue();
            // columns "x", "zeroblob(1000)" measure 6 + 19; a row 5 + 9 + 1005
            assertThat(r.size()).isEqualTo((int) (((1L << 20) - 25) / 1019));
            assertThat(r.rows().get(r.size() - 1).getLong(0)).isEqualTo(r.size());

            QueryResult byRows = pool.query(SERIES + "select x, zeroblob(500) from c");
            assertThat(byRows.truncated()).isTrue();
            assertThat(byRows.size()).isEqualTo(1500);
            assertThat(byRows.rows().get(1499).getLong(0)).isEqualTo(1500);
        }
        try (WorkerPool pool = Pools.builder(dir, "cut-default").readers(1).maxResultBytes(1L << 20).build()) {
            ResultTooLargeException e = catchThrowableOfType(
                    () -> pool.query(SERIES + "select x, zeroblob(1000) from c"), ResultTooLargeException.class);
            assertThat(e).isNotNull();
            assertThat(e.limit()).isEqualTo(ResultTooLargeException.MAX_RESULT_BYTES);
        }
    }

    @Test
    void readerKilledMidResultFailsTypedAndHandsOverNoPartialResult() {
        try (WorkerPool pool = Pools.builder(dir, "killed").build()) {
            // ~1.5 MB of rows (several parts) travel before the worker halts
            String sql = SERIES + "select x, case when x = 1500 then vecbox_fault('halt', 42) else zeroblob(1000) end from c";
            WorkerCrashedException e = catchThrowableOfType(() -> pool.query(sql), WorkerCrashedException.class);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).hasValue(42);
            assertThat(pool.stats().crashes()).as("retried once on the other reader, which died too").isEqualTo(2);
            assertThat(pool.query(SERIES + "select x, zeroblob(1000) from c").size())
                    .as("the replacements answer in full").isEqualTo(2000);
        }
    }

    @Test
    void aPartForARequestNeverSentIsAViolationAndTheQueryIsRetried() {
        try (WorkerPool pool = Pools.builder(dir, "stray").build(); Pools.LogCapture log = new Pools.LogCapture()) {
            QueryResult r = pool.query("select vecbox_fault('stray-part', 987654321, ?)",
                    dir.resolve("stray-once").toString());
            assertThat(r.rows().get(0).getLong(0)).as("the retry found the marker").isZero();
            assertThat(pool.stats().crashes()).isEqualTo(1);
            assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line).contains("protocol violation")
                    .contains("part for unknown request id 987654321"));
        }
    }

    @Test
    void streamPagesArriveWholeAndInOrder() {
        try (WorkerPool pool = Pools.builder(dir, "pages").readers(1).build()) {
            long expected = 1;
            try (RowStream s = pool.stream(SERIES + "select x, zeroblob(1000) from c")) {
                for (Row row : s) {
                    assertThat(row.getLong(0)).isEqualTo(expected++);
                    assertThat(row.getBytes(1)).hasSize(1000);
                }
            }
            assertThat(expected).isEqualTo(2001);
            expected = 1;
            try (RowStream s = pool.stream(FetchSize.rows(700), SERIES + "select x, zeroblob(1000) from c")) {
                for (Row row : s) {
                    assertThat(row.getLong(0)).isEqualTo(expected++);
                }
            }
            assertThat(expected).isEqualTo(2001);
        }
    }
}
