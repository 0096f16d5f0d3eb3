package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners added to a running pool hear its events beside the builder's listener; a loss arrives with
 * its cause, exit code and signal as fields; a closed pool says so once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolListenersIT {
    @TempDir
    Path dir;

    @Test
    void addedListenerHearsAStructuredLossBesideTheBuildersListener() throws Exception {
        PoolEvents builders = new PoolEvents(); // overrides the four-argument workerLost only
        LinkedBlockingQueue<WorkerLoss> losses = new LinkedBlockingQueue<>();
        List<String> closed = new CopyOnWriteArrayList<>();
        List<String> removedHeard = new CopyOnWriteArrayList<>();
        WorkerPoolListener added = new WorkerPoolListener() {
            @Override
            public void workerLost(String pool, WorkerLoss loss) {
                losses.add(loss);
            }

            @Override
            public void poolClosed(String pool) {
                closed.add(pool);
            }
        };
        WorkerPoolListener removed = new WorkerPoolListener() {
            @Override
            public void workerLost(String pool, WorkerLoss loss) {
                removedHeard.add(loss.worker());
            }

            @Override
            public void poolClosed(String pool) {
                removedHeard.add("closed");
            }
        };
        try (WorkerPool pool = Pools.builder(dir, "listeners").readers(1).listener(builders).build()) {
            pool.addListener(added);
            pool.addListener(removed);
            assertThat(pool.removeListener(removed)).isTrue();

            long pid = Pools.pidOf(pool, "IDLE", "reader");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            WorkerLoss loss = losses.poll(60, TimeUnit.SECONDS);
            assertThat(loss).isNotNull();
            assertThat(loss.worker()).isEqualTo("worker-1#1");
            assertThat(loss.role()).isEqualTo("reader");
            assertThat(loss.pid()).isEqualTo(pid);
            assertThat(loss.cause()).isEqualTo(WorkerLoss.Cause.CRASH);
            assertThat(loss.exitCode()).isEqualTo(137);
            assertThat(loss.signal()).isEqualTo("SIGKILL");
            assertThat(loss.killedByPool()).isFalse();
            assertThat(loss.reason()).contains("signal SIGKILL").contains("killed from outside the pool");
            builders.await("lost worker-1#1");
            assertThat(pool.isClosed()).isFalse();
        }
        assertThat(closed).containsExactly("listeners");
        assertThat(removedHeard).as("removed before anything happened").isEmpty();
    }
}
