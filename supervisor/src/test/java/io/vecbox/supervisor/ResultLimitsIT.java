package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 6: a result past {@code maxRows} or {@code maxResultBytes} is an exception by
 * default, never a silent partial result; truncation is opt-in. Default limits throughout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResultLimitsIT {
    /** 12,000 rows: past the default maxRows of 10,000. */
    private static final String ROWS_12000 = "with recursive c(x) as (select 1 union all select x + 1 from c "
            + "where x < 12000) select x from c";
    /** 12,000 rows of 2,000 bytes: 24 MB, past the default maxResultBytes of 16 MiB before maxRows. */
    private static final String BYTES_24MB = "with recursive c(x) as (select 1 union all select x + 1 from c "
            + "where x < 12000) select zeroblob(2000) from c";

    @TempDir
    Path dir;

    @Test
    void twelveThousandRowsWithTheDefaultMaxRowsFailNamingTheLimitInsteadOfReturningTenThousand() {
        try (WorkerPool pool = Pools.builder(dir, "rows").readers(1).build()) {
            assertThatThrownBy(() -> pool.query(ROWS_12000))
                    .isInstanceOf(ResultTooLargeException.class)
                    .hasMessageContaining("maxRows=10000")
                    .hasMessageContaining("truncateResults(true)")
                    .hasMessageContaining("LIMIT")
                    .satisfies(e -> {
                        ResultTooLargeException t = (ResultTooLargeException) e;
                        assertThat(t.limit()).isEqualTo(ResultTooLargeException.MAX_ROWS);
                        assertThat(t.limitValue()).isEqualTo(10_000);
                        assertThat(t.worker()).isEqualTo("worker-1#1");
                    });
            assertThat(pool.query(ROWS_12000 + " limit 10000").size()).as("exactly at the limit is whole")
                    .isEqualTo(10_000);
            assertThat(pool.query(ROWS_12000 + " limit 10000").truncated()).isFalse();
            assertThat(pool.stats().failed()).isEqualTo(1);
            assertThat(pool.stats().crashes()).isZero();
        }
    }

    @Test
    void truncationIsWhatACallerOptsInto() {
        try (WorkerPool pool = Pools.builder(dir, "rows-optin").readers(1).truncateResults(true).build()) {
            QueryResult r = pool.query(ROWS_12000);
            assertThat(r.size()).isEqualTo(10_000);
            assertThat(r.truncated()).isTrue();
            assertThat(r.rows().get(9_999).getLong(0)).isEqualTo(10_000);
            assertThat(pool.config().truncateResults()).isTrue();
        }
    }

    @Test
    void aResultPastTheDefaultMaxResultBytesFailsNamingThatLimit() {
        try (WorkerPool pool = Pools.builder(dir, "bytes").readers(1).build()) {
            assertThatThrownBy(() -> pool.query(BYTES_24MB))
                    .isInstanceOf(ResultTooLargeException.class)
                    .hasMessageContaining("maxResultBytes=16777216")
                    .hasMessageContaining("truncateResults(true)")
                    .satisfies(e -> {
                        ResultTooLargeException t = (ResultTooLargeException) e;
                        assertThat(t.limit()).isEqualTo(ResultTooLargeException.MAX_RESULT_BYTES);
                        assertThat(t.limitValue()).isEqualTo(16L * 1024 * 1024);
                    });
        }
    }

    @Test
    void aResultPastMaxResultBytesIsCutShortWhenTheCallerOptsIn() {
        try (WorkerPool pool = Pools.builder(dir, "bytes-optin").readers(1).truncateResults(true).build()) {
            QueryResult r = pool.query(BYTES_24MB);
            assertThat(r.truncated()).isTrue();
            assertThat(r.size()).isBetween(8_000, 8_400);
            assertThat(r.rows().get(0).getBytes(0)).hasSize(2000);
        }
    }

    @Test
    void theLimitsApplyTheSameWayToTrustedQueries() {
        try (WorkerPool pool = Pools.builder(dir, "trusted").readers(1).sandbox(SandboxPolicy.trusted()).build()) {
            assertThatThrownBy(() -> pool.query(ROWS_12000)).isInstanceOf(ResultTooLargeException.class)
                    .hasMessageContaining("maxRows=10000");
        }
    }
}
