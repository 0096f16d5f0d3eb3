package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.litestream.Litestream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vecbox replicate}: a primary written through stdin, replicated to a {@code file://} replica. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicateIT {
    @TempDir
    Path dir;

    @Test
    @EnabledIf(value = "io.vecbox.litestream.LitestreamBinary#isAvailable", disabledReason = "no Litestream for this platform: set -Dvecbox.litestream")
    void scriptOnStdinIsWrittenAndEveryWriteReachesTheReplicaByTheEnd() throws Exception {
        String url = dir.resolve("replica").toUri().toString();
        String script = String.join("\n",
                "create table notes(id integer primary key, body text);",
                "create virtual table items using vec0(embedding float[2]);",
                "insert into notes(body) with recursive c(x) as (select 1 union all select x + 1 from c where x < 500) select 'note ' || x from c;",
                "insert into items(rowid, embedding) values (7, '[1, 2]');",
                "select count(*) as n from notes;",
                "");

        Cli.Result r = Cli.runWithInput(script, "replicate", "--db", dir.resolve("app.db").toString(), "--to", url);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString())
                .contains("note: created a new database")
                .contains("vecbox: replicating " + dir.resolve("app.db") + " to " + url)
                .contains("vecbox: synced, replica at ")
                .contains("vecbox: stopped replicating");
        assertThat(r.out()).as(r.toString()).containsPattern("n\\R-+\\R *500\\R");

        Path copy = dir.resolve("copy.db");
        Litestream.restore(url, copy, Duration.ofSeconds(60));
        Cli.Result q = Cli.run("query", "--db", copy.toString(), "--format", "csv",
                "select (select count(*) from notes), (select count(*) from items), (select body from notes where id = 500)");
        assertThat(q.exit()).as(q.toString()).isZero();
        assertThat(q.out()).as(q.toString()).contains("500,1,note 500");
    }

    @Test
    void aReplicaUrlWithoutSchemeIsAUsageError() throws Exception {
        Cli.Result r = Cli.run("replicate", "--db", dir.resolve("app.db").toString(), "--to", "/tmp/replica");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--to must be a replica URL");
    }
}
