package io.vecbox.worker;

import io.vecbox.protocol.Batch;
import io.vecbox.protocol.CloseCursor;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Describe;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.ExecuteMany;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.RowStream;
import io.vecbox.protocol.TransactionRequest;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The worker's one SQLite connection, once {@link ConnectionSetup} has opened it, and everything
 * done on it: routing each work request, its deadline, cancellation and memory bound, and the error
 * it answers with. All methods except {@link #cancel} and {@link #interrupt} run on the statement
 * thread: whichever of the worker's request threads runs the current request (see {@link Worker}),
 * one at a time, each call ordered after the last by the worker's lock.
 */
final class SqlSession {
    /** SQLITE_INTERRUPT: the statement was stopped by sqlite3_interrupt or the progress handler. */
    static final int SQLITE_INTERRUPT = 9;
    /** SQLITE_NOMEM: reported when the memory guard stopped a statement. */
    private static final int SQLITE_NOMEM = 7;
    /** SQLITE_TOOBIG: reported when a bounded function refused an argument past its bound. */
    private static final int SQLITE_TOOBIG = 18;
    /** VM instructions between deadline checks: often enough for ~ms precision, rare enough to be free. */
    private static final int PROGRESS_PERIOD_OPS = 1000;

    private final Configure config;
    private final SQLiteConnection conn;
    private final StatementCache cache;
    private final AutocommitProbe autocommit;
    private final Cursors cursors;
    private final HeldTransaction held;
    private final Writes writes;
    private final Queries queries;
    private final Describer describer;
    /** The KNN fast path; null on the writer. */
    private final KnnFastPath knn;

    private MemoryGuard memoryGuard;
    private volatile long currentId = -1;
    /** The last id the supervisor cancelled: a cancel may overtake its request in the work queue. */
    private volatile long cancelledId = -1;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean cancelled;
    private volatile boolean timedOut;

    private SqlSession(Configure config, SQLiteConnection conn) throws SQLException {
        this.config = config;
        this.conn = conn;
        this.cache = new StatementCache(conn, config.statementCacheSize());
        this.autocommit = new AutocommitProbe(conn);
        this.cursors = new Cursors(conn, config.cursorIdleMillis(), config.maxFrameBytes());
        this.held = new HeldTransaction(conn.getDatabase(), autocommit, config.role(), cursors);
        this.writes = new Writes(config, conn, cache, held);
        this.queries = new Queries(config, conn, cache);
        this.describer = new Describer(config, conn, cache);
        this.knn = config.role() == Role.READER
                ? new KnnFastPath(config, conn, cache, autocommit, null) : null;
    }

    /**
     * Opens the connection as {@code config} asks and installs the progress handler and memory guard
     * that stop a request; closes the connection again if any of it fails. A reader with
     * {@code configure.knnWarmUp} then fills its KNN cache ({@link #warmUpKnn}), before the handshake
     * answers ready: a pool switching to this reader finds the cache full.
     */
    static SqlSession open(Configure config, boolean testFaults, OutputStream frames) throws SQLException {
        SQLiteConnection conn = ConnectionSetup.connect(config);
        try {
            ConnectionSetup.configure(conn, config, testFaults, frames);
            SqlSession session = new SqlSession(config, conn);
            session.memoryGuard = MemoryGuard.start(config.memoryLimitBytes(), session);
            ProgressHandler.setHandler(conn, PROGRESS_PERIOD_OPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    return session.progress();
                }
            });
            session.warmUpKnn();
            return session;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A reader with {@code configure.knnWarmUp}: fills the KNN cache before it answers ready
     * ({@link KnnFastPath#warmUp}). Never fails the start: a failure is logged and the reader
     * starts with an empty cache.
     */
    private void warmUpKnn() {
        if (knn == null || !config.knnWarmUp()) {
            return;
        }
        long start = System.nanoTime();
        try {
            KnnFastPath.WarmUp w = knn.warmUp();
            StderrLog.info("KNN warm-up: cached " + w.bytes() + " bytes for " + w.columns() + " vector columns in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (SQLException | RuntimeException e) {
            knn.cache().clear();
            StderrLog.info("KNN warm-up failed, the reader starts with a cold KNN cache: " + e);
        }
    }

    /** @return the KNN fast path's chunk cache, or null on the writer (for tests) */
    KnnCache knnCache() {
        return knn == null ? null : knn.cache();
    }

    Ready ready(long pid) throws SQLException {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select sqlite_version(), vec_version(), "
                     + "(select journal_mode from pragma_journal_mode)")) {
            rs.next();
            return new Ready(pid, rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    /** Called by SQLite every {@link #PROGRESS_PERIOD_OPS} VM instructions; non-zero interrupts. */
    private int progress() {
        if (cancelled || (memoryGuard != null && memoryGuard.exceeded())) {
            return 1;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            timedOut = true;
            return 1;
        }
        return 0;
    }

    /**
     * Statement thread, between the chunks of a KNN scan: the progress handler's check, for a loop
     * in Java that SQLite's handler does not see.
     *
     * @throws SQLException SQLITE_INTERRUPT if the request was cancelled, passed its deadline or
     *     took too much memory, reported like an interrupted statement
     */
    private void checkStop() throws SQLException {
        if (progress() != 0) {
            throw new SQLiteException("KNN scan interrupted", SQLiteErrorCode.SQLITE_INTERRUPT);
        }
    }

    /**
     * Control thread: interrupt the request with this id if it is the one running, or make it
     * fail as cancelled when it starts if it is still queued.
     */
    void cancel(long id) {
        cancelledId = id;
        if (currentId == id) {
            cancelled = true;
            interrupt();
        }
    }

    /** Any thread: sqlite3_interrupt, which SQLite documents as safe from other threads. */
    void interrupt() {
        try {
            conn.getDatabase().interrupt();
        } catch (SQLException | RuntimeException e) {
            StderrLog.error("interrupt failed", e);
        }
    }

    /**
     * Closes the connection; the writer first checkpoints and truncates the WAL (see {@link Writes}),
     * unless {@code configure.checkpointOnClose} is false: then another process owns checkpoints
     * (Litestream replicates from the WAL and wants to checkpoint it itself).
     */
    void close() {
        cursors.closeAll("closed when the worker shut down");
        held.abandon();
        describer.close();
        cache.close();
        autocommit.close();
        if (config.role() == Role.WRITER && config.checkpointOnClose()) {
            writes.checkpointAtShutdown();
        }
        try {
            conn.close();
        } catch (SQLException e) {
            StderrLog.error("close failed", e);
        }
    }

    /** @param parts writes the parts of large query answers and pages (if {@code configure.partBytes} asks for them) */
    void sendPartsWith(PartSender parts) {
        queries.sendPartsWith(parts);
        cursors.sendPartsWith(parts, config.partBytes());
    }

    Response handle(Request request) {
        return handle(request, null);
    }

    /**
     * Runs a work request and answers it.
     *
     * @param arriving the rows of an execute-many {@code request} still arriving in its frame, or null
     * @throws java.io.UncheckedIOException if one of those rows was malformed or the stream failed:
     *     what the request had done is rolled back, and the stream cannot go on
     */
    Response handle(Request request, RowStream arriving) {
        long start = System.nanoTime();
        long timeout = timeoutMillis(request);
        deadlineNanos = timeout > 0 ? start + timeout * 1_000_000L : start + Long.MAX_VALUE / 2;
        cancelled = false;
        timedOut = false;
        DeniedFunctions.takeDenial();
        BoundedFunctions.takeRefusal();
        Faults.takeRefusal();
        currentId = request.id();
        if (cancelledId == request.id()) {
            cancelled = true; // the progress handler stops it at once
        }
        if (memoryGuard != null) {
            memoryGuard.begin();
        }
        Response response;
        try {
            response = respond(request, arriving, start);
        } finally {
            if (memoryGuard != null) {
                memoryGuard.end();
            }
            currentId = -1; // from here on a cancel for this request is ignored: it is answered already
            deadlineNanos = Long.MAX_VALUE;
        }
        if (response instanceof ErrorReply e) {
            if (request instanceof Fetch f) {
                cursors.failed(f.cursor(), "fetch", f.id(), e.code().name());
            } else if (request instanceof OpenCursor o) {
                cursors.failed(o.id(), "openCursor", o.id(), e.code().name());
            }
        }
        return held.afterRequest(request, response, start);
    }

    /**
     * Statement thread, between requests: closes idle cursors.
     *
     * @param now {@link System#nanoTime()}
     * @return nanoseconds until this should run again, {@link Long#MAX_VALUE} if there is nothing to wait for
     */
    long maintain(long now) {
        return cursors.expire(now);
    }

    private Response respond(Request request, RowStream arriving, long start) {
        try {
            if (config.role() == Role.READER
                    && (request instanceof Execute || request instanceof Batch || request instanceof ExecuteMany)) {
                return error(request.id(), ErrorCode.BAD_REQUEST, 0, request.type() + " sent to a reader: readers"
                        + " only run queries, describe, transactions and cursors", start);
            }
            if (request instanceof Query q) {
                held.checkQuery(q.sql());
                Result fast = knn == null ? null : knn.query(q, start, this::checkStop);
                if (fast != null) {
                    return fast;
                }
                if (q.isShard()) {
                    return error(request.id(), ErrorCode.NOT_SHARDABLE, 0, knn == null
                            ? "the writer answers no part of a scattered query"
                            : "not a plain KNN query the reader's fast path answers", start);
                }
                return queries.query(q, start);
            } else if (request instanceof Describe d) {
                return describer.describe(d);
            } else if (request instanceof TransactionRequest t) {
                return held.control(t, start);
            } else if (request instanceof OpenCursor o) {
                held.checkCursor(o.sql());
                return cursors.open(o, held.held(), System.nanoTime());
            } else if (request instanceof Fetch f) {
                return cursors.fetch(f, System.nanoTime());
            } else if (request instanceof CloseCursor c) {
                cursors.close(c.cursor(), "closed by closeCursor");
                return new Result(c.id(), List.of(), List.of(), 0, 0, false, System.nanoTime() - start, List.of());
            } else if (request instanceof Execute e) {
                return writes.execute(e, start);
            } else if (request instanceof Batch b) {
                return writes.batch(b, start);
            } else if (request instanceof ExecuteMany m) {
                return writes.executeMany(m, arriving, start);
            }
            return error(request.id(), ErrorCode.BAD_REQUEST, 0, "not a work request: " + request.type(), start);
        } catch (SQLException e) {
            return sqlError(request.id(), e, start);
        } catch (Cursors.GoneException e) {
            return error(request.id(), ErrorCode.CURSOR_CLOSED, 0, e.getMessage(), start);
        } catch (Faults.RefusedException e) {
            return error(request.id(), ErrorCode.FAULT_REFUSED, 0, e.getMessage(), start);
        } catch (IllegalArgumentException e) {
            return error(request.id(), ErrorCode.BAD_REQUEST, 0, e.getMessage(), start);
        } catch (UncheckedIOException e) {
            if (arriving != null) {
                throw e; // the request's own frame is broken: no answer, the worker exits
            }
            StderrLog.error("request " + request.id() + " failed", e);
            return error(request.id(), ErrorCode.INTERNAL, 0, e.toString(), start);
        } catch (RuntimeException e) {
            StderrLog.error("request " + request.id() + " failed", e);
            return error(request.id(), ErrorCode.INTERNAL, 0, e.toString(), start);
        }
    }

    private static long timeoutMillis(Request r) {
        if (r instanceof Query q) {
            return q.timeoutMillis();
        } else if (r instanceof TransactionRequest t) {
            return t.timeoutMillis();
        } else if (r instanceof OpenCursor o) {
            return o.timeoutMillis();
        } else if (r instanceof Fetch f) {
            return f.timeoutMillis();
        } else if (r instanceof Execute e) {
            return e.timeoutMillis();
        } else if (r instanceof Batch b) {
            return b.timeoutMillis();
        } else if (r instanceof ExecuteMany m) {
            return m.timeoutMillis();
        }
        return 0;
    }

    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int expected = ps.getParameterMetaData().getParameterCount();
        if (expected != params.size()) {
            throw new IllegalArgumentException("statement has " + expected + " parameters, got " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            int at = i + 1;
            if (v == null) {
                ps.setNull(at, java.sql.Types.NULL);
            } else if (v instanceof Long l) {
                ps.setLong(at, l);
            } else if (v instanceof Double d) {
                ps.setDouble(at, d);
            } else if (v instanceof String s) {
                ps.setString(at, s);
            } else if (v instanceof byte[] b) {
                ps.setBytes(at, b);
            } else {
                throw new IllegalArgumentException("parameter " + at + " has unsupported type " + v.getClass().getName());
            }
        }
    }

    private ErrorReply sqlError(long id, SQLException e, long start) {
        int code = sqliteCode(e);
        if ((code & 0xff) == SQLITE_INTERRUPT) {
            if (memoryGuard != null && memoryGuard.exceeded()) {
                return error(id, ErrorCode.SQL_ERROR, SQLITE_NOMEM, "statement stopped: out of memory for an "
                        + "untrusted query (it grew the worker's native memory by "
                        + memoryGuard.grownBytes() / (1 << 20) + " MiB; the sandbox's limit is "
                        + memoryGuard.limitBytes() / (1 << 20) + " MiB)", start);
            }
            if (timedOut) {
                return error(id, ErrorCode.TIMEOUT, code, "statement interrupted at its deadline after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms", start);
            }
            if (cancelled) {
                return error(id, ErrorCode.CANCELLED, code, "statement cancelled", start);
            }
        }
        String denied = DeniedFunctions.takeDenial();
        if (denied != null) {
            return new ErrorReply(id, ErrorCode.SANDBOX_DENIED, code, denied, "function", System.nanoTime() - start);
        }
        String tooBig = BoundedFunctions.takeRefusal();
        if (tooBig != null) {
            return error(id, ErrorCode.SQL_ERROR, SQLITE_TOOBIG, tooBig, start);
        }
        Faults.RefusedException refused = Faults.takeRefusal();
        if (refused != null) {
            return error(id, ErrorCode.FAULT_REFUSED, 0, refused.getMessage(), start);
        }
        return error(id, ErrorCode.SQL_ERROR, code, e.getMessage(), start);
    }

    static int sqliteCode(Exception e) {
        if (e instanceof SQLiteException se) {
            return se.getResultCode().code;
        }
        if (e instanceof SQLException se) {
            return se.getErrorCode();
        }
        return 0;
    }

    private static ErrorReply error(long id, ErrorCode code, int sqliteCode, String message, long start) {
        return new ErrorReply(id, code, sqliteCode, message == null ? code.name() : message, "",
                System.nanoTime() - start);
    }
}
