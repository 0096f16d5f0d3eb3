package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueryIT {
    static final String KNN = "select rowid, distance, 'a,\"b\"' as label, null as missing from items "
            + "where embedding match ? and k = 2";

    @TempDir
    static Path dir;
    static Path db;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = dir.resolve("q.db");
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": 1, \"embedding\": [1, 0, 0, 0]}\n{\"id\": 2, \"embedding\": [0, 1, 0, 0]}\n"
                + "{\"id\": 3, \"embedding\": [0, 0, 1, 0]}\n");
        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", in.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void tableFormat() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), KNN, "[1, 0, 0, 0.1]");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).hasSize(4);
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("rowid +distance +label +missing");
        assertThat(r.out().lines().skip(2).findFirst().orElseThrow()).matches(" +1 +0\\.1\\d* +a,\"b\" +NULL");
    }

    @Test
    void csvFormatFollowsRfc4180() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "--format", "csv", KNN, "[0, 1, 0, 0]");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("rowid,distance,label,missing\r\n2,0.0,\"a,\"\"b\"\"\",\r\n");
    }

    @Test
    void jsonFormatWithBlobsAsBase64AndTypedParameters() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "--format", "json",
                "select rowid, embedding, ? as i, ? as r, ? as s, ? as n, ? as t from items where rowid = 1",
                "7", "0.5", "\"x\"", "null", "true");

        assertThat(r.exit()).as(r.toString()).isZero();
        // [1, 0, 0, 0] as little-endian float32: 00 00 80 3f, then zeros
        assertThat(r.out().strip()).isEqualTo("[\n  {\"rowid\": 1, \"embedding\": \"AACAPwAAAAAAAAAAAAAAAA==\", "
                + "\"i\": 7, \"r\": 0.5, \"s\": \"x\", \"n\": null, \"t\": 1}\n]");
    }

    @Test
    void jsonLogsAreJsonLinesWithoutTheQueryParameters() throws Exception {
        String secret = "param-7f3a9c-not-for-logs";
        Cli.Result r = Cli.run("--log-format", "json", "query", "--verbose", "--db", db.toString(), "--format", "csv",
                "select ? as s, rowid from items where embedding match ? and k = 1", "\"" + secret + "\"",
                "[1, 0, 0, 0]");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).isEqualTo("s,rowid\r\n" + secret + ",1\r\n");
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.err().split("\n")) {
            if (!line.isBlank()) {
                lines.add(mapper.readTree(line));
            }
        }
        assertThat(lines).as(r.toString()).isNotEmpty().allSatisfy(json -> {
            assertThat(json.isObject()).isTrue();
            assertThat(json.get("timestamp").isIntegralNumber()).as(json.toString()).isTrue();
            assertThat(json.get("level").asText()).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
            assertThat(json.get("threadName").isTextual()).as(json.toString()).isTrue();
            assertThat(json.get("loggerName").isTextual()).as(json.toString()).isTrue();
            assertThat(json.get("formattedMessage").isTextual()).as(json.toString()).isTrue();
            assertThat(json.has("throwable")).as(json.toString()).isTrue();
        });
        assertThat(lines).as(r.toString())
                .anySatisfy(json -> {
                    assertThat(json.get("loggerName").asText()).isEqualTo("io.vecbox.pool.workers");
                    assertThat(json.get("formattedMessage").asText()).contains(" ready: ");
                });
        assertThat(r.err()).as(r.toString()).doesNotContain(secret).doesNotContain("param-7f3a9c");
    }

    @Test
    void badSqlIsOneLineAndExitOne() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "select * frm nothing");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("vecbox: error: ").contains("syntax error");
    }

    @Test
    void untrustedSqlIsRefusedByTheSandboxUnlessTrusted() throws Exception {
        Cli.Result denied = Cli.run("query", "--db", db.toString(), "select * from pragma_database_list");
        assertThat(denied.exit()).as(denied.toString()).isEqualTo(1);
        assertThat(denied.err()).startsWith("vecbox: error: ").contains("denied by the sandbox (rule pragma)");

        Cli.Result trusted = Cli.run("query", "--db", db.toString(), "--trusted", "--format", "csv",
                "select name from pragma_database_list");
        assertThat(trusted.exit()).as(trusted.toString()).isZero();
        assertThat(trusted.out()).contains("main");
    }

    @Test
    void twoStatementsAreRefusedInCliTerms() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "--trusted", "select 1; select 2");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("run them as separate statements").doesNotContain("executeBatch");
    }

    @Test
    void maxRowsCutsTheResultWithANoteRatherThanAnError() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "--max-rows", "2", "--format", "csv",
                "select rowid from items order by rowid");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("rowid\r\n1\r\n2\r\n");
        assertThat(r.err()).contains("vecbox: note: result truncated after 2 rows (--max-rows 2)");
    }

    @Test
    void missingDatabaseIsNotCreated() throws Exception {
        Path missing = dir.resolve("missing.db");

        Cli.Result r = Cli.run("query", "--db", missing.toString(), "select 1");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vecbox: error: database not found: " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void badJsonParameterIsAUsageError() throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "select ?", "[1, 2");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("vecbox: error: parameter 1 is not JSON");
    }

    @Test
    void helpOnEveryCommand() throws Exception {
        for (String command : new String[] {"demo", "query", "shell", "import"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: vecbox " + command).contains("--log-format");
        }
        Cli.Result bad = Cli.run("query", "--db", db.toString(), "--nope", "select 1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("vecbox: error: Unknown option: '--nope'");
    }
}
