package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader SIGKILLed: the next read goes to another live reader at once, without waiting for the
 * restart, and the restarted reader (which warms up before it takes requests) serves again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReaderFailoverIT {
    @TempDir
    Path dir;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private final WorkerPoolListener listener = new WorkerPoolListener() {
        @Override
        public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
            events.add("started " + worker);
        }

        @Override
        public void workerLost(String pool, String worker, long pid, String reason) {
            events.add("lost " + worker);
        }
    };

    private void await(String event) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event.equals(e)) {
                return;
            }
            seen.add(e);
        }
        throw new AssertionError("no '" + event + "'; saw " + seen);
    }

    private static long pidOf(WorkerPool pool, String name) {
        return pool.workers().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow().pid();
    }

    @Test
    void nextReadAfterAReaderIsKilledGoesToTheOtherReaderWithoutWaitingForTheRestart() throws Exception {
        RestartPolicy noRestartSoon = RestartPolicy.builder().initialBackoff(Duration.ofMinutes(5))
                .maxBackoff(Duration.ofMinutes(5)).build();
        try (WorkerPool pool = Pools.builder(dir, "reader-failover").readers(2).restartPolicy(noRestartSoon)
                .listener(listener).build()) {
            pool.execute("create table t(id integer primary key)");
            pool.execute("insert into t values (1)");
            ProcessHandle.of(pidOf(pool, "worker-1#1")).orElseThrow().destroyForcibly();
            await("lost worker-1#1");
            for (int i = 0; i < 3; i++) {
                assertThat(pool.query("select id from t").worker()).as("read %d", i).isEqualTo("worker-2#1");
            }
            assertThat(pool.workers().get(1).state()).as("the killed reader waits out its backoff")
                    .isEqualTo("BACKOFF");
        }
    }

    @Test
    void restartedReaderWarmsUpAndServes() throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "reader-restart").readers(2).listener(listener).build()) {
            pool.execute("create table t(id integer primary key)");
            pool.execute("insert into t values (1)");
            // What a restarted worker runs before it takes requests must pass the default statement gate.
            assertThat(pool.query("select ?, ?, ?, ?, count(*) from sqlite_schema", 1L, 1.5d, "warm-up",
                    new byte[] {1, 2, 3, 4}).rows().get(0).getLong(4)).isEqualTo(1L);
            ProcessHandle.of(pidOf(pool, "worker-1#1")).orElseThrow().destroyForcibly();
            await("started worker-1#2");
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                QueryResult r = pool.query("select id from t");
                assertThat(r.rows().get(0).getLong(0)).isEqualTo(1L);
                served.add(r.worker());
            }
            assertThat(served).containsExactlyInAnyOrder("worker-1#2", "worker-2#1");
            assertThat(pool.stats().failed()).isZero();
        }
    }
}
