package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal's Ctrl-C (SIGINT) or Ctrl-\ (SIGQUIT) reaches every process of the foreground
 * group, workers included; the host decides when its pool closes, so workers must not die of it.
 *
 * <p>A JVM started in the background (CI, Maven's forked test JVM) inherits SIGINT as ignored and
 * passes that on, which would hide the bug: the workers run under {@code env
 * --default-signal=INT,QUIT} (GNU coreutils 8.31 or later), which resets both to their default
 * action and then execs the worker's {@code java}, so its pid is the worker's.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerSignalsIT {
    private static final List<String> DEFAULT_SIGNALS = List.of("env", "--default-signal=INT,QUIT");
    private static final long SURVIVAL_WAIT_MILLIS = 3000;

    @TempDir
    Path dir;

    @Test
    void sigintFromATerminalDoesNotKillWorkers() throws Exception {
        assertWorkersSurvive("INT");
    }

    @Test
    void sigquitFromATerminalDoesNotKillWorkers() throws Exception {
        assertWorkersSurvive("QUIT");
    }

    private void assertWorkersSurvive(String signal) throws Exception {
        try (WorkerPool pool = Pools.builder(dir, "sig" + signal.toLowerCase()).readers(1)
                .commandPrefix(DEFAULT_SIGNALS).build()) {
            pool.execute("create table t(x)");
            List<WorkerInfo> before = pool.workers();
            assertThat(before).hasSize(2);
            for (WorkerInfo w : before) {
                kill(signal, w.pid());
            }
            for (WorkerInfo w : before) {
                CompletableFuture<ProcessHandle> exit = ProcessHandle.of(w.pid()).orElseThrow().onExit();
                assertThat(completesWithin(exit, SURVIVAL_WAIT_MILLIS))
                        .as("%s exited after SIG%s", w.name(), signal).isFalse();
            }
            assertThat(pool.workers()).as("same workers, same generations").isEqualTo(before);
            pool.execute("insert into t values (42)");
            assertThat(pool.query("select x from t").rows().get(0).getLong(0)).isEqualTo(42);
            assertThat(pool.stats().crashes()).isZero();
            assertThat(pool.stats().restarts()).isZero();
        }
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
    }

    private static boolean completesWithin(CompletableFuture<?> future, long millis) throws Exception {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
