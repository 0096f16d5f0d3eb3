package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vecbox replica}: queries on stdin answered from a copy restored from a {@code file://} replica. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaIT {
    @TempDir
    Path dir;

    @Test
    @EnabledIf(value = "io.vecbox.litestream.LitestreamBinary#isAvailable", disabledReason = "no Litestream for this platform: set -Dvecbox.litestream")
    void aScriptIsAnsweredFromTheRestoredCopyAndWritesAreRefused() throws Exception {
        String url = dir.resolve("replica").toUri().toString();
        Cli.Result primary = Cli.runWithInput(String.join("\n",
                "create table notes(id integer primary key, body text);",
                "insert into notes(body) with recursive c(x) as (select 1 union all select x + 1 from c where x < 300) "
                        + "select 'note ' || x from c;",
                ""), "replicate", "--db", dir.resolve("app.db").toString(), "--to", url);
        assertThat(primary.exit()).as(primary.toString()).isZero();

        Cli.Result r = Cli.runWithInput(String.join("\n",
                "select count(*) as n from notes;",
                "insert into notes(body) values ('not here');",
                "select body from notes where id = 300;",
                ""), "replica", "--from", url, "--every", "1s", "--dir", dir.resolve("copies").toString());

        assertThat(r.exit()).as("one statement failed: the write").isEqualTo(1);
        assertThat(r.out()).as(r.toString()).containsPattern("n\\R-+\\R *300\\R").contains("note 300");
        assertThat(r.err()).as(r.toString())
                .contains("vecbox: serving ")
                .containsIgnoringCase("read-only")
                .contains("1 of 3 statements failed");
    }

    @Test
    void aReplicaUrlWithoutSchemeIsAUsageError() throws Exception {
        Cli.Result r = Cli.run("replica", "--from", "/tmp/replica");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--from must be a replica URL");
    }
}
