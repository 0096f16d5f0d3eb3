package io.vecbox.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a write did: the rows it changed, the last insert rowid, and the rows it returned.
 * Immutable and safe to share between threads.
 *
 * <p>A statement that returns rows ({@code INSERT … RETURNING}, {@code UPDATE … RETURNING},
 * {@code DELETE … RETURNING}, a pragma that reports such as {@code wal_checkpoint}) is run to
 * its end on the writer and committed like any other; its rows come back in {@link #returned()}.
 * They are capped by the pool's {@code maxRows} and {@code maxResultBytes} (across all the
 * statements of one {@link WorkerPool#executeBatch}); past a cap the write still completes and
 * commits in full, only the rows left out are missing, and {@code returned().truncated()} is
 * true. A write is never failed or rolled back because of what it returned.
 *
 * @param changes rows the statement inserted, updated or deleted ({@code sqlite3_changes}); 0 for a
 *     statement that changed no row: DDL ({@code CREATE}, {@code DROP}, {@code ALTER}, also
 *     {@code CREATE TABLE … AS SELECT}), pragmas, {@code VACUUM}, and writes that matched nothing.
 *     Rows changed by triggers are not counted, as in SQLite.
 * @param lastInsertRowid the writer connection's last insert rowid after the statement
 * @param returned the rows the statement returned: no columns and no rows for a statement that
 *     returns none; its {@link QueryResult#elapsed()} and {@link QueryResult#worker()} are the
 *     write's
 */
public record UpdateResult(long changes, long lastInsertRowid, QueryResult returned) {
    private static final QueryResult NONE = new QueryResult(List.of(), List.of(), false, Duration.ZERO, "");

    /**
     * @throws NullPointerException if returned is null
     */
    public UpdateResult {
        Objects.requireNonNull(returned, "returned");
    }

    /**
     * A write that returned no rows.
     *
     * @param changes rows changed
     * @param lastInsertRowid the last insert rowid
     */
    public UpdateResult(long changes, long lastInsertRowid) {
        this(changes, lastInsertRowid, NONE);
    }

    /** @return the names of the columns the statement returned; empty if it returns none */
    public List<String> columns() {
        return returned.columns();
    }

    /** @return the rows the statement returned (e.g. of a {@code RETURNING} clause); empty if none */
    public List<Row> rows() {
        return returned.rows();
    }
}
