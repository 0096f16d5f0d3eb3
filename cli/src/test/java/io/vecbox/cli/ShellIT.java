package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellIT {
    @TempDir
    Path dir;

    @Test
    void scriptedSessionSurvivesAWorkerCrash() throws Exception {
        String script = String.join("\n",
                "create table notes(id integer primary key, body text);",
                "insert into notes(body) values ('first'), ('second; with a semicolon');",
                "select id, body",
                "  from notes order by id;",
                ".tables",
                ".schema notes",
                ".mode csv",
                "select count(*) as n from notes;",
                ".mode table",
                "create virtual table scratch using vec0(embedding float[4]);",
                "insert into scratch(rowid, embedding) values (1, '[1,2,3,4]');",
                "alter table scratch rename to scratch_renamed;",
                "select rowid from scratch_renamed where rowid = 1;",
                "select 1 as one;",
                ".stats",
                ".timeout 1s",
                "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c;",
                "select 'still here' as status;",
                ".quit",
                "select 'not reached';",
                "");

        Cli.Result r = Cli.runWithInput(script, "shell", "--db", dir.resolve("s.db").toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .contains("ok: 2 rows changed")
                .containsPattern("1 +first\\R *2 +second; with a semicolon")
                .contains("notes\n")
                .contains("CREATE TABLE notes(id integer primary key, body text);")
                .contains("n\r\n2\r\n")
                .containsPattern("one\\R---\\R *1\\R")
                .contains("crashes 2, restarts 2")
                .contains("query timeout: 1 s (pool restarted)")
                .contains("still here")
                .doesNotContain("not reached");
        assertThat(r.err()).as(r.toString())
                .contains("note: created a new database")
                .contains("Error: shell - query")
                .contains("lost its worker")
                .containsPattern("Error: .*deadline");
    }
}
