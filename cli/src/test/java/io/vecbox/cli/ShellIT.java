package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellIT {
    static final String RUNAWAY = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c";

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

        assertThat(r.exit()).as("the crash and the deadline failed two statements\n" + r).isEqualTo(1);
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

    @Test
    void scriptWithAFailedStatementRunsTheRestAndExitsOne() throws Exception {
        String script = String.join("\n",
                "select 'before' as status;",
                "select * from no_such_table;",
                ".no-such-command",
                "select 'after' as status;",
                "");

        Cli.Result r = Cli.runWithInput(script, "shell", "--db", dir.resolve("s.db").toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("before").contains("after");
        assertThat(r.err()).as(r.toString())
                .contains("no such table: no_such_table")
                .contains("unknown command .no-such-command")
                .contains("2 of 4 statements failed");
    }

    @Test
    void insertReturningPrintsItsRowsAndTheWriteIsKept() throws Exception {
        String script = String.join("\n",
                "create table notes(id integer primary key, body text);",
                "insert into notes(body) values ('first'), ('second') returning id, upper(body) as shout;",
                "select count(*) as n from notes;",
                "");

        Cli.Result r = Cli.runWithInput(script, "shell", "--db", dir.resolve("s.db").toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .containsPattern("id +\\| +shout|id +shout")
                .containsPattern("1 +\\|? *FIRST")
                .containsPattern("2 +\\|? *SECOND")
                .contains("ok: 2 rows changed")
                .containsPattern("n\\R-+\\R *2\\R");
    }

    @Test
    void bailStopsTheScriptAtTheFirstFailedStatement() throws Exception {
        String script = "select 'before' as status;\nselect * from no_such_table;\nselect 'after' as status;\n";

        Cli.Result r = Cli.runWithInput(script, "shell", "--bail", "--db", dir.resolve("s.db").toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("before").doesNotContain("after");
        assertThat(r.err()).as(r.toString()).contains("no such table").contains("stopped at the first failed statement");
    }

    @Test
    void errorsSpeakCliNotLibraryMethods() throws Exception {
        String script = String.join("\n",
                "create table t(a);",
                "with x(a) as (select 1) insert into t select a from x;",
                "begin;",
                "pragma user_version;",
                "");

        Cli.Result r = Cli.runWithInput(script, "shell", "--db", dir.resolve("s.db").toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString())
                .doesNotContain("execute()").doesNotContain("executeBatch").doesNotContain("executeMany")
                .contains("the shell sends statements that start with SELECT, WITH, VALUES, EXPLAIN or PRAGMA "
                        + "to the read-only reader")
                .contains("the shell commits every statement on its own")
                .contains("start the shell with --trusted");
    }

    @Test
    void ctrlCCancelsTheRunningQueryAndTheShellGoesOn() throws Exception {
        assumeTrue(LiveProcess.canResetSignals(), "needs GNU env --default-signal to undo Maven's ignored SIGINT");
        try (LiveProcess shell = LiveProcess.vecbox("shell", "--verbose", "--timeout", "60s",
                "--db", dir.resolve("s.db").toString())) {
            // a first query, so the reader is past its start-up when the runaway query comes: a cancel
            // that reaches a worker before its statement thread has taken the request is lost there
            shell.write("select 'warm' as status;\n");
            int warm = shell.await(Pattern.compile("\\(1 row"), 0, Duration.ofSeconds(60));
            shell.write(RUNAWAY + ";\n");
            int busy = shell.await(Pattern.compile("worker-1#\\d+ IDLE -> BUSY: query"), warm, Duration.ofSeconds(60));
            long signalled = System.nanoTime();

            shell.signal("INT");

            int cancelled = shell.await(Pattern.compile("Cancelled"), busy, Duration.ofSeconds(30));
            long cancelMillis = (System.nanoTime() - signalled) / 1_000_000;
            shell.write("select 'still here' as status;\n");
            shell.await(Pattern.compile("still here"), cancelled, Duration.ofSeconds(30));
            shell.closeInput();
            assertThat(shell.waitFor(Duration.ofSeconds(60))).as(shell.transcript()).isEqualTo(1);
            assertThat(cancelMillis).as("ms from SIGINT to the cancelled message").isLessThan(10_000);
            assertThat(shell.transcript()).contains("1 of 3 statements failed");
        }
    }

    @Test
    void ctrlCCancelsARunningWriteAndRollsItBack() throws Exception {
        assumeTrue(LiveProcess.canResetSignals(), "needs GNU env --default-signal to undo Maven's ignored SIGINT");
        try (LiveProcess shell = LiveProcess.vecbox("shell", "--verbose", "--db", dir.resolve("w.db").toString())) {
            shell.write("create table t(x);\n");
            int created = shell.await(Pattern.compile("ok: 0 rows changed"), 0, Duration.ofSeconds(60));
            shell.write("insert into t with recursive c(x) as (select 1 union all select x+1 from c limit 1000000000) "
                    + "select x from c;\n");
            int busy = shell.await(Pattern.compile("worker-0#\\d+ IDLE -> BUSY: execute"), created,
                    Duration.ofSeconds(30));

            shell.signal("INT");

            int cancelled = shell.await(Pattern.compile("Cancelled: the write was interrupted"), busy,
                    Duration.ofSeconds(30));
            shell.write("select count(*) as n from t;\n");
            shell.await(Pattern.compile("n\\R-\\R0\\R\\(1 row"), cancelled, Duration.ofSeconds(30));
            shell.closeInput();
            assertThat(shell.waitFor(Duration.ofSeconds(60))).as(shell.transcript()).isEqualTo(1);
        }
    }

    /**
     * The same through JLine on a real terminal (util-linux script provides one). The signal goes
     * to the shell's JVM only: a Ctrl-C typed into a terminal also reaches the workers, which are
     * in the shell's process group, and what they do with it is the pool's business, not the
     * shell's.
     */
    @Test
    void ctrlCInATerminalClearsThePromptLineAndCancelsARunningQuery() throws Exception {
        assumeTrue(LiveProcess.canResetSignals(), "needs GNU env --default-signal to undo Maven's ignored SIGINT");
        assumeTrue(Path.of("/usr/bin/script").toFile().canExecute(), "needs util-linux script for a terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // script's terminal has no size when its own input is a pipe; JLine needs one to draw a prompt
        String command = "stty cols 120 rows 40; exec env --default-signal=INT TERM=xterm " + java
                + " -Xmx256m -jar " + Cli.jar() + " shell --verbose --timeout 60s --db " + dir.resolve("t.db");
        try (LiveProcess shell = LiveProcess.command(List.of("/usr/bin/script", "-qefc", command, "/dev/null"))) {
            int at = shell.await(Pattern.compile("vecbox> "), 0, Duration.ofSeconds(60));
            shell.write("select 'half typed' as h");
            shell.await(Pattern.compile("as h"), at, Duration.ofSeconds(30));
            shell.signalChild("INT"); // Ctrl-C at the prompt: the line is dropped, the shell stays
            at = shell.await(Pattern.compile("vecbox> "), at, Duration.ofSeconds(30));
            shell.write("select 'kept' as k;\r");
            at = shell.await(Pattern.compile("\\(1 row"), at, Duration.ofSeconds(30));
            shell.write(RUNAWAY + ";\r");
            at = shell.await(Pattern.compile("worker-1#\\d+ IDLE -> BUSY: query"), at, Duration.ofSeconds(30));
            shell.signalChild("INT"); // Ctrl-C while the query runs: cancel it
            at = shell.await(Pattern.compile("Cancelled"), at, Duration.ofSeconds(30));
            shell.write("select 'after' as a;\r");
            shell.await(Pattern.compile("\\(1 row"), at, Duration.ofSeconds(30));
            shell.write(".quit\r");

            assertThat(shell.waitFor(Duration.ofSeconds(60))).as(shell.transcript()).isZero();
            Matcher rows = Pattern.compile("\\(1 row").matcher(shell.transcript());
            assertThat(rows.results().count()).as("results: kept and after only\n" + shell.transcript()).isEqualTo(2);
        }
    }
}
