package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Policies other than the default, and the process layer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxPolicyIT {
    @TempDir
    Path dir;

    @Test
    void trustedPolicyTurnsTheGateOffButReadersStayReadOnly() {
        try (WorkerPool pool = WorkerPool.builder().name("trusted").database(dir.resolve("t.db")).readers(1)
                .sandbox(SandboxPolicy.trusted()).crashLogDirectory(dir.resolve("crash")).build()) {
            pool.execute("create table t(x)");
            assertThat(pool.query("select * from pragma_database_list").size()).isEqualTo(1);
            assertThatThrownBy(() -> pool.query("insert into t values (1)"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("readonly");
            assertThat(pool.query("select 1; ").size()).isEqualTo(1);
        }
    }

    @Test
    void aLoosenedPolicyAllowsWhatItNames() {
        SandboxPolicy policy = SandboxPolicy.builder().allowPragmaFunction("pragma_database_list")
                .limit(SqliteLimit.COLUMN, 500).build();
        try (WorkerPool pool = WorkerPool.builder().name("loose").database(dir.resolve("l.db")).readers(1)
                .sandbox(policy).crashLogDirectory(dir.resolve("crash")).build()) {
            assertThat(pool.query("select file from pragma_database_list").rows().get(0).getString(0))
                    .endsWith("l.db");
            assertThat(pool.query("select " + "1, ".repeat(300) + "1").columns()).hasSize(301);
            SandboxViolationException e = (SandboxViolationException) org.assertj.core.api.Assertions
                    .catchThrowable(() -> pool.query("delete from x"));
            assertThat(e.rule()).isEqualTo("write");
            assertThat(e.requestId()).as("denied before reaching a worker").isEqualTo(-1);
            assertThat(e.getMessage()).contains("execute()");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void workersGetOnlyTheEnvironmentTheyAreGiven() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().name("env").database(dir.resolve("e.db")).readers(1)
                .environment(Map.of("VECBOX_TEST_ONLY", "yes")).crashLogDirectory(dir.resolve("crash")).build()) {
            for (WorkerInfo w : pool.workers()) {
                String environ = new String(Files.readAllBytes(Path.of("/proc/" + w.pid() + "/environ")),
                        StandardCharsets.UTF_8);
                assertThat(environ.split("\0")).containsExactly("VECBOX_TEST_ONLY=yes");
            }
        }
    }

    /**
     * The README's worked example: prlimit caps each worker's address space and CPU time. The
     * JVM reserves address space up front (heap, class space, code cache), so the example also
     * trims those reservations.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void prlimitAsCommandPrefixCapsAddressSpaceAndCpuTime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "prlimit (util-linux) is not installed");
        try (WorkerPool pool = WorkerPool.builder().name("prlimit").database(dir.resolve("p.db")).readers(1)
                .commandPrefix(List.of("prlimit", "--as=2147483648", "--cpu=600"))
                .jvmOptions(List.of("-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=64m"))
                .crashLogDirectory(dir.resolve("crash")).build()) {
            pool.execute("create table t(x)");
            assertThat(pool.query("select count(*) from t").rows().get(0).getLong(0)).isZero();
            for (WorkerInfo w : pool.workers()) {
                List<String> limits = Files.readAllLines(Path.of("/proc/" + w.pid() + "/limits"));
                assertThat(limits).anySatisfy(l -> assertThat(l).startsWith("Max address space")
                        .contains("2147483648"));
                assertThat(limits).anySatisfy(l -> assertThat(l).startsWith("Max cpu time").contains("600"));
            }
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aWorkerPastItsCpuTimeLimitDiesAndTheHostOnlySeesAnException() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "prlimit (util-linux) is not installed");
        try (WorkerPool pool = WorkerPool.builder().name("cpu").database(dir.resolve("c.db")).readers(1)
                .commandPrefix(List.of("prlimit", "--cpu=3"))
                .jvmOptions(List.of(Pools.FAULTS))
                .queryTimeout(java.time.Duration.ofSeconds(60))
                .crashLogDirectory(dir.resolve("crash")).build()) {
            WorkerCrashedException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> pool.query("select vecbox_fault('spin')"), WorkerCrashedException.class);
            assertThat(e).isNotNull();
            assertThat(e.signal()).hasValueSatisfying(s -> assertThat(s).isIn("SIGXCPU", "SIGKILL"));
            assertThat(pool.execute("create table still_here(x)").changes()).isZero();
        }
    }
}
