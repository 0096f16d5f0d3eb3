package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.CloseCursor;
import io.vecbox.protocol.Describe;
import io.vecbox.protocol.Description;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.TransactionRequest;
import io.vecbox.protocol.UpdateCount;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.StatementInfo;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.UpdateResult;
import io.vecbox.supervisor.WorkerPoolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One request from submission to completion, across retries. Mutable fields are guarded by the
 * {@link Dispatcher}'s lock; the future completes exactly once.
 */
final class PendingRequest {
    /** A cursor's page: the answer to {@code openCursor} and {@code fetch}. */
    record Page(QueryResult rows, boolean done, long cursor) {
    }

    /** Largest request frame {@link #smallFrame} admits. */
    static final int SMALL_FRAME_BYTES = 2048;

    final RequestKind kind;
    /** The role of worker it runs on: its kind's, or its lease's. */
    final Role role;
    /** The transaction or stream it belongs to, or null: then any worker of its role runs it. */
    final Lease lease;
    final String sql;
    final List<Object> params;
    final List<SqlStatement> statements;
    final List<List<Object>> rows;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    final long submittedNanos;
    /** What the quarantine knows this request by; computed only if the quarantine asks. */
    final StatementFingerprint fingerprint;

    int attempts;
    long wireId = -1;
    String worker = "";
    long sentNanos;
    ScheduledFuture<?> acquireTimer;
    /**
     * The slot whose worker must run this request, or null for any worker of the role. A suspect
     * (its shape killed a worker and has not answered since, see {@link Quarantine#confinedTo}) is
     * confined to the slot it killed: its retry runs on that worker's replacement and so do its
     * variants, so it takes down one worker at a time while the others keep serving. Dropped if
     * that slot's next worker is not coming at once ({@link WorkerHandle#takesPinned}).
     */
    WorkerHandle pinnedTo;
    /**
     * When its worker is killed if it has not answered: {@code System.nanoTime()} at assignment
     * plus its timeout and the kill grace period; see {@link SlotDeadlines}.
     */
    long deadlineNanos;
    /** Crash reports of earlier attempts, for the final exception's message. */
    final List<String> crashes = new ArrayList<>(2);

    /** A transaction's action; set before submission. */
    TransactionRequest.Action action;
    /** The cursor of a fetch or closeCursor; set before submission. */
    long cursor = -1;
    /** A page's bounds (openCursor, fetch); set before submission. */
    int fetchRows;
    long fetchBytes = 1;
    /** Which part of a scattered query this is, and of how many ({@link Scatter}); 0 of 0: not a part. */
    int shard;
    int shards;

    PendingRequest(RequestKind kind, String sql, List<Object> params, List<SqlStatement> statements,
                   List<List<Object>> rows, long nowNanos) {
        this(kind, null, sql, params, statements, rows, nowNanos);
    }

    /** @param lease the transaction or stream it belongs to, or null */
    PendingRequest(RequestKind kind, Lease lease, String sql, List<Object> params, List<SqlStatement> statements,
                   List<List<Object>> rows, long nowNanos) {
        this.kind = kind;
        this.lease = lease;
        this.role = lease != null ? lease.role : kind.role();
        this.sql = sql;
        this.params = params;
        this.statements = statements;
        this.rows = rows;
        this.submittedNanos = nowNanos;
        this.fingerprint = kind == RequestKind.BATCH ? StatementFingerprint.ofBatch(statements)
                : kind == RequestKind.EXECUTE_MANY ? StatementFingerprint.ofMany(sql, rows)
                : StatementFingerprint.of(sql, params);
    }

    /** Part {@code shard} of {@code shards} of a scattered query {@code whole}. */
    static PendingRequest part(PendingRequest whole, int shard, int shards, long nowNanos) {
        PendingRequest r = new PendingRequest(RequestKind.QUERY, null, whole.sql, whole.params, null, null, nowNanos);
        r.shard = shard;
        r.shards = shards;
        return r;
    }

    /** A lease's {@code transaction} request. */
    static PendingRequest transaction(Lease lease, TransactionRequest.Action action, long nowNanos) {
        PendingRequest r = new PendingRequest(RequestKind.TRANSACTION, lease, action.name(), List.of(), null, null,
                nowNanos);
        r.action = action;
        return r;
    }

    /** A cursor's {@code fetch} ({@code fetchRows}, {@code fetchBytes}) or {@code closeCursor} (no bounds). */
    static PendingRequest ofCursor(RequestKind kind, Lease lease, String sql, long cursor, int fetchRows,
                                   long fetchBytes, long nowNanos) {
        PendingRequest r = new PendingRequest(kind, lease, sql, List.of(), null, null, nowNanos);
        r.cursor = cursor;
        r.fetchRows = fetchRows;
        r.fetchBytes = fetchBytes;
        return r;
    }

    /** @return whether a worker's crash while running it counts against its statement in the quarantine */
    boolean quarantinable() {
        return kind != RequestKind.TRANSACTION && kind != RequestKind.CLOSE_CURSOR;
    }

    /** @return whether the caller's lease ends with it: a transaction's commit or rollback, a stream's closeCursor */
    boolean endsLease() {
        return lease != null && (kind == RequestKind.TRANSACTION && action != TransactionRequest.Action.BEGIN
                || kind == RequestKind.CLOSE_CURSOR && lease.kind == Lease.Kind.CURSOR);
    }

    /**
     * @return whether a worker lost under it may run it again elsewhere: a read that delivered
     *     nothing yet (a query, a describe, a stream's opening), never a write or a lease's later request
     */
    boolean retryable() {
        return role == Role.READER && (lease == null ? kind != RequestKind.FETCH : lease.opensWith(this));
    }

    /**
     * @return whether, if its worker dies under it, it may or may not have changed the database: a
     *     write in autocommit, or a commit; a statement inside a transaction is rolled back with it
     */
    boolean outcomeUnknownIfLost() {
        if (lease == null) {
            return role == Role.WRITER;
        }
        return kind == RequestKind.TRANSACTION && action == TransactionRequest.Action.COMMIT;
    }

    Duration timeout(PoolConfig config) {
        switch (kind) {
            case QUERY:
            case DESCRIBE:
            case OPEN_CURSOR:
            case FETCH:
            case CLOSE_CURSOR:
                return config.queryTimeout();
            default:
                return config.writeTimeout();
        }
    }

    /**
     * @return whether its frame surely stays under {@value #SMALL_FRAME_BYTES} bytes (a generous
     *     estimate from the SQL and parameters), so that it may be written on the submitting thread
     *     (see {@link Outbox#writeNowIfIdle})
     */
    boolean smallFrame() {
        switch (kind) {
            case FETCH:
            case CLOSE_CURSOR:
            case TRANSACTION:
                return true;
            case QUERY:
            case EXECUTE:
            case DESCRIBE:
            case OPEN_CURSOR:
                break;
            default:
                return false;
        }
        long bytes = 128 + 3L * sql.length();
        for (int i = 0, n = params.size(); i < n && bytes <= SMALL_FRAME_BYTES; i++) {
            Object v = params.get(i);
            if (v == null || v instanceof Long || v instanceof Double) {
                bytes += 9;
            } else if (v instanceof String s) {
                bytes += 5 + 3L * s.length();
            } else if (v instanceof byte[] b) {
                bytes += 5 + b.length;
            } else {
                return false;
            }
        }
        return bytes <= SMALL_FRAME_BYTES;
    }

    Request toMessage(long id, PoolConfig config) {
        long timeoutMillis = Math.max(1, timeout(config).toMillis());
        switch (kind) {
            case QUERY:
                return new Query(id, sql, params, config.maxRows(), config.maxResultBytes(), timeoutMillis, shard, shards);
            case EXECUTE:
                return new Execute(id, sql, params, timeoutMillis);
            case BATCH:
                return new Batch(id, statements, timeoutMillis);
            case EXECUTE_MANY:
                return new ExecuteMany(id, sql, rows, timeoutMillis);
            case DESCRIBE:
                return new Describe(id, sql);
            case TRANSACTION:
                return new TransactionRequest(id, action, timeoutMillis);
            case OPEN_CURSOR:
                return new OpenCursor(id, sql, params, fetchRows, fetchBytes, timeoutMillis);
            case FETCH:
                return new Fetch(id, cursor, fetchRows, fetchBytes, timeoutMillis);
            case CLOSE_CURSOR:
                return new CloseCursor(id, cursor);
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /** @return whether a worker may answer this request with {@code response} (else it broke the protocol) */
    boolean accepts(Response response) {
        if (response instanceof ErrorReply) {
            return true;
        }
        switch (kind) {
            case DESCRIBE:
                return response instanceof Description;
            case OPEN_CURSOR:
            case FETCH:
                return response instanceof Rows;
            default:
                return response instanceof Result;
        }
    }

    /** @return the value its future completes with, from a successful answer ({@link #accepts} it) */
    Object toValue(Response response, long nowNanos) {
        if (shards > 0) {
            return response; // a part of a scattered query: merged by Scatter
        }
        if (response instanceof Rows page) {
            return new Page(new QueryResult(page.columns(), page.rows(), false,
                    Duration.ofNanos(nowNanos - submittedNanos), worker), page.done(), page.cursor());
        }
        if (response instanceof Description d) {
            return new StatementInfo(d.readOnly(), d.columns(), d.parameterCount(), d.tail());
        }
        Result r = (Result) response;
        switch (kind) {
            case QUERY:
                return new QueryResult(r.columns(), r.rows(), r.truncated(), Duration.ofNanos(nowNanos - submittedNanos),
                        worker);
            case BATCH: {
                List<UpdateResult> out = new ArrayList<>(r.updates().size());
                for (UpdateCount u : r.updates()) {
                    out.add(update(u.changes(), u.lastInsertRowid(), u.columns(), u.rows(), u.truncated(), nowNanos));
                }
                return List.copyOf(out);
            }
            default:
                return update(r.changes(), r.lastInsertRowid(), r.columns(), r.rows(), r.truncated(), nowNanos);
        }
    }

    private UpdateResult update(long changes, long rowid, List<String> columns, List<List<Object>> rows,
                                boolean truncated, long nowNanos) {
        if (columns.isEmpty()) {
            return new UpdateResult(changes, rowid);
        }
        return new UpdateResult(changes, rowid, new QueryResult(columns, rows, truncated,
                Duration.ofNanos(nowNanos - submittedNanos), worker));
    }

    WorkerPoolException toException(String pool, ErrorReply e, PoolConfig config, long nowNanos) {
        Duration elapsed = Duration.ofNanos(nowNanos - submittedNanos);
        String where = pool + " - " + kind.wireName() + " #" + e.id() + " on " + worker + ": ";
        switch (e.code()) {
            case TIMEOUT:
                return new QueryTimeoutException(where + "interrupted at its " + timeout(config).toMillis()
                        + " ms deadline: " + Text.sql(sql), e.id(), worker, elapsed, timeout(config), false, false);
            case SANDBOX_DENIED:
                return new SandboxViolationException(where + e.message(), e.id(), worker, elapsed, e.rule());
            case TRANSACTION_LOST:
                return new TransactionLostException(where + "transaction rolled back by SQLite: " + e.message()
                        + "; run the whole transaction again", TransactionLostException.Reason.ROLLED_BACK_BY_SQLITE,
                        null);
            case CURSOR_CLOSED:
                return new CursorClosedException(where + e.message() + "; run the query again: " + Text.sql(sql), null);
            default:
                return new QueryFailedException(where + e.message() + (e.sqliteCode() != 0
                        ? " (SQLite code " + e.sqliteCode() + ")" : ""), e.id(), worker, elapsed, e.sqliteCode(),
                        e.code().name());
        }
    }

    String describe(long nowNanos) {
        return kind.wireName() + " #" + wireId + " '" + Text.sql(sql) + "' after "
                + (nowNanos - sentNanos) / 1_000_000 + " ms";
    }

    void cancelTimers() {
        if (acquireTimer != null) {
            acquireTimer.cancel(false);
            acquireTimer = null;
        }
    }
}
