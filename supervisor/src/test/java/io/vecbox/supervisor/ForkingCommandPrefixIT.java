package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command prefix that forks instead of exec'ing ({@code timeout 600} stays as the parent of the
 * worker JVM): the pool used to show the wrapper's pid, and a kill at the deadline killed only the
 * wrapper, leaving the worker behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForkingCommandPrefixIT {
    private static final List<String> FORKING = List.of("timeout", "600");
    /**
     * Forks too, but leaves the worker in the test's process group. (Plain {@code timeout} makes a
     * group of its own; killed, it leaves that group orphaned, and the kernel then sends its stopped
     * members SIGHUP and SIGCONT, which ends the worker anyway.)
     */
    private static final List<String> FORKING_SAME_GROUP = List.of("timeout", "--foreground", "600");

    @TempDir
    Path dir;

    private static List<String> forkWarnings(Pools.LogCapture log) {
        return log.lines("WARN").stream().filter(l -> l.contains("forks")).toList();
    }

    private static String command(ProcessHandle h) {
        return h.info().command().orElse("?");
    }

    @Test
    void workersShowTheWorkerJvmsPidAndTheForkingPrefixIsReportedOnce() {
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "forking").readers(2).commandPrefix(FORKING).build()) {
            for (WorkerInfo w : pool.workers()) {
                ProcessHandle worker = ProcessHandle.of(w.pid()).orElseThrow();
                assertThat(command(worker)).as(w.name()).endsWith("/java");
                assertThat(worker.parent().map(ForkingCommandPrefixIT::command).orElse("?")).as(w.name())
                        .endsWith("timeout");
            }
            List<String> warnings = forkWarnings(log);
            assertThat(warnings).as("once per pool, not per worker").hasSize(1);
            assertThat(warnings.get(0)).contains("forking - ").contains("timeout 600").contains("exec");
            assertThat(pool.query("select 12").rows().get(0).getLong(0)).isEqualTo(12);
        }
    }

    @Test
    void aDeadlineKillThroughAForkingPrefixKillsTheWorkerJvm() throws Exception {
        CountDownLatch restarted = new CountDownLatch(1);
        List<ProcessHandle> stopped = new ArrayList<>();
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "forking-kill").readers(1).commandPrefix(FORKING_SAME_GROUP)
                     .queryTimeout(Duration.ofMillis(500)).killGracePeriod(Duration.ofMillis(300))
                     .listener(new WorkerPoolListener() {
                         @Override
                         public void workerStarted(String p, String worker, long pid, Duration startupTime) {
                             if (worker.equals("worker-1#2")) {
                                 restarted.countDown();
                             }
                         }
                     }).build()) {
            long pid = Pools.pidOf(pool, "IDLE", "reader");
            ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
            stopped.add(worker);
            // Stopped, it cannot even exit at the end of its stdin: only a kill of its own ends it.
            stop(pid);
            QueryTimeoutException e = catchThrowableOfType(() -> pool.query("select 13"), QueryTimeoutException.class);
            assertThat(e).isNotNull();
            assertThat(e.workerKilled()).isTrue();
            worker.onExit().get(10, TimeUnit.SECONDS);
            assertThat(worker.isAlive()).isFalse();

            assertThat(restarted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.query("select 14").rows().get(0).getLong(0)).isEqualTo(14);
            assertThat(Pools.pidOf(pool, "IDLE", "reader")).isNotEqualTo(pid);
            assertThat(forkWarnings(log)).as("still once per pool after a restart").hasSize(1);
        } finally {
            stopped.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void stop(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
