package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoCrashesAWorkerStopsARunawayQueryAndExitsZero() throws Exception {
        Cli.Result r = Cli.run("demo", "--rows", "2000", "--dim", "16", "--readers", "1", "--queries", "40",
                "--db", dir.resolve("demo.db").toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("-> WorkerCrashedException")
                .contains("-> QueryQuarantinedException")
                .contains("-> QueryTimeoutException")
                .contains("restarted  worker-1#")
                .contains("next KNN query for item")
                .contains("correct    40 of 40")
                .contains("-> SandboxViolationException, rule attach")
                .contains("-> SandboxViolationException, rule vacuum")
                .contains("-> SandboxViolationException, rule write")
                .contains("-> SandboxViolationException, rule single-statement")
                .contains("-> SandboxViolationException, rule function")
                .contains("and no file appeared")
                .containsPattern("All \\d+ checks passed");
        // the supervisor's own WARN line, printed by logback on stderr
        assertThat(r.err()).as(r.toString()).containsPattern("WARN +pool.crashes - demo - worker-1#\\d+ lost: crashed with SIGSEGV while running "
                + "query #\\d+; pid \\d+, "
                + "exit \\d+, signal SIGSEGV");
        assertThat(dir.resolve("demo.db")).exists();
    }

    @Test
    void demoRefusesAnExistingDatabase() throws Exception {
        Path db = dir.resolve("exists.db");
        java.nio.file.Files.writeString(db, "");

        Cli.Result r = Cli.run("demo", "--db", db.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("vecbox: error: --db must name a new file");
    }
}
