package io.vecbox.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerPoolException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event-driven meters without a pool: listener calls in, meters and tags out. */
class PoolMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PoolMeters meters = new PoolMeters(registry, "p");

    private static WorkerLoss loss(WorkerLoss.Cause cause, String signal) {
        return new WorkerLoss("worker-1#1", "reader", 7, cause, signal == null ? 1 : 137, signal, false, "lost");
    }

    private long vecboxMeters() {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("vecbox.")).count();
    }

    @Test
    void requestsAreTimedByKindAndOutcome() {
        meters.requestCompleted("p", "query", Duration.ofMillis(3), null);
        meters.requestCompleted("p", "query", Duration.ofMillis(5), null);
        meters.requestCompleted("p", "query", Duration.ofMillis(7),
                new QueryFailedException("no such table", 1, "worker-1#1", Duration.ofMillis(7), 1, "SQL_ERROR"));
        meters.requestCompleted("p", "execute", Duration.ofMillis(2), null);

        Timer ok = registry.get("vecbox.requests").tags("pool", "p", "kind", "query", "outcome", "success").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8.0);
        assertThat(registry.get("vecbox.requests").tags("kind", "query", "outcome", "sql-error").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("vecbox.requests").tags("kind", "execute", "outcome", "success").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("vecbox.requests").timers()).hasSize(3);
    }

    @Test
    void outcomesNameTheFailureKind() {
        assertThat(Outcome.of(null)).isEqualTo("success");
        assertThat(Outcome.of(new QueryTimeoutException("t", 1, "w", Duration.ZERO, Duration.ofSeconds(1), false,
                false))).isEqualTo("timeout");
        assertThat(Outcome.of(new PoolOverloadedException("o", 5))).isEqualTo("overloaded");
        assertThat(Outcome.of(new AcquireTimeoutException("a", Duration.ofSeconds(1)))).isEqualTo("acquire-timeout");
        assertThat(Outcome.of(new PoolClosedException("c"))).isEqualTo("closed");
        assertThat(Outcome.of(new WorkerPoolException("x"))).isEqualTo("other");
    }

    @Test
    void crashesAreCountedByCauseAndSignal() {
        meters.workerLost("p", loss(WorkerLoss.Cause.CRASH, "SIGSEGV"));
        meters.workerLost("p", loss(WorkerLoss.Cause.CRASH, "SIGSEGV"));
        meters.workerLost("p", loss(WorkerLoss.Cause.CRASH, null));
        meters.workerLost("p", loss(WorkerLoss.Cause.PROTOCOL_VIOLATION, "SIGKILL"));

        assertThat(registry.get("vecbox.workers.crashes").tags("pool", "p", "cause", "crash", "signal", "SIGSEGV")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("vecbox.workers.crashes").tags("cause", "crash", "signal", "none").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("vecbox.workers.crashes").tags("cause", "protocol-violation", "signal", "SIGKILL")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void lifecycleEventsAreCountedFromZero() {
        assertThat(registry.get("vecbox.workers.promotions").counter().count()).as("registered at once").isZero();
        meters.workerStarted("p", "worker-1#2", 9, Duration.ofMillis(250));
        meters.standbyPromoted("p", "worker-3#1", "worker-0#1");
        meters.workerCoolingDown("p", "worker-2", Duration.ofSeconds(30), "exit 1");
        assertThat(registry.get("vecbox.workers.startup").timer().count()).isEqualTo(1);
        assertThat(registry.get("vecbox.workers.promotions").counter().count()).isEqualTo(1);
        assertThat(registry.get("vecbox.workers.cooldowns").counter().count()).isEqualTo(1);
    }

    @Test
    void closedPoolRemovesItsMetersAndRegistersNoMore() {
        meters.requestCompleted("p", "query", Duration.ofMillis(3), null);
        meters.workerLost("p", loss(WorkerLoss.Cause.CRASH, "SIGKILL"));
        registry.counter("other.meter");
        assertThat(vecboxMeters()).isEqualTo(5);

        meters.poolClosed("p");
        assertThat(vecboxMeters()).isZero();
        assertThat(registry.find("other.meter").counter()).as("not ours").isNotNull();

        meters.requestCompleted("p", "query", Duration.ofMillis(3), new PoolClosedException("closed"));
        meters.workerLost("p", loss(WorkerLoss.Cause.CRASH, "SIGABRT"));
        Meter late = meters.add(registry.counter("vecbox.late", "pool", "p"));
        assertThat(late).isNotNull();
        assertThat(vecboxMeters()).as("a late event registers nothing").isZero();
    }

    @Test
    void aPoolBuiltAgainUnderTheSameNameCountsAfresh() {
        meters.workerStarted("p", "worker-1#2", 9, Duration.ofMillis(250));
        meters.poolClosed("p");
        PoolMeters again = new PoolMeters(registry, "p");
        again.workerStarted("p", "worker-1#1", 10, Duration.ofMillis(200));
        assertThat(registry.get("vecbox.workers.startup").tags("pool", "p").timer().count())
                .as("not the closed pool's timer").isEqualTo(1);
    }
}
