package io.vecbox.supervisor;

import java.util.List;
import java.util.Objects;

/**
 * What SQLite says about a statement before it runs, from {@link WorkerPool#describe(String)}:
 * asked of a worker, which prepares the statement and never steps it.
 *
 * @param readOnly SQLite's own verdict ({@code sqlite3_stmt_readonly}): the statement makes no
 *     direct change to the database file. A {@code SELECT} is read-only; an {@code INSERT} into a
 *     vec0 table, DDL, {@code VACUUM} or a pragma that writes are not. Transaction control is
 *     read-only by SQLite's definition.
 * @param columns the names of the columns it returns, empty if it returns no rows
 * @param parameterCount how many parameters it takes (the largest index, as SQLite counts)
 * @param multipleStatements whether more SQL follows the first statement in the text (only the
 *     first was described)
 */
public record StatementInfo(boolean readOnly, List<String> columns, int parameterCount, boolean multipleStatements) {
    /** Copies {@code columns}. */
    public StatementInfo {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    }
}
