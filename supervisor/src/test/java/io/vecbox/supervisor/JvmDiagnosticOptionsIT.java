package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary JVM diagnostics in {@code jvmOptions}: the JVM prints them on a worker's stdout, which
 * carries the protocol. What it prints before the worker's {@code main} is skipped (and logged);
 * logging options that would print there while frames flow run with stderr as their output.
 */
class JvmDiagnosticOptionsIT {
    /** A query whose answer (about 3 MB) makes the worker's small young generation collect. */
    private static final String ALLOCATING_QUERY = "with recursive c(x) as (select 1 union all select x + 1 from c "
            + "where x < 6000) select x, printf('%0500d', x) from c";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void flightRecordingGivesAWorkingPoolAndOneRecordingPerWorker() throws Exception {
        Path recordings = Files.createDirectory(dir.resolve("recordings"));
        List<Long> pids = new ArrayList<>();
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "jfr").readers(1)
                     .jvmOptions(List.of(Pools.FAULTS, "-XX:StartFlightRecording=filename=" + recordings)).build()) {
            pool.execute("create table t(x)");
            pool.execute("insert into t values (42)");
            assertThat(pool.query("select x from t").rows().get(0).getLong(0)).isEqualTo(42);
            assertThat(pool.stats().crashes()).isZero();
            pool.workers().forEach(w -> pids.add(w.pid()));
            assertThat(log.lines("INFO")).as("what the JVM printed before main reaches the log")
                    .anySatisfy(line -> assertThat(line).contains("stdout before start").contains("Started recording"));
        }
        assertThat(pids).hasSize(2);
        for (long pid : pids) {
            List<Path> files;
            try (Stream<Path> s = Files.list(recordings)) {
                files = s.filter(p -> p.getFileName().toString().startsWith("hotspot-pid-" + pid + "-")).toList();
            }
            assertThat(files).as("the recording of worker pid %d", pid).hasSize(1);
            assertThat(RecordingFile.readAllEvents(files.get(0))).as("events of pid %d", pid).isNotEmpty();
        }
    }

    @Test
    @Timeout(180)
    void textTheLauncherPrintsBeforeMainIsSkippedAndLogged() {
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "show-version").readers(1)
                     .jvmOptions(List.of(Pools.FAULTS, "--show-version")).build()) {
            assertThat(pool.query("select 7").rows().get(0).getLong(0)).isEqualTo(7);
            assertThat(pool.stats().crashes()).isZero();
            assertThat(log.lines("INFO")).anySatisfy(line -> assertThat(line).contains("stdout before start")
                    .contains(System.getProperty("java.version")));
        }
    }

    @Test
    @Timeout(180)
    void gcLoggingWithoutAnOutputRunsWithStderrAndThePoolKeepsAnswering() {
        try (WorkerPool pool = Pools.builder(dir, "gc-log").readers(1)
                .jvmOptions(List.of(Pools.FAULTS, "-verbose:gc", "-Xlog:gc+heap=debug", "-XX:+PrintGCDetails"))
                .build()) {
            for (int i = 0; i < 4; i++) {
                assertThat(pool.query(ALLOCATING_QUERY).rows()).hasSize(6000);
            }
            assertThat(pool.stats().crashes()).as("no worker lost to a GC line on its stdout").isZero();
            for (WorkerInfo w : pool.workers()) {
                List<String> args = List.of(ProcessHandle.of(w.pid()).orElseThrow().info().arguments().orElseThrow());
                assertThat(args).as(w.name()).contains("-Xlog:gc:stderr", "-Xlog:gc+heap=debug:stderr", "-Xlog:gc*:stderr")
                        .doesNotContain("-verbose:gc", "-Xlog:gc+heap=debug", "-XX:+PrintGCDetails");
            }
        }
    }

    @Test
    @Timeout(180)
    void unifiedLoggingToStdoutRunsWithStderrAndThePoolKeepsAnswering() {
        try (WorkerPool pool = Pools.builder(dir, "xlog-stdout").readers(1)
                .jvmOptions(List.of(Pools.FAULTS, "-Xlog:gc*=info:stdout:uptime,pid", "-Xlog:safepoint"))
                .build()) {
            for (int i = 0; i < 4; i++) {
                assertThat(pool.query(ALLOCATING_QUERY).rows()).hasSize(6000);
            }
            assertThat(pool.stats().crashes()).isZero();
        }
    }

    @Test
    @Timeout(180)
    void flagDumpsCompilationLogsAndClassDataWarningsKeepThePoolWorking() {
        // PrintFlagsFinal and PrintCompilation print through the JVM's own output (stderr with
        // DisplayVMOutputToStderr); -Xlog:cds is unified logging, which runs with stderr as output.
        try (WorkerPool pool = Pools.builder(dir, "jvm-output").readers(1).classDataSharing(false)
                .jvmOptions(List.of(Pools.FAULTS, "-XX:+PrintFlagsFinal", "-XX:+PrintCompilation", "-Xshare:auto",
                        "-XX:SharedArchiveFile=" + dir.resolve("missing.jsa"), "-Xlog:cds"))
                .build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(pool.query(ALLOCATING_QUERY).rows()).hasSize(6000);
            }
            assertThat(pool.stats().crashes()).isZero();
            for (WorkerInfo w : pool.workers()) {
                assertThat(ProcessHandle.of(w.pid()).orElseThrow().info().arguments().orElseThrow())
                        .as(w.name()).contains("-Xlog:cds:stderr", "-XX:+PrintCompilation");
            }
        }
    }

    @Test
    @Timeout(180)
    void loggingToStdoutThatThePoolDoesNotSeeLosesTheWorkerWithAMessageThatSaysTextNotAFrame() throws Exception {
        // The JVM reads the options file itself: the pool cannot give its -Xlog an output. (JAVA_TOOL_OPTIONS
        // and JDK_JAVA_OPTIONS come before the pool's -Xlog:disable, which turns their logging off.)
        Path optionsFile = Files.writeString(dir.resolve("worker.options"), "-Xlog:gc\n");
        WorkerPool.Builder builder = Pools.builder(dir, "options-file").readers(1)
                .jvmOptions(List.of(Pools.FAULTS, "-XX:VMOptionsFile=" + optionsFile));
        try (Pools.LogCapture log = new Pools.LogCapture()) {
            WorkerPool pool;
            try {
                pool = builder.build();
            } catch (WorkerStartException e) {
                // The usual case: the worker's first collection comes while it starts, after its marker.
                assertThat(e.getMessage()).contains("failed to start: protocol violation").contains("text, not a frame");
                assertThat(e.stderrTail()).as("the line before main").contains("(stdout) [").contains("[gc] Using");
                return;
            }
            try (pool) {
                Throwable e = catchThrowable(() -> pool.query(ALLOCATING_QUERY));
                assertThat(e).isInstanceOf(WorkerPoolException.class);
                assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line)
                        .contains("killed by the pool for breaking the protocol").contains("text, not a frame"));
            }
        }
    }

    @Test
    void optionsThatSendTheJvmsOwnOutputToStdoutAreRefusedWhenSet() {
        for (String option : List.of("-XX:+DisplayVMOutputToStdout", "-XX:-DisplayVMOutputToStderr")) {
            assertThatThrownBy(() -> WorkerPool.builder().jvmOptions(List.of("-Xmx1g", option)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jvmOptions")
                    .hasMessageContaining(option)
                    .hasMessageContaining("stdout");
        }
    }
}
