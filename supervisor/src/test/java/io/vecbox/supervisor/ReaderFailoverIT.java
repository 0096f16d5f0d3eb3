package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
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

    private final PoolEvents listener = new PoolEvents();

    private void await(String event) throws InterruptedException {
        listener.await(event);
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
