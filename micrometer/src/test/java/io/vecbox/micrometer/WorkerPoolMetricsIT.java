package io.vecbox.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.RestartPolicy;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binder on a real pool: queries that succeed, fail, time out and crash workers, a reader
 * SIGKILLed from outside; the meters' values and tags afterwards, and none left once the pool closed.
 * The host's own listener keeps hearing everything.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkerPoolMetricsIT {
    private static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x + 1 from c) "
            + "select count(*) from c";

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The stats snapshot's clock: moved a minute on before each gauge read, so each read is fresh. */
    private final AtomicLong clock = new AtomicLong();

    private double gauge(String name, String... tags) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(1));
        return registry.get(name).tags("pool", "metrics").tags(tags).gauge().value();
    }

    private double functionCounter(String name) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(1));
        return registry.get(name).tags("pool", "metrics").functionCounter().count();
    }

    private long requests(String kind, String outcome) {
        return registry.get("vecbox.requests").tags("pool", "metrics", "kind", kind, "outcome", outcome).timer()
                .count();
    }

    private double crashes(String cause, String signal) {
        return registry.get("vecbox.workers.crashes").tags("pool", "metrics", "cause", cause, "signal", signal)
                .counter().count();
    }

    private static long vecboxMeters(MeterRegistry registry) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("vecbox.")).count();
    }

    @Test
    void metersFollowRequestsFailuresTimeoutsAndCrashes() throws Exception {
        AtomicInteger hostHeardRequests = new AtomicInteger();
        AtomicInteger hostHeardLosses = new AtomicInteger();
        WorkerPoolListener host = new WorkerPoolListener() {
            @Override
            public void requestCompleted(String pool, String kind, Duration elapsed, WorkerPoolException failure) {
                hostHeardRequests.incrementAndGet();
            }

            @Override
            public void workerLost(String pool, String worker, long pid, String reason) {
                hostHeardLosses.incrementAndGet();
            }
        };
        Events events = new Events();
        Gauge idle;
        // A backoff of seconds holds the SIGKILLed reader out long enough to see it unavailable.
        RestartPolicy slowRestart = RestartPolicy.builder().initialBackoff(Duration.ofSeconds(3))
                .maxBackoff(Duration.ofSeconds(3)).build();
        WorkerPool pool = WorkerPool.builder().name("metrics").database(dir.resolve("metrics.db")).readers(2)
                .queryTimeout(Duration.ofSeconds(1)).killGracePeriod(Duration.ofMillis(500))
                .crashLogDirectory(dir.resolve("crash-logs")).restartPolicy(slowRestart)
                .jvmOptions(List.of("-Dvecbox.testFaults=true")).listener(host).build();
        try (pool) {
            WorkerPoolMetrics metrics = new WorkerPoolMetrics(pool, clock::get);
            metrics.bindTo(registry);
            metrics.bindTo(registry); // ignored: one listener per registry, or every count below would double
            pool.addListener(events); // after the binder: a fence for its meters
            idle = registry.get("vecbox.workers").tags("pool", "metrics", "state", "idle").gauge();

            assertThat(gauge("vecbox.workers", "state", "idle")).isEqualTo(3);
            assertThat(gauge("vecbox.workers", "state", "busy")).isZero();
            assertThat(gauge("vecbox.workers", "state", "unavailable")).isZero();
            assertThat(gauge("vecbox.requests.queued")).isZero();

            pool.execute("create table t(x)");
            events.await("execute success");
            for (int i = 0; i < 3; i++) {
                pool.query("select ?", i);
                events.await("query success");
            }
            assertThatThrownBy(() -> pool.query("select * from missing")).isInstanceOf(QueryFailedException.class);
            events.await("query sql-error");
            assertThatThrownBy(() -> pool.query(RUNAWAY)).isInstanceOf(QueryTimeoutException.class);
            events.await("query timeout");

            long victim = pool.workers().stream().filter(w -> w.name().equals("worker-1#1"))
                    .mapToLong(WorkerInfo::pid).findFirst().orElseThrow();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            events.await("lost worker-1#1");
            assertThat(gauge("vecbox.workers", "state", "unavailable")).as("in its restart backoff").isEqualTo(1);
            assertThat(gauge("vecbox.workers", "state", "idle")).isEqualTo(2);
            events.awaitStarts(1);

            // Crashes its reader, is retried on the replacement, crashes it too: quarantined.
            assertThatThrownBy(() -> pool.query("select vecbox_fault('segfault')"))
                    .isInstanceOf(WorkerCrashedException.class);
            events.await("query crashed");
            events.awaitStarts(2); // both readers it killed are back

            assertThat(requests("execute", "success")).isEqualTo(1);
            assertThat(requests("query", "success")).isEqualTo(3);
            assertThat(requests("query", "sql-error")).isEqualTo(1);
            assertThat(requests("query", "timeout")).isEqualTo(1);
            assertThat(requests("query", "crashed")).isEqualTo(1);
            assertThat(registry.get("vecbox.requests").timers()).hasSize(5);
            assertThat(crashes("crash", "SIGKILL")).isEqualTo(1);
            assertThat(crashes("crash", "SIGSEGV")).isEqualTo(2);
            assertThat(functionCounter("vecbox.workers.restarts")).isEqualTo(3);
            assertThat(functionCounter("vecbox.requests.timeouts")).isEqualTo(1);
            assertThat(registry.get("vecbox.workers.startup").tags("pool", "metrics").timer().count()).isEqualTo(3);
            assertThat(gauge("vecbox.statements.quarantined")).isEqualTo(1);
            assertThat(gauge("vecbox.workers", "state", "idle")).isEqualTo(3);

            assertThat(hostHeardRequests).as("the host's listener still hears every request").hasValue(7);
            assertThat(hostHeardLosses).hasValue(3);
        }
        assertThat(idle.value()).as("a gauge kept past the close reads nothing").isNaN();
        events.await("closed");
        assertThat(vecboxMeters(registry)).as("a closed pool's meters are removed").isZero();

        SimpleMeterRegistry late = new SimpleMeterRegistry();
        new WorkerPoolMetrics(pool).bindTo(late);
        assertThat(vecboxMeters(late)).as("a closed pool binds nothing").isZero();
    }

    @Test
    void swapsOfAReadOnlyPoolAreCounted() throws Exception {
        Path one = dir.resolve("one.db");
        try (WorkerPool writer = WorkerPool.builder().name("maker").database(one).readers(1)
                .crashLogDirectory(dir.resolve("crash-logs")).build()) {
            writer.execute("create table t(x)");
            writer.execute("insert into t values (1)");
        }
        Path two = dir.resolve("two.db");
        Files.copy(one, two);
        try (WorkerPool pool = WorkerPool.builder().name("metrics").database(one).readOnly(true).readers(1)
                .crashLogDirectory(dir.resolve("crash-logs")).build()) {
            new WorkerPoolMetrics(pool, clock::get).bindTo(registry);
            assertThat(functionCounter("vecbox.database.swaps")).isZero();
            pool.swapDatabase(two);
            pool.swapDatabase(one);
            assertThat(functionCounter("vecbox.database.swaps")).isEqualTo(2);
            assertThat(pool.query("select x from t").rows().get(0).getLong(0)).isEqualTo(1);
        }
    }
}
