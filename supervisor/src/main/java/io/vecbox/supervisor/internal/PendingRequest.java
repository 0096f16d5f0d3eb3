package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.UpdateCount;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.SandboxViolationException;
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
    final RequestKind kind;
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
    ScheduledFuture<?> deadlineTimer;
    /** Crash reports of earlier attempts, for the final exception's message. */
    final List<String> crashes = new ArrayList<>(2);

    PendingRequest(RequestKind kind, String sql, List<Object> params, List<SqlStatement> statements,
                   List<List<Object>> rows, long nowNanos) {
        this.kind = kind;
        this.sql = sql;
        this.params = params;
        this.statements = statements;
        this.rows = rows;
        this.submittedNanos = nowNanos;
        this.fingerprint = kind == RequestKind.BATCH ? StatementFingerprint.ofBatch(statements)
                : kind == RequestKind.EXECUTE_MANY ? StatementFingerprint.ofMany(sql, rows)
                : StatementFingerprint.of(sql, params);
    }

    Duration timeout(PoolConfig config) {
        return kind == RequestKind.QUERY ? config.queryTimeout() : config.writeTimeout();
    }

    Request toMessage(long id, PoolConfig config) {
        long timeoutMillis = Math.max(1, timeout(config).toMillis());
        switch (kind) {
            case QUERY:
                return new Query(id, sql, params, config.maxRows(), config.maxResultBytes(), timeoutMillis);
            case EXECUTE:
                return new Execute(id, sql, params, timeoutMillis);
            case BATCH:
                return new Batch(id, statements, timeoutMillis);
            case EXECUTE_MANY:
                return new ExecuteMany(id, sql, rows, timeoutMillis);
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    Object toValue(Result r, long nowNanos) {
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
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
            deadlineTimer = null;
        }
    }
}
