package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.PoolHealth.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link WorkerPool#health()} on a real pool: a reader SIGKILLed and held in its restart backoff. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolHealthIT {
    @TempDir
    Path dir;

    @Test
    void readerKilledMakesThePoolDegradedUntilItsReplacementServes() throws Exception {
        PoolEvents events = new PoolEvents();
        // A backoff of seconds holds the killed reader out long enough to look at the pool.
        RestartPolicy slowRestart = RestartPolicy.builder().initialBackoff(Duration.ofSeconds(3))
                .maxBackoff(Duration.ofSeconds(3)).build();
        WorkerPool pool = Pools.builder(dir, "health").readers(2).restartPolicy(slowRestart).listener(events).build();
        try (pool) {
            assertThat(pool.health().status()).isEqualTo(Status.UP);
            assertThat(pool.health().reason()).isEqualTo("1 writer and 2 readers serving");

            long pid = pool.workers().stream().filter(w -> w.name().equals("worker-1#1")).findFirst()
                    .orElseThrow().pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            events.await("lost worker-1#1");

            PoolHealth degraded = pool.health();
            assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
            assertThat(degraded.reason()).matches("1 of 2 readers not serving: worker-1#1 (lost|restarting)");
            assertThat(pool.query("select 1").rows()).as("the other reader serves meanwhile").hasSize(1);

            events.await("started worker-1#2");
            PoolHealth up = pool.health();
            assertThat(up.status()).isEqualTo(Status.UP);
            assertThat(up.stats().crashes()).isEqualTo(1);
        }
        PoolHealth closed = pool.health();
        assertThat(closed.status()).isEqualTo(Status.DOWN);
        assertThat(closed.reason()).isEqualTo("pool is closed");
    }
}
