package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real native fault of sqlite-vec 0.1.9, not injected: vec0 has no rename support, and a
 * lookup on a renamed table passes a NULL statement to SQLite, which segfaults the worker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealNativeCrashIT {
    @TempDir
    Path dir;

    @Test
    void renamedVec0TableSegfaultsReadersButNeverTheHost() {
        try (Pools.LogCapture log = new Pools.LogCapture();
             WorkerPool pool = Pools.builder(dir, "segv").jvmOptions(List.of()).build()) {
            pool.execute("create virtual table t using vec0(embedding float[4])");
            pool.execute("insert into t(rowid, embedding) values (1, '[1,2,3,4]')");
            pool.execute("create table docs(id integer primary key, title text)");
            pool.execute("insert into docs values (1, 'still here')");
            pool.execute("alter table t rename to u");

            WorkerCrashedException crash = catchThrowableOfType(
                    () -> pool.query("select rowid from u where rowid = 1"), WorkerCrashedException.class);
            assertThat(crash).as("crashed after the automatic retry").isNotNull();
            assertThat(crash.signal()).hasValue("SIGSEGV");
            assertThat(crash.crashLog()).isPresent();
            assertThat(crash.crashLog().get()).exists().startsWith(dir.resolve("crash-logs"));
            assertThat(crash.getMessage()).contains(", then ").contains("quarantined");

            QueryQuarantinedException quarantined = catchThrowableOfType(
                    () -> pool.query("select rowid from u where rowid = 1"), QueryQuarantinedException.class);
            assertThat(quarantined).isNotNull();

            assertThat(pool.query("select title from docs where id = 1").rows().get(0).getString(0))
                    .isEqualTo("still here");
            assertThat(pool.stats().crashes()).isGreaterThanOrEqualTo(2);
            assertThat(log.lines("WARN")).anySatisfy(line -> assertThat(line)
                    .contains("lost: crashed with SIGSEGV while running query #").contains("signal SIGSEGV")
                    .contains("hs_err_pid")
                    .contains("select rowid from u where rowid = 1"));
        }
    }
}
