package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker slot has one deadline timer, which stays armed across requests: each request in flight
 * must still be caught at its own deadline, whatever ran on the slot before it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlotDeadlineIT {
    @TempDir
    Path dir;

    @Test
    void aHungQueryAfterQuickOnesIsKilledAndSoIsTheNextHungQueryOnTheSameSlot() {
        try (WorkerPool pool = Pools.builder(dir, "slot").readers(1).queryTimeout(Duration.ofMillis(300))
                .killGracePeriod(Duration.ofMillis(300)).build()) {
            for (int i = 0; i < 200; i++) { // the slot's timer is armed for the first of these
                assertThat(pool.query("select ?", i).rows().get(0).getLong(0)).isEqualTo(i);
            }
            long first = Pools.pidOf(pool, "IDLE", "reader");
            QueryTimeoutException e = catchThrowableOfType(() -> pool.query("select vecbox_fault('spin')"),
                    QueryTimeoutException.class);
            assertThat(e.workerKilled()).isTrue();
            assertThat(e.getMessage()).contains("ignored its 300 ms deadline");

            assertThat(pool.query("select 2").rows().get(0).getLong(0)).as("served by the restarted reader")
                    .isEqualTo(2);
            long second = Pools.pidOf(pool, "IDLE", "reader");
            assertThat(second).isNotEqualTo(first);
            QueryTimeoutException again = catchThrowableOfType(() -> pool.query("select 1 + vecbox_fault('spin')"),
                    QueryTimeoutException.class);
            assertThat(again.workerKilled()).isTrue();
            assertThat(pool.query("select 3").rows().get(0).getLong(0)).isEqualTo(3);
            assertThat(pool.stats().timeouts()).isEqualTo(2);
        }
    }

    @Test
    void aShortWriteDeadlineBehindALongQueryDeadlineOnTheSameWorkerStillFires() {
        // The transaction's query arms the writer's timer an hour out; the hung write behind it must
        // pull the timer in to its own 300 ms deadline (the test's timeout fails it otherwise).
        try (WorkerPool pool = Pools.builder(dir, "pull").readers(1).queryTimeout(Duration.ofHours(1))
                .writeTimeout(Duration.ofMillis(300)).killGracePeriod(Duration.ofMillis(300)).build()) {
            Transaction tx = pool.begin();
            assertThat(tx.query("select 1").rows()).hasSize(1);
            TransactionLostException e = catchThrowableOfType(() -> tx.execute("select vecbox_fault('spin')"),
                    TransactionLostException.class);
            assertThat(e.getCause()).isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("ignored its 300 ms deadline");
            pool.execute("create table after_kill(x)");
            assertThat(pool.query("select count(*) from after_kill").rows().get(0).getLong(0)).isZero();
        }
    }

    @Test
    void aQueryInterruptedAtItsDeadlineLeavesTheWorkerAndTheNextQueryItsOwnDeadline() {
        String runaway = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c";
        try (WorkerPool pool = Pools.builder(dir, "own").readers(1).queryTimeout(Duration.ofMillis(300))
                .killGracePeriod(Duration.ofMillis(300)).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            for (int i = 0; i < 3; i++) {
                QueryTimeoutException e = catchThrowableOfType(() -> pool.query(runaway), QueryTimeoutException.class);
                assertThat(e.workerKilled()).as("interrupted in the worker, not killed").isFalse();
                assertThat(pool.query("select 1").rows()).hasSize(1);
            }
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isEqualTo(pid);
            assertThat(pool.stats().restarts()).isZero();
        }
    }
}
