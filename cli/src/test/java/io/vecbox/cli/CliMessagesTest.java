package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliMessagesTest {
    // Messages as the library writes them today (supervisor: Supervisor.submit, StatementKinds).
    static final String TWO_STATEMENTS = "shell - execute runs exactly one statement per SQL text, but a second "
            + "statement starts at position 10 (select); send them one by one, or as a list to executeBatch (one "
            + "transaction)";
    static final String WRITE_IN_QUERY = "shell - denied by the sandbox (rule write): writes (INSERT behind WITH) are "
            + "not allowed in untrusted queries; run them through execute() on the writer";
    static final String PRAGMA = "shell - denied by the sandbox (rule pragma): PRAGMA statements are not allowed in "
            + "untrusted queries; read schema information with an allowed table-valued function, e.g. SELECT * FROM "
            + "pragma_table_info('items'), or set pragmas through execute() on the writer";
    static final String TRANSACTION = "shell - denied by the sandbox (rule transaction): transaction control (BEGIN) "
            + "is not allowed in untrusted queries; each query runs alone in its own read transaction (group writes "
            + "with executeBatch() on the writer)";
    static final String FRAME = "import - execute-many of 70000000 bytes exceeds the 67108864-byte frame limit; "
            + "split it (e.g. smaller executeMany batches)";

    @Test
    void libraryMethodNamesAreTranslatedToCliTerms() {
        assertThat(CliMessages.translate(TWO_STATEMENTS, "shell")).isEqualTo("shell - vecbox runs exactly one "
                + "statement at a time, but a second statement starts at position 10 (select); run them as separate "
                + "statements");
        assertThat(CliMessages.translate(WRITE_IN_QUERY, "shell")).endsWith("; the shell sends statements that start "
                + "with SELECT, WITH, VALUES, EXPLAIN or PRAGMA to the read-only reader and all others to the writer");
        assertThat(CliMessages.translate(WRITE_IN_QUERY, "query")).endsWith("; vecbox query only reads: "
                + "run writes in vecbox shell");
        assertThat(CliMessages.translate(PRAGMA, "shell")).endsWith("pragma_table_info('items'), or start the shell "
                + "with --trusted to run PRAGMA statements on the read-only reader");
        assertThat(CliMessages.translate(PRAGMA, "query")).endsWith("or add --trusted to run PRAGMA statements on "
                + "the read-only reader");
        assertThat(CliMessages.translate(TRANSACTION, "shell")).endsWith("own read transaction (the shell commits "
                + "every statement on its own)");
        assertThat(CliMessages.translate(FRAME, "import")).isEqualTo("import - a batch of 70000000 bytes exceeds the "
                + "67108864-byte frame limit; split it (a smaller --batch)");
        for (String m : new String[] {TWO_STATEMENTS, WRITE_IN_QUERY, PRAGMA, TRANSACTION, FRAME}) {
            for (String command : new String[] {"shell", "query", "import"}) {
                assertThat(CliMessages.translate(m, command)).doesNotContainPattern("execute\\(|executeBatch|executeMany");
            }
        }
    }

    @Test
    void aClauseThatNamesAnUnknownLibraryMethodIsDropped() {
        String future = "shell - BEGIN cannot run through execute(); use pool.transaction(...) or executeBatch(...); "
                + "see the README";
        assertThat(CliMessages.translate(future, "shell")).isEqualTo("shell - BEGIN cannot run here; see the README");
        assertThat(CliMessages.translate("result has more than 10000 rows (maxRows); raise maxRows", "shell"))
                .isEqualTo("result has more than 10000 rows (--max-rows); raise --max-rows");
        assertThat(CliMessages.translate("no such table: t", "shell")).isEqualTo("no such table: t");
    }
}
