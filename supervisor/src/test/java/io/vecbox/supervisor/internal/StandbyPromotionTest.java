package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StandbyPromotion} on slots moved by hand, without processes: when the standby takes
 * over, what it takes, and the duties the two writer slots end up with.
 */
@Timeout(20)
class StandbyPromotionTest {
    private final LinkedBlockingQueue<PendingRequest> sent = new LinkedBlockingQueue<>();
    private final Deadlines deadlines = new Deadlines("test");
    private final Completions completions = new Completions("test", null);
    private WorkerHandle writer;
    private WorkerHandle reader;
    private WorkerHandle standby;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() {
        PoolConfig config = new PoolConfig("test", Path.of("unused.db"), 1, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 100, 1 << 20, false, RestartPolicy.ofDefaults(),
                Duration.ZERO, List.of(), List.of(), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(10), 100,
                Duration.ZERO, Duration.ZERO, 0, Path.of("cache"), Path.of("crash"), SandboxPolicy.trusted(),
                Duration.ofSeconds(60), Duration.ofSeconds(60));
        writer = new WorkerHandle("test", 0, Role.WRITER, null);
        reader = new WorkerHandle("test", 1, Role.READER, null);
        standby = new WorkerHandle("test", 2, Role.WRITER, null);
        standby.standby = true;
        dispatcher = new Dispatcher(config, List.of(writer, reader, standby), List.of("java"),
                new Quarantine(2, 3, 1_000_000_000L, 0), deadlines, completions, (w, g, r) -> sent.add(r),
                (w, generation, reason, cause) -> { });
        locked(() -> {
            for (WorkerHandle w : List.of(writer, reader)) {
                w.moveTo(WorkerState.STARTING, "test");
                w.moveTo(WorkerState.IDLE, "test");
                dispatcher.addIdleLocked(w);
            }
            standby.moveTo(WorkerState.STARTING, "test");
        });
    }

    @AfterEach
    void stopTimer() {
        deadlines.shutdown();
    }

    private void locked(Runnable r) {
        dispatcher.lock.lock();
        try {
            r.run();
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private StandbyPromotion.Promotion promote() {
        dispatcher.lock.lock();
        try {
            return StandbyPromotion.promoteLocked(dispatcher);
        } finally {
            dispatcher.lock.unlock();
        }
    }

    private static PendingRequest write(String sql) {
        return new PendingRequest(RequestKind.EXECUTE, sql, List.of(), null, null, System.nanoTime());
    }

    /** What {@code WorkerLifecycle.lost} does to the slot before it looks for a promotion. */
    private void lose(WorkerHandle w) {
        locked(() -> {
            w.inFlight = null;
            w.moveTo(WorkerState.EXITED, "test kill");
            dispatcher.removeIdleLocked(w);
        });
    }

    @Test
    void aServingWriterIsNeverReplaced() {
        locked(() -> standby.moveTo(WorkerState.STANDBY, "ready"));
        assertThat(promote()).isNull();
        dispatcher.dispatch(write("insert 1"), false);
        assertThat(writer.inFlight).as("the writer is busy").isNotNull();
        assertThat(promote()).as("busy is serving").isNull();
        assertThat(standby.state()).isEqualTo(WorkerState.STANDBY);
        assertThat(standby.standby).isTrue();
        assertThat(writer.standby).isFalse();
    }

    @Test
    void standbyNotReadyYetIsNotPromoted() {
        lose(writer);
        assertThat(promote()).isNull();
        assertThat(writer.standby).isFalse();
        assertThat(standby.standby).isTrue();
    }

    @Test
    void lostWriterHandsTheWaitingWritesToTheStandbyAndItsSlotBecomesTheStandby() throws Exception {
        locked(() -> standby.moveTo(WorkerState.STANDBY, "ready"));
        PendingRequest running = write("insert running");
        PendingRequest waiting1 = write("insert waiting 1");
        PendingRequest waiting2 = write("insert waiting 2");
        dispatcher.dispatch(running, false);
        dispatcher.dispatch(waiting1, false);
        dispatcher.dispatch(waiting2, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(running);
        assertThat(sent).isEmpty();

        lose(writer);
        StandbyPromotion.Promotion p = promote();

        assertThat(p).isNotNull();
        assertThat(p.writer()).isSameAs(standby);
        assertThat(p.next()).as("the oldest waiting write").isSameAs(waiting1);
        assertThat(p.replaced()).isEqualTo(writer.name());
        assertThat(p.replacedSlot()).isZero();
        assertThat(p.why()).isEqualTo("was lost");
        assertThat(standby.state()).isEqualTo(WorkerState.BUSY);
        assertThat(standby.inFlight).isSameAs(waiting1);
        assertThat(standby.standby).isFalse();
        assertThat(writer.standby).as("the lost writer's slot comes back as the standby").isTrue();
        assertThat(running.future).as("the write in flight is not resent").isNotDone();
        assertThat(promote()).as("only once").isNull();
    }

    @Test
    void promotedWriterWithNothingWaitingGoesIdleAndTakesTheNextWrite() throws Exception {
        locked(() -> standby.moveTo(WorkerState.STANDBY, "ready"));
        lose(writer);
        StandbyPromotion.Promotion p = promote();
        assertThat(p.next()).isNull();
        assertThat(standby.state()).isEqualTo(WorkerState.IDLE);
        PendingRequest next = write("insert next");
        dispatcher.dispatch(next, false);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isSameAs(next);
        assertThat(standby.inFlight).isSameAs(next);
    }

    @Test
    void standbyReadyWhileTheWriterRestartsTakesOver() {
        lose(writer);
        locked(() -> {
            writer.moveTo(WorkerState.BACKOFF, "restart in 100 ms");
            standby.moveTo(WorkerState.STANDBY, "ready");
        });
        StandbyPromotion.Promotion p = promote();
        assertThat(p).isNotNull();
        assertThat(p.why()).isEqualTo("is not back yet");
        assertThat(writer.standby).isTrue();
        locked(() -> writer.moveTo(WorkerState.STARTING, "launch"));
        assertThat(writer.takesPinned()).as("the standby's slot takes no pinned request").isFalse();
    }

    @Test
    void closedPoolPromotesNothing() {
        locked(() -> standby.moveTo(WorkerState.STANDBY, "ready"));
        lose(writer);
        dispatcher.closed = true;
        assertThat(promote()).isNull();
    }

    @Test
    void workersAndStatsNameTheDutyAfterTheSwap() {
        locked(() -> standby.moveTo(WorkerState.STANDBY, "ready"));
        assertThat(dispatcher.workers()).extracting(WorkerInfo::role).containsExactly("writer", "reader", "standby");
        int[] counts = new int[7];
        locked(() -> System.arraycopy(dispatcher.countsLocked(), 0, counts, 0, 7));
        assertThat(counts[6]).as("standby").isEqualTo(1);
        lose(writer);
        promote();
        assertThat(dispatcher.workers()).extracting(WorkerInfo::role).containsExactly("standby", "reader", "writer");
        assertThat(dispatcher.workers()).extracting(WorkerInfo::state).containsExactly("EXITED", "IDLE", "IDLE");
    }
}
