package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.PoolHealth.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health rules as a pure function of the snapshots: each rule alone, then together. */
class PoolHealthTest {
    private static final int MAX_QUEUED = 100;

    private static PoolStats stats(int queued, int quarantined) {
        return new PoolStats(3, 3, 0, 0, 0, queued, 10, 1, 0, 0, 0, quarantined, Duration.ZERO, Duration.ZERO, 0, 0);
    }

    private static WorkerInfo slot(int slot, String role, String state) {
        return new WorkerInfo("worker-" + slot + "#1", role, state, state.equals("FAILED") ? -1 : 100 + slot, 1);
    }

    /** writer, then the readers' states in order, then the standby's state or null */
    private static List<WorkerInfo> workers(String writer, String standby, String... readers) {
        List<WorkerInfo> out = new ArrayList<>();
        out.add(slot(0, "writer", writer));
        for (int i = 0; i < readers.length; i++) {
            out.add(slot(i + 1, "reader", readers[i]));
        }
        if (standby != null) {
            out.add(slot(readers.length + 1, "standby", standby));
        }
        return out;
    }

    private static PoolHealth health(List<WorkerInfo> workers) {
        return PoolHealth.of(false, stats(0, 0), workers, MAX_QUEUED);
    }

    @Test
    void everyWorkerServingIsUp() {
        PoolHealth h = health(workers("BUSY", null, "IDLE", "LEASED"));
        assertThat(h.status()).isEqualTo(Status.UP);
        assertThat(h.reason()).isEqualTo("1 writer and 2 readers serving");
        assertThat(PoolHealth.of(false, stats(0, 0), workers("IDLE", "STANDBY", "IDLE"), MAX_QUEUED).reason())
                .isEqualTo("1 writer and 1 reader serving, standby writer ready");
    }

    @Test
    void aReadOnlyPoolWithoutAWriterIsJudgedByItsReadersAlone() {
        List<WorkerInfo> readers = List.of(slot(1, "reader", "IDLE"), slot(2, "reader", "BUSY"));
        PoolHealth up = health(readers);
        assertThat(up.status()).isEqualTo(Status.UP);
        assertThat(up.reason()).isEqualTo("2 readers serving");
        PoolHealth degraded = health(List.of(slot(1, "reader", "IDLE"), slot(2, "reader", "BACKOFF")));
        assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
        assertThat(degraded.reason()).isEqualTo("1 of 2 readers not serving: worker-2#1 restarting");
        assertThat(health(List.of(slot(1, "reader", "FAILED"), slot(2, "reader", "FAILED"))).status())
                .isEqualTo(Status.DOWN);
    }

    @Test
    void closedPoolIsDownWhateverItsWorkers() {
        PoolHealth h = PoolHealth.of(true, stats(0, 0), workers("IDLE", null, "IDLE"), MAX_QUEUED);
        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.reason()).isEqualTo("pool is closed");
    }

    @Test
    void writerCoolingDownWithoutStandbyIsDown() {
        PoolHealth h = health(workers("FAILED", null, "IDLE", "IDLE"));
        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.reason()).isEqualTo("writer worker-0#1 cooling down, no standby writer ready");
    }

    @Test
    void writerCoolingDownWithAReadyStandbyIsOnlyDegraded() {
        PoolHealth h = health(workers("FAILED", "STANDBY", "IDLE"));
        assertThat(h.status()).isEqualTo(Status.DEGRADED);
        assertThat(h.reason()).isEqualTo("writer worker-0#1 cooling down");
    }

    @Test
    void writerRestartingIsDegraded() {
        for (String state : List.of("EXITED", "BACKOFF", "STARTING")) {
            assertThat(health(workers(state, null, "IDLE")).status()).as(state).isEqualTo(Status.DEGRADED);
        }
        assertThat(health(workers("BACKOFF", null, "IDLE")).reason()).isEqualTo("writer worker-0#1 restarting");
    }

    @Test
    void someReadersDownIsDegradedAndNamesThem() {
        PoolHealth h = health(workers("IDLE", null, "IDLE", "BACKOFF", "FAILED"));
        assertThat(h.status()).isEqualTo(Status.DEGRADED);
        assertThat(h.reason()).isEqualTo("2 of 3 readers not serving: worker-2#1 restarting, worker-3#1 cooling down");
    }

    @Test
    void everyReaderCoolingDownIsDownButRestartingOnlyDegraded() {
        PoolHealth down = health(workers("IDLE", null, "FAILED", "FAILED"));
        assertThat(down.status()).isEqualTo(Status.DOWN);
        assertThat(down.reason()).isEqualTo("2 of 2 readers not serving: worker-1#1 cooling down, worker-2#1 cooling down");
        assertThat(health(workers("IDLE", null, "FAILED", "BACKOFF")).status())
                .as("one of them comes back soon").isEqualTo(Status.DEGRADED);
    }

    @Test
    void standbyNotReadyIsDegraded() {
        PoolHealth h = health(workers("IDLE", "STARTING", "IDLE"));
        assertThat(h.status()).isEqualTo(Status.DEGRADED);
        assertThat(h.reason()).isEqualTo("standby writer worker-2#1 starting");
    }

    @Test
    void queueFromEightyPercentOfMaxQueuedIsDegraded() {
        List<WorkerInfo> all = workers("BUSY", null, "BUSY");
        assertThat(PoolHealth.of(false, stats(79, 0), all, MAX_QUEUED).status()).isEqualTo(Status.UP);
        PoolHealth h = PoolHealth.of(false, stats(80, 0), all, MAX_QUEUED);
        assertThat(h.status()).isEqualTo(Status.DEGRADED);
        assertThat(h.reason()).isEqualTo("80 requests queued, maxQueued 100");
        assertThat(PoolHealth.of(false, stats(0, 0), all, 0).status()).as("maxQueued 0: nothing ever queues")
                .isEqualTo(Status.UP);
    }

    @Test
    void quarantinedStatementsAreDegraded() {
        PoolHealth h = PoolHealth.of(false, stats(0, 2), workers("IDLE", null, "IDLE"), MAX_QUEUED);
        assertThat(h.status()).isEqualTo(Status.DEGRADED);
        assertThat(h.reason()).isEqualTo("2 statements quarantined");
    }

    @Test
    void downNamesItsCauseFirstThenWhatIsDegraded() {
        PoolHealth h = PoolHealth.of(false, stats(0, 1), workers("FAILED", null, "IDLE", "BACKOFF"), MAX_QUEUED);
        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.reason()).isEqualTo("writer worker-0#1 cooling down, no standby writer ready; "
                + "1 of 2 readers not serving: worker-2#1 restarting; 1 statement quarantined");
        assertThat(h.stats().quarantined()).isEqualTo(1);
    }
}
