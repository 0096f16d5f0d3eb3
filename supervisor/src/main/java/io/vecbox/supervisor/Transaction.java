package io.vecbox.supervisor;

import static io.vecbox.supervisor.internal.HostCalls.row;

import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.internal.BulkParts;
import io.vecbox.supervisor.internal.HostCalls;
import io.vecbox.supervisor.internal.NamedParameters;
import io.vecbox.supervisor.internal.RequestKind;
import io.vecbox.supervisor.internal.TransactionSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A transaction that spans calls: it holds the pool's writer from {@link WorkerPool#begin()} to
 * {@link #commit()} or {@link #rollback()}, and every statement of it, reads included, runs there,
 * so it reads its own writes. Meanwhile other writes wait for the writer (bounded by
 * {@code acquireTimeout}) and queries keep running on the readers, which see the state before it
 * until it commits.
 *
 * <pre>{@code
 * long id = pool.transaction(tx -> {
 *     long rowid = tx.execute("insert into docs(body) values (?)", body).lastInsertRowid();
 *     tx.execute("insert into items(rowid, embedding) values (?, ?)", rowid, vector);
 *     return rowid;
 * });
 * }</pre>
 *
 * <p>A transaction left idle for longer than {@code transactionIdleTimeout} (measured from the
 * writer's last answer) is rolled back by the pool and the writer released; if the writer is lost
 * while it is open (crash, kill, a statement past its deadline), SQLite's journal rolls it back;
 * if the pool is closed, the writer rolls it back as it shuts down ({@link WorkerPool#close()}
 * does not wait for an open transaction's next call). Either way the call that notices it, and
 * every later call, throws {@link TransactionLostException} ({@link
 * TransactionLostException#reason()} {@code IDLE_TIMEOUT}, {@code WORKER_LOST} with the
 * {@link WorkerCrashedException} or {@link QueryTimeoutException} as cause,
 * {@code ROLLED_BACK_BY_SQLITE}, {@code POOL_CLOSED}). Statements are never retried inside a
 * transaction. Its statements are the host's own, like {@link WorkerPool#execute}: the sandbox
 * policy does not apply to them, and transaction control is refused.
 *
 * <p>Write through the transaction, not the pool: a {@link WorkerPool#execute} from inside it waits
 * for the writer the transaction holds and fails with {@link AcquireTimeoutException}.
 *
 * <p>One caller at a time: calls from several threads are run one after another, in the order
 * they reach the pool. {@link #close()} rolls back a transaction that is still open, so
 * try-with-resources never leaves the writer held.
 */
public final class Transaction implements AutoCloseable {
    private final TransactionSession session;

    Transaction(TransactionSession session) {
        this.session = session;
    }

    /**
     * Runs a query inside the transaction, on the writer: it sees the transaction's own writes.
     *
     * @param sql one statement
     * @param params its parameters, as {@link WorkerPool#query(String, Object...)}
     * @return the rows
     * @throws TransactionLostException if the transaction is gone
     * @throws IllegalStateException if it was already committed or rolled back
     * @throws WorkerPoolException as {@link WorkerPool#query(String, Object...)}
     */
    public QueryResult query(String sql, Object... params) {
        return session.call(RequestKind.QUERY, sql, row(params, -1), null, null);
    }

    /**
     * Runs a query inside the transaction, binding parameters by name as
     * {@link WorkerPool#query(String, Map)}.
     *
     * @param sql one statement
     * @param params values by parameter name
     * @return the rows
     * @throws TransactionLostException if the transaction is gone
     */
    public QueryResult query(String sql, Map<String, ?> params) {
        return session.call(RequestKind.QUERY, sql, NamedParameters.bind(sql, params), null, null);
    }

    /**
     * Runs one statement inside the transaction; it is committed with the transaction.
     *
     * @param sql one statement; transaction control is refused (use {@link #commit()}, {@link #rollback()})
     * @param params its parameters
     * @return rows changed, last insert rowid and any rows it returned
     * @throws TransactionLostException if the transaction is gone
     * @throws WorkerPoolException as {@link WorkerPool#execute(String, Object...)}; a statement that
     *     fails leaves the transaction open unless SQLite rolled it back (then TransactionLostException)
     */
    public UpdateResult execute(String sql, Object... params) {
        return session.call(RequestKind.EXECUTE, sql, row(params, -1), null, null);
    }

    /**
     * Runs one statement inside the transaction, binding parameters by name.
     *
     * @param sql one statement
     * @param params values by parameter name
     * @return rows changed, last insert rowid and any rows it returned
     * @throws TransactionLostException if the transaction is gone
     */
    public UpdateResult execute(String sql, Map<String, ?> params) {
        return session.call(RequestKind.EXECUTE, sql, NamedParameters.bind(sql, params), null, null);
    }

    /**
     * Runs statements inside the transaction, all or nothing within it (a savepoint): if one fails,
     * the others of this batch are undone and the transaction stays open.
     *
     * @param statements the statements, in order
     * @return one result per statement
     * @throws TransactionLostException if the transaction is gone
     */
    public List<UpdateResult> executeBatch(List<Statement> statements) {
        List<SqlStatement> wire = HostCalls.batch(statements);
        return session.call(RequestKind.BATCH, wire.get(0).sql(), List.of(), wire, null);
    }

    /**
     * Runs one statement once per parameter row inside the transaction, all or nothing within it.
     *
     * <p>Rows that encode to more than 8 MiB are sent in parts of
     * about that size. A part is undone alone when it fails (a savepoint), the parts before it
     * cannot be: so when a part after the first fails, the whole transaction is rolled back before
     * the part's exception is thrown ({@link #isOpen()} is then false). A failure in the first (or
     * only) part leaves the transaction open, as for any statement.
     *
     * @param sql one statement
     * @param rows one parameter array per execution
     * @return total rows changed
     * @throws TransactionLostException if the transaction is gone
     * @throws WorkerPoolException as {@link WorkerPool#executeMany}
     */
    public long executeMany(String sql, List<Object[]> rows) {
        List<List<Object>> wire = HostCalls.rows(rows);
        return executeParts(sql, BulkParts.split(wire, BulkParts.PART_BYTES));
    }

    /** Runs the parts of one {@code executeMany} in order; see {@link #executeMany}. */
    long executeParts(String sql, List<List<List<Object>>> parts) {
        long changes = 0;
        for (int i = 0; i < parts.size(); i++) {
            try {
                changes += session.<UpdateResult>call(RequestKind.EXECUTE_MANY, sql, List.of(), null, parts.get(i))
                        .changes();
            } catch (RuntimeException e) {
                if (i > 0) {
                    try {
                        rollback(); // parts 0..i-1 are in the transaction and cannot be undone alone
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
        return changes;
    }

    /**
     * Streams a query's rows from inside the transaction, {@link FetchSize#DEFAULT} at a time.
     *
     * @param sql one statement
     * @param params its parameters
     * @return the open stream; close it
     * @throws TransactionLostException if the transaction is gone
     */
    public RowStream stream(String sql, Object... params) {
        return stream(FetchSize.DEFAULT, sql, params);
    }

    /**
     * Streams a query's rows from inside the transaction.
     *
     * @param fetch how many rows or bytes to fetch at a time
     * @param sql one statement
     * @param params its parameters
     * @return the open stream; close it (commit and rollback close it too)
     * @throws TransactionLostException if the transaction is gone
     */
    public RowStream stream(FetchSize fetch, String sql, Object... params) {
        Objects.requireNonNull(fetch, "fetch");
        return new RowStream(session.stream(fetch.rows(), fetch.bytes(), sql, row(params, -1)));
    }

    /**
     * Commits and releases the writer. Once this returns, every write of the transaction is in the
     * database file.
     *
     * @throws TransactionLostException if the transaction was lost before it could commit (nothing
     *     of it is kept)
     * @throws IllegalStateException if it was already committed or rolled back
     * @throws WorkerCrashedException if the writer died during the commit: its outcome is unknown
     *     ({@link WorkerCrashedException#writeOutcomeUnknown()})
     * @throws WorkerPoolException if the commit fails; the transaction is then rolled back
     */
    public void commit() {
        session.commit();
    }

    /**
     * Rolls back and releases the writer. Does nothing if the transaction is no longer open,
     * lost included: it is rolled back either way.
     */
    public void rollback() {
        session.rollback();
    }

    /** @return whether the transaction is open: not committed, rolled back or lost */
    public boolean isOpen() {
        return session.isOpen();
    }

    /** Rolls back if still open; see {@link #rollback()}. */
    @Override
    public void close() {
        rollback();
    }

    /** For {@link WorkerPool#transaction}: commits unless the work already committed or rolled back. */
    void commitUnlessEnded() {
        if (!session.endedByCaller()) {
            commit();
        }
    }
}
