package io.vecbox.supervisor;

import static io.vecbox.supervisor.internal.HostCalls.await;
import static io.vecbox.supervisor.internal.HostCalls.row;

import io.vecbox.nativelib.SqliteVec;
import io.vecbox.supervisor.internal.CursorPages;
import io.vecbox.supervisor.internal.BulkParts;
import io.vecbox.supervisor.internal.HostCalls;
import io.vecbox.supervisor.internal.NamedParameters;
import io.vecbox.supervisor.internal.RequestKind;
import io.vecbox.supervisor.internal.Supervisor;
import io.vecbox.supervisor.internal.TransactionSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A pool of SQLite + sqlite-vec connections, each in its own worker JVM: one writer and
 * {@code readers} read-only workers on the same database file (WAL). A native crash, an abort or
 * a runaway statement kills at most one worker; the pool restarts it, and the host only sees a
 * typed {@link WorkerPoolException} for the requests that were in flight.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.builder()
 *         .database(Path.of("vectors.db"))
 *         .readers(2)
 *         .queryTimeout(Duration.ofSeconds(5))
 *         .build()) {
 *     pool.execute("create virtual table items using vec0(embedding float[384])");
 *     pool.executeMany("insert into items(rowid, embedding) values (?, ?)", rows);
 *     QueryResult r = pool.query(
 *         "select rowid, distance from items where embedding match ? and k = ?", queryVector, 10);
 *     for (Row row : r) { long id = row.getLong(0); double d = row.getDouble("distance"); }
 * }
 * }</pre>
 *
 * <p>{@link #query} runs on a reader; {@link #execute}, {@link #executeBatch} and
 * {@link #executeMany} run on the single writer, in the order they are submitted. Parameters may
 * be {@code null}, {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code String}, {@code byte[]}, or a vector as {@code float[]},
 * {@code double[]} or a {@code List} of numbers (sent as a little-endian float32 blob,
 * sqlite-vec's vector format); anything else is an {@link IllegalArgumentException} naming the
 * parameter. They are bound by position ({@code ?}, {@code ?NNN}) from varargs, or by name
 * ({@code :name}, {@code @name}, {@code $name}) from a {@code Map}: see
 * {@link #query(String, Map)}. (Because of those overloads, a lone null parameter is written
 * {@code query(sql, (Object) null)}.)
 *
 * <p>A pool built {@link Builder#readOnly(boolean) read-only} has readers only, over a file that
 * something else maintains (a Litestream restore, a snapshot): it refuses every write with
 * {@link ReadOnlyPoolException}, and {@link #swapDatabase(Path)} replaces its file without failing
 * a query.
 *
 * <p>Thread-safe: any number of threads may share one pool. Close it when done; a JVM shutdown
 * hook closes pools left open, and workers exit by themselves if the host dies.
 *
 * <p>Futures returned by the {@code ...Async} methods complete on the pool's callback executor
 * ({@link Builder#callbackExecutor}), never on a thread that talks to a worker, so callbacks
 * chained onto them may block or call the pool. Submitting never waits on a worker's pipe: each
 * worker has a writer thread of its own, so a frozen worker cannot hold the caller.
 */
public final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final Supervisor supervisor;

    private WorkerPool(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a query on a reader and waits for its rows.
     *
     * @param sql one statement
     * @param params its parameters
     * @return the rows
     * @throws IllegalArgumentException if a parameter has an unsupported type
     * @throws QueryFailedException if SQLite rejects the statement
     * @throws QueryTimeoutException if it runs past {@code queryTimeout}
     * @throws ResultTooLargeException if the result passes {@code maxRows} or {@code maxResultBytes}
     *     and the pool does not {@code truncateResults}
     * @throws WorkerCrashedException if it crashed a worker twice (it is retried once)
     * @throws QueryQuarantinedException if it is quarantined after crashing workers
     * @throws SandboxViolationException if the sandbox policy denies it (see {@link SandboxPolicy})
     * @throws ReadOnlyPoolException if the pool is {@link Builder#readOnly(boolean) read-only} and the
     *     statement writes
     * @throws WorkerPoolException for the other failures (closed, overloaded, no worker)
     */
    public QueryResult query(String sql, Object... params) {
        // Waits on the pool's own future: nothing of the host's is chained onto it, so the answer
        // needs no hop through the callback executor.
        return await(supervisor.<QueryResult>submit(RequestKind.QUERY, sql, row(params, -1), null, null));
    }

    /**
     * Submits a query to a reader and returns at once; it never waits for a worker. The future
     * completes exceptionally with a {@link WorkerPoolException}, never with anything else, and
     * always completes.
     *
     * <p>The future completes on the callback executor ({@link Builder#callbackExecutor}; by
     * default the pool's own {@code vecbox-<pool>-callback-N} threads), never on a pool I/O thread:
     * a callback chained onto it ({@code thenApply}, {@code whenComplete}, ...) may block or query
     * the pool without stalling a worker. (A callback chained after the future has completed runs
     * on the thread that chains it, as with any {@link CompletableFuture}.) Cancelling the future
     * removes the query from the queue, or interrupts it in its worker.
     *
     * @param sql one statement
     * @param params its parameters
     * @return the rows, later
     * @throws IllegalArgumentException at once if a parameter has an unsupported type
     */
    public CompletableFuture<QueryResult> queryAsync(String sql, Object... params) {
        return supervisor.async(supervisor.submit(RequestKind.QUERY, sql, row(params, -1), null, null));
    }

    /**
     * Runs a query on a reader, binding its parameters by name, and waits for its rows.
     *
     * <pre>{@code
     * pool.query("select rowid, distance from items where embedding match :q and k = :k",
     *         Map.of("q", queryVector, "k", 10));
     * }</pre>
     *
     * <p>Names are SQLite's: {@code :name}, {@code @name}, {@code $name} (a prefix is part of
     * the name, so {@code :a} and {@code @a} are two parameters, and names are case-sensitive).
     * A map key may be written with its prefix ({@code ":q"}) or without ({@code "q"}); without
     * one, it must fit exactly one parameter. A repeated name is one parameter with one value.
     * The names are translated here into SQLite's positions (a name takes the next index at its
     * first appearance), skipping text in strings, quoted identifiers and comments. Every name
     * needs a key and every key a name; a {@code ?} or {@code ?NNN} is refused unless SQLite
     * gives it a name's index. Values are the types of {@link #query(String, Object...)}; a null
     * value is SQL NULL.
     *
     * @param sql one statement
     * @param params values by parameter name
     * @return the rows
     * @throws IllegalArgumentException naming them if names are missing from the map or keys name
     *     no parameter (or are null, ambiguous or given twice), if a positional parameter has no
     *     name, if a value has an unsupported type, or if the SQL cannot be split into tokens
     * @throws WorkerPoolException as {@link #query(String, Object...)}
     */
    public QueryResult query(String sql, Map<String, ?> params) {
        return await(supervisor.<QueryResult>submit(RequestKind.QUERY, sql, NamedParameters.bind(sql, params), null,
                null));
    }

    /**
     * Submits a query to a reader, binding its parameters by name as {@link #query(String, Map)},
     * and returns at once; the future behaves as {@link #queryAsync(String, Object...)}'s (it
     * completes on the callback executor, never on a pool I/O thread).
     *
     * @param sql one statement
     * @param params values by parameter name
     * @return the rows, later; failures as {@link #queryAsync(String, Object...)}
     * @throws IllegalArgumentException at once, as {@link #query(String, Map)}
     */
    public CompletableFuture<QueryResult> queryAsync(String sql, Map<String, ?> params) {
        return supervisor.async(supervisor.submit(RequestKind.QUERY, sql, NamedParameters.bind(sql, params), null,
                null));
    }

    /**
     * Runs one statement on the writer, in autocommit mode: once this returns, the write is
     * committed. A statement that returns rows ({@code INSERT … RETURNING}, a reporting pragma) is
     * run to its end like any other and its rows come back in {@link UpdateResult#returned()}.
     * Transaction control ({@code BEGIN}, {@code COMMIT}, {@code END}, {@code ROLLBACK},
     * {@code SAVEPOINT}, {@code RELEASE}) is refused: group statements with {@link #executeBatch}.
     *
     * @param sql one statement (DDL or DML)
     * @param params its parameters
     * @return rows changed, the last insert rowid and any rows the statement returned
     * @throws IllegalArgumentException if a parameter has an unsupported type
     * @throws QueryFailedException with {@link QueryFailedException#errorCode()} {@code BAD_REQUEST}
     *     for transaction control, nothing having run
     * @throws ReadOnlyPoolException in a {@link Builder#readOnly(boolean) read-only} pool, nothing having run
     * @throws WorkerPoolException if it fails; a write is never retried, and a
     *     {@link WorkerCrashedException} says its outcome is unknown
     */
    public UpdateResult execute(String sql, Object... params) {
        return await(supervisor.<UpdateResult>submit(RequestKind.EXECUTE, sql, row(params, -1), null, null));
    }

    /**
     * Runs one statement on the writer, in autocommit mode, binding its parameters by name as
     * {@link #query(String, Map)} does.
     *
     * @param sql one statement (DDL or DML)
     * @param params values by parameter name
     * @return rows changed, the last insert rowid and any rows the statement returned
     * @throws IllegalArgumentException as {@link #query(String, Map)}
     * @throws WorkerPoolException as {@link #execute(String, Object...)}
     */
    public UpdateResult execute(String sql, Map<String, ?> params) {
        return await(supervisor.<UpdateResult>submit(RequestKind.EXECUTE, sql, NamedParameters.bind(sql, params),
                null, null));
    }

    /**
     * Runs statements on the writer in one transaction ({@code BEGIN IMMEDIATE}): all or nothing.
     * Rows a statement returns come back in its {@link UpdateResult#returned()}; the caps
     * {@code maxRows} and {@code maxResultBytes} apply to the rows of all statements together.
     * A statement that is transaction control is refused, nothing having run.
     *
     * @param statements the statements, in order
     * @return one result per statement
     * @throws IllegalArgumentException if the list is empty or a parameter has an unsupported type
     * @throws ReadOnlyPoolException in a {@link Builder#readOnly(boolean) read-only} pool, nothing having run
     * @throws WorkerPoolException if it fails (then nothing was committed, unless a
     *     {@link WorkerCrashedException} says the outcome is unknown)
     */
    public List<UpdateResult> executeBatch(List<Statement> statements) {
        List<io.vecbox.protocol.SqlStatement> wire = HostCalls.batch(statements);
        return await(supervisor.<List<UpdateResult>>submit(RequestKind.BATCH, wire.get(0).sql(), List.of(), wire,
                null));
    }

    /**
     * Runs one statement once per parameter row, on the writer, in one transaction: bulk loading.
     * Rows the statement returns are stepped through and dropped; transaction control is refused.
     *
     * <p>Any number of rows: rows that encode to more than 8 MiB
     * are sent in parts of about that size, one after another, inside one transaction that holds
     * the writer (as {@link #begin()} does) and commits after the last part, so the call stays all
     * or nothing: a part that fails rolls back the parts before it, and a writer lost between or
     * during parts leaves none of them in the file. Each part has {@code writeTimeout}; meanwhile
     * other writes wait for the writer. Only a single row larger than the frame limit is refused.
     *
     * @param sql one statement, e.g. {@code insert into items(rowid, embedding) values (?, ?)}
     * @param rows one parameter array per execution
     * @return total rows changed
     * @throws IllegalArgumentException if a parameter has an unsupported type (naming row and position)
     * @throws WorkerPoolException if it fails (then nothing was committed, unless a
     *     {@link WorkerCrashedException} says the outcome is unknown); a writer lost in the middle of
     *     a split load is a {@link TransactionLostException}: nothing was committed
     * @throws ReadOnlyPoolException in a {@link Builder#readOnly(boolean) read-only} pool, nothing having run
     */
    public long executeMany(String sql, List<Object[]> rows) {
        List<List<Object>> wire = HostCalls.rows(rows);
        List<List<List<Object>>> parts = BulkParts.split(wire, BulkParts.PART_BYTES);
        if (parts.size() == 1) {
            UpdateResult r = await(supervisor.<UpdateResult>submit(RequestKind.EXECUTE_MANY, sql, List.of(), null,
                    wire));
            return r.changes();
        }
        Objects.requireNonNull(sql, "sql");
        try (Transaction tx = begin()) {
            long changes = tx.executeParts(sql, parts);
            tx.commit();
            return changes;
        }
    }

    /**
     * Runs {@code work} in one transaction on the writer: commits when it returns, rolls back when
     * it throws and rethrows its exception unchanged. See {@link Transaction}.
     *
     * @param work the statements, given the open transaction
     * @param <T> what it returns
     * @return what {@code work} returned, once committed
     * @throws TransactionLostException if the transaction was lost (writer crashed, idle timeout)
     * @throws AcquireTimeoutException if the writer stays held by others past {@code acquireTimeout}
     * @throws ReadOnlyPoolException in a {@link Builder#readOnly(boolean) read-only} pool, nothing having run
     */
    public <T> T transaction(Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        T result;
        try (Transaction tx = begin()) {
            result = work.apply(tx);
            tx.commitUnlessEnded(); // a transaction lost under work that caught it throws here
        }
        return result;
    }

    /**
     * Opens a transaction that holds the writer until it is committed or rolled back. Prefer
     * {@link #transaction(Function)}; use this where the transaction's end is decided elsewhere
     * (a JDBC connection), always with try-with-resources or a {@code finally} that closes it.
     * The writer is asked for like any write: in the writer's queue, behind the writes and
     * transactions before it.
     *
     * @return the open transaction
     * @throws AcquireTimeoutException if the writer stays held by others past {@code acquireTimeout}
     * @throws ReadOnlyPoolException in a {@link Builder#readOnly(boolean) read-only} pool, nothing having run
     * @throws WorkerPoolException if the pool is closed or no writer can start
     */
    public Transaction begin() {
        return new Transaction(TransactionSession.begin(supervisor));
    }

    /**
     * Runs a query on a reader and streams its rows, {@link FetchSize#DEFAULT} at a time. Unlike
     * {@link #query(String, Object...)}, the result is not capped by {@code maxRows} or
     * {@code maxResultBytes}: pages bound the memory. The sandbox policy applies as to a query.
     *
     * @param sql one statement
     * @param params its parameters
     * @return the open stream, holding its reader until closed or read to its end
     * @throws WorkerPoolException as {@link #query(String, Object...)} for the first page
     */
    public RowStream stream(String sql, Object... params) {
        return stream(FetchSize.DEFAULT, sql, params);
    }

    /**
     * Runs a query on a reader and streams its rows, {@code fetch} at a time.
     *
     * @param fetch how many rows or bytes to fetch at a time
     * @param sql one statement
     * @param params its parameters
     * @return the open stream, holding its reader until closed or read to its end
     * @throws WorkerPoolException as {@link #query(String, Object...)} for the first page (which is
     *     retried once if its worker dies; later pages are not: see {@link RowStream})
     */
    public RowStream stream(FetchSize fetch, String sql, Object... params) {
        Objects.requireNonNull(fetch, "fetch");
        return new RowStream(CursorPages.open(supervisor, fetch.rows(), fetch.bytes(), sql, row(params, -1)));
    }

    /**
     * Asks a worker (a reader) what SQLite makes of a statement, without running it: whether it
     * only reads (SQLite's {@code sqlite3_stmt_readonly}), its columns and parameter count. The
     * sandbox policy does not apply, since nothing runs: transaction control and text holding
     * several statements are described as SQLite sees them (the first statement, and
     * {@link StatementInfo#multipleStatements()}). Answers are cached per pool, the last 512
     * statements by exact text; the verdict depends on the text alone, but the column names are
     * those of the schema when the statement was first described (a {@code select *} described
     * before an {@code alter table} keeps the old ones).
     *
     * @param sql one statement
     * @return SQLite's description
     * @throws QueryFailedException if SQLite cannot prepare it (syntax error, unknown table)
     * @throws WorkerPoolException for the other failures (closed, overloaded, no worker)
     */
    public StatementInfo describe(String sql) {
        return supervisor.describe(sql);
    }

    /** @return a snapshot of the pool's workers, queue and counters */
    public PoolStats stats() {
        return supervisor.stats();
    }

    /** @return a snapshot of every worker slot: name, role, state, pid */
    public List<WorkerInfo> workers() {
        return supervisor.workers();
    }

    /** @return the pool's configuration */
    public PoolConfig config() {
        return supervisor.config();
    }

    /**
     * @return the database file the pool works on now (a temporary one if none was configured); after
     *     {@link #swapDatabase(Path)}, the file it swapped to
     */
    public Path database() {
        return supervisor.database();
    }

    /**
     * Replaces the database file under a live read-only pool ({@link Builder#readOnly(boolean)}),
     * without failing a query: e.g. a fresher Litestream restore or snapshot. Blocking. In order:
     * <ol>
     *   <li>a reader is started on {@code newFile} for each live reader, while the old ones keep
     *       serving; if one cannot start (the file is missing, not a SQLite database, cannot be
     *       opened), the new readers are stopped, this throws, and the pool stays on the old file;</li>
     *   <li>once all are ready, the pool switches at once: every query, stream, {@code describe}
     *       and KNN query submitted after that runs on the new readers, as does a query still
     *       waiting in the queue;</li>
     *   <li>queries, streams ({@link RowStream}) and their pages already running on old readers
     *       finish there; each old reader is stopped as soon as it is free, without a checkpoint or
     *       any write;</li>
     *   <li>returns when every old reader has stopped (a stream left open keeps its old reader until
     *       it is closed, read to its end, or closed by {@code cursorIdleTimeout}).</li>
     * </ol>
     * A query never sees a mix of the two files: a KNN query split across readers
     * ({@link Builder#scatterKnn(boolean)}) whose parts straddle the switch runs again, whole, on a
     * new reader. A query retried after its old reader crashed runs on a new reader. A new reader
     * that crashes restarts on the new file; an old reader that crashes while it drains is not
     * restarted on the old file (its slot starts on the new file). Calls are serialised: a second
     * call waits for the first. The file is never written, and the old file is left where it is:
     * remove it once this returns. Counted in {@link PoolStats#databaseSwaps()}, told to
     * {@link WorkerPoolListener#databaseSwapped}, logged at INFO.
     *
     * @param newFile the database file to serve from now on (its WAL files beside it, as for
     *     {@link Builder#readOnly(boolean)})
     * @throws IllegalStateException if the pool is not read-only: swapping a writer's file would lose
     *     its writes
     * @throws PoolClosedException if the pool is closed, or closes before the swap is done
     * @throws PoolSetupException if {@code newFile} does not exist or is not a SQLite database, or
     *     no reader could start on it; the pool keeps serving the old file
     * @throws WorkerPoolException if interrupted while the old readers drain (the pool serves the new
     *     file already; the old readers stop once free); the interrupt flag is set again
     * @throws NullPointerException if {@code newFile} is null
     */
    public void swapDatabase(Path newFile) {
        supervisor.swapDatabase(newFile);
    }

    /** @return the pool's name */
    public String name() {
        return supervisor.config().name();
    }

    /** @return whether {@link #close()} has begun: from then on every request fails with {@link PoolClosedException} */
    public boolean isClosed() {
        return supervisor.closed();
    }

    /**
     * @return UP, DEGRADED or DOWN with a one-line reason, for a health endpoint; the rules are in
     *     {@link PoolHealth}. Takes a {@link #stats()} and a {@link #workers()} snapshot; never waits
     *     on a worker.
     */
    public PoolHealth health() {
        return PoolHealth.of(isClosed(), stats(), workers(), supervisor.config().maxQueued());
    }

    /**
     * Adds a listener beside the builder's ({@link Builder#listener}), e.g. a metrics binder; it hears
     * the events that happen from now on, after the listeners before it. Thread-safe.
     *
     * @param listener the listener; adding one twice makes it hear every event twice
     * @throws NullPointerException if null
     */
    public void addListener(WorkerPoolListener listener) {
        supervisor.addListener(listener);
    }

    /**
     * Removes a listener added with {@link #addListener} or given to the builder; an event already
     * being delivered on another thread may still reach it. Thread-safe.
     *
     * @param listener the listener
     * @return whether it was there
     */
    public boolean removeListener(WorkerPoolListener listener) {
        return supervisor.removeListener(listener);
    }

    /**
     * Stops accepting requests, lets running ones finish for up to {@code shutdownGracePeriod},
     * asks workers to exit, then destroys those that do not. Requests still queued fail with
     * {@link PoolClosedException}. Idempotent; blocks until every worker is gone.
     */
    @Override
    public void close() {
        supervisor.close();
    }

    /**
     * Configures and builds a {@link WorkerPool}. Mutable, not thread-safe; every setter checks
     * its argument and {@link #build()} checks the combination, with messages naming the option.
     */
    public static final class Builder extends WorkerOptions<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Starts every worker, all at once (readers open the database once the writer has created
         * it), and returns when all are ready.
         *
         * <p>Every failure other than a programming error in the options is a
         * {@link WorkerPoolException}.
         *
         * @return the running pool
         * @throws IllegalArgumentException if options conflict ({@link #readOnly} with
         *     {@link #standbyWriter}, or without a {@link #database}), or with {@link #registerMBeans}
         *     another pool of this name is registered
         * @throws PoolSetupException (a {@link WorkerStartException}) if what workers need cannot be
         *     prepared: a directory cannot be created, the worker jar or a native library cannot be
         *     unpacked into the cache directory, or no sqlite-vec binary fits this platform (musl
         *     libc included); the message says which and names the override where one exists; or a
         *     {@link #readOnly} pool's database file does not exist or is not a SQLite database
         * @throws WorkerStartException if a worker cannot be started; nothing is left running
         */
        public WorkerPool build() {
            Path cache = cacheDirectory != null ? cacheDirectory : SqliteVec.defaultCacheDirectory();
            PoolConfig config = new PoolConfig(
                    name != null ? name : "vecbox-" + POOL_NUMBER.incrementAndGet(),
                    database, readers, queryTimeout, writeTimeout, killGracePeriod, maxRows, maxResultBytes,
                    truncateResults, restartPolicy, quarantinePeriod, jvmOptions, commandPrefix, environment, startupTimeout,
                    acquireTimeout, maxQueued, shutdownGracePeriod, busyTimeout, statementCacheSize, cache,
                    crashLogDirectory != null ? crashLogDirectory : cache.resolve("crash-logs"), sandbox,
                    transactionIdleTimeout, cursorIdleTimeout, standbyWriter, mmapSize, cacheSize, classDataSharing,
                    knnCacheBytes, scatterKnn, knnFastPath, maxRequestsPerWorker, maxWorkerRss, registerMBeans,
                    readOnly, checkpointOnClose, walAutocheckpoint, knnWarmUp);
            return new WorkerPool(Supervisor.start(config, listener, callbackExecutor));
        }
    }
}
