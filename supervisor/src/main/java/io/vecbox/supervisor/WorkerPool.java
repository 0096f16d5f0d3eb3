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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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

    /** Most readers a pool starts when {@code readers} is not set; see {@link #defaultReaders(int)}. */
    static final int DEFAULT_READERS_CAP = 4;

    /**
     * The default of {@link Builder#readers(int)}: the processor count, capped at
     * {@value #DEFAULT_READERS_CAP}. Each reader is a JVM of about 50 MB resident when idle and a
     * fifth of a second to start, and a query runs on one thread, so readers past the processor
     * count only queue for CPU. Past four, each one adds memory that an idle or lightly loaded
     * host pays for all the time (uncapped, a 64-core server would start 65 JVMs and hold 3.2 GB
     * doing nothing), while most hosts never keep more than a few queries on one SQLite file in
     * flight at once. A host that does sets {@code readers} to match its concurrency.
     *
     * @param availableProcessors {@link Runtime#availableProcessors()}
     * @return the default reader count, 1..{@value #DEFAULT_READERS_CAP}
     */
    static int defaultReaders(int availableProcessors) {
        return Math.max(1, Math.min(availableProcessors, DEFAULT_READERS_CAP));
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

    /** @return the database file the pool works on (a temporary one if none was configured) */
    public Path database() {
        return supervisor.database();
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
    public static final class Builder {
        private String name;
        private Path database;
        private int readers = defaultReaders(Runtime.getRuntime().availableProcessors());
        private Duration queryTimeout = Duration.ofSeconds(30);
        private boolean standbyWriter;
        private boolean checkpointOnClose = true;
        private int walAutocheckpoint = PoolConfig.SQLITE_DEFAULT_WAL_AUTOCHECKPOINT;
        private boolean scatterKnn = true;
        private boolean classDataSharing = true;
        private long mmapSize = PoolConfig.DEFAULT_MMAP_SIZE;
        private long cacheSize = PoolConfig.SQLITE_DEFAULT_CACHE_SIZE;
        private Duration writeTimeout = Duration.ofSeconds(60);
        private Duration killGracePeriod = Duration.ofSeconds(2);
        private int maxRows = 10_000;
        private long maxResultBytes = 16L * 1024 * 1024;
        private boolean truncateResults;
        private RestartPolicy restartPolicy = RestartPolicy.ofDefaults();
        private Duration quarantinePeriod = Duration.ofMinutes(10);
        private List<String> jvmOptions = List.of();
        private List<String> commandPrefix = List.of();
        private Map<String, String> environment = Map.of();
        private WorkerPoolListener listener;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration acquireTimeout = Duration.ofSeconds(10);
        private int maxQueued = 1000;
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int statementCacheSize = 64;
        private Path cacheDirectory;
        private Path crashLogDirectory;
        private SandboxPolicy sandbox = SandboxPolicy.untrusted();
        private Executor callbackExecutor;
        private Duration transactionIdleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
        private Duration cursorIdleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
        private long knnCacheBytes = PoolConfig.DEFAULT_KNN_CACHE_BYTES;
        private boolean knnFastPath = true;
        private int maxRequestsPerWorker;
        private long maxWorkerRss;
        private boolean registerMBeans;

        private Builder() {
        }

        /**
         * @param name the pool's name, prefix of its log lines and thread names; default {@code vecbox-N}
         * @return this
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name is blank: '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * @param database the database file, created if missing; default: a temporary database in
         *     a fresh directory, deleted when the pool closes
         * @return this
         */
        public Builder database(Path database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /**
         * @param readers read-only workers, 1..256; default: available processors, at most 4
         *     (each is a JVM of about 50 MB; set it to the number of queries the host keeps in
         *     flight at once if that is more)
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder readers(int readers) {
            if (readers < 1) {
                throw new IllegalArgumentException("readers < 1: " + readers);
            }
            if (readers > 256) {
                throw new IllegalArgumentException("readers > 256: " + readers);
            }
            this.readers = readers;
            return this;
        }

        /**
         * @param queryTimeout deadline of a query, from the moment a worker gets it; default 30 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = Checks.positive("queryTimeout", queryTimeout);
            return this;
        }

        /**
         * @param writeTimeout deadline of a write (execute, batch, execute-many); default 60 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = Checks.positive("writeTimeout", writeTimeout);
            return this;
        }

        /**
         * @param killGracePeriod how long past its deadline a worker may take to answer before the
         *     pool kills it (native code can spin where SQLite's interrupt never reaches); default 2 s
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder killGracePeriod(Duration killGracePeriod) {
            this.killGracePeriod = Checks.nonNegative("killGracePeriod", killGracePeriod);
            return this;
        }

        /**
         * @param maxRows rows a query returns at most; a result with more fails with
         *     {@link ResultTooLargeException}, or is cut short under {@link #truncateResults(boolean)};
         *     default 10,000. {@link WorkerPool#stream} is not capped
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxRows(int maxRows) {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows < 1: " + maxRows);
            }
            this.maxRows = maxRows;
            return this;
        }

        /**
         * @param maxResultBytes encoded size a query result may reach; a larger one fails with
         *     {@link ResultTooLargeException}, or is cut short under {@link #truncateResults(boolean)};
         *     default 16 MiB, at most 48 MiB (the frame limit leaves room for headers)
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxResultBytes(long maxResultBytes) {
            if (maxResultBytes < 1024) {
                throw new IllegalArgumentException("maxResultBytes < 1024: " + maxResultBytes);
            }
            if (maxResultBytes > 48L * 1024 * 1024) {
                throw new IllegalArgumentException("maxResultBytes > 48 MiB: " + maxResultBytes);
            }
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        /**
         * What a query whose result passes {@code maxRows} or {@code maxResultBytes} gives back.
         * By default ({@code false}) it fails with {@link ResultTooLargeException}, naming the
         * limit: no caller gets a partial result without asking. With {@code true} it returns the
         * rows read up to the limit with {@link QueryResult#truncated()} set, for callers that
         * show a preview (a console, the CLI). Applies to every query of the pool, under either
         * {@link SandboxPolicy}; the limits themselves bound the worker and the host either way.
         * The rows a write returns ({@link UpdateResult#returned()}) are cut at the same limits
         * whatever this says, because the write has committed by then and is never failed for
         * what it returned.
         *
         * @param truncateResults whether a result past a limit is cut short instead of failing;
         *     default false
         * @return this
         */
        public Builder truncateResults(boolean truncateResults) {
            this.truncateResults = truncateResults;
            return this;
        }

        /**
         * @param restartPolicy how dead workers are restarted; default {@link RestartPolicy#ofDefaults()}
         * @return this
         */
        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
            return this;
        }

        /**
         * @param quarantinePeriod how long a statement is refused once it crashed two workers with the
         *     same values, or its shape (literals and parameters aside) crashed three; default 10 min
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder quarantinePeriod(Duration quarantinePeriod) {
            this.quarantinePeriod = Checks.nonNegative("quarantinePeriod", quarantinePeriod);
            return this;
        }

        /**
         * @param jvmOptions extra worker JVM options, placed after the defaults so they win (e.g.
         *     {@code -Xmx1g}); default none. The defaults are {@code -Xlog:disable
         *     -Xlog:all=warning:stderr -Xms8m -Xmx256m -Xss1m
         *     -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData
         *     -XX:+ExitOnOutOfMemoryError
         *     -XX:+DisplayVMOutputToStderr -XX:-CreateCoredumpOnCrash -XX:ErrorFile=<crashLogDirectory>/hs_err_pid%p.log},
         *     followed by {@code -Dorg.sqlite.lib.path=<dir> -Dorg.sqlite.lib.name=<file>} naming
         *     sqlite-jdbc's native library in the cache directory, and with
         *     {@link #classDataSharing(boolean)} (on by default) {@code -XX:SharedArchiveFile=<archive>}
         *     right after the java executable once the archive exists. The options other than
         *     {@code -D} system properties and {@code -XX:ErrorFile} are part of the archive's key:
         *     another set of them gets (and makes) an archive of its own. Do not pass {@code -Xrs}: it
         *     leaves SIGINT and SIGQUIT at their default action, so a terminal's Ctrl-C or Ctrl-\
         *     would kill the workers
         * @return this
         */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /**
         * @param commandPrefix a command put in front of the worker's {@code java} command, e.g.
         *     {@code List.of("prlimit", "--as=4294967296", "--cpu=600")} or {@code nice -n 10};
         *     default none. The prefix should exec the command it is given, as {@code prlimit},
         *     {@code nice}, {@code taskset} and {@code env} do (in a script: {@code exec "$@"}), so
         *     that the worker JVM is the process the pool launched. A prefix that forks instead
         *     ({@code timeout 600}, a script without {@code exec}) still works: the pool sees it in
         *     the worker's handshake, logs a WARN once, shows the worker JVM's pid in
         *     {@link WorkerPool#workers()} and signals both processes; but the exit code and signal
         *     in its crash reports are then the prefix's.
         * @return this
         */
        public Builder commandPrefix(List<String> commandPrefix) {
            this.commandPrefix = List.copyOf(commandPrefix);
            return this;
        }

        /**
         * @param environment the workers' entire environment; the host's environment is not
         *     inherited; default empty
         * @return this
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(new HashMap<>(environment));
            return this;
        }

        /**
         * @param listener hooks for metrics and alerts; default none (more can join later, see
         *     {@link WorkerPool#addListener})
         * @return this
         */
        public Builder listener(WorkerPoolListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param startupTimeout launch-to-ready limit of a worker; default 30 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Checks.positive("startupTimeout", startupTimeout);
            return this;
        }

        /**
         * @param acquireTimeout how long a request may wait for a free worker; default 10 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = Checks.positive("acquireTimeout", acquireTimeout);
            return this;
        }

        /**
         * @param maxQueued requests that may wait for a worker; more are refused with
         *     {@link PoolOverloadedException}; default 1000
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder maxQueued(int maxQueued) {
            if (maxQueued < 0) {
                throw new IllegalArgumentException("maxQueued < 0: " + maxQueued);
            }
            this.maxQueued = maxQueued;
            return this;
        }

        /**
         * @param shutdownGracePeriod how long {@link #close()} lets running requests finish; default 10 s
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = Checks.nonNegative("shutdownGracePeriod", shutdownGracePeriod);
            return this;
        }

        /**
         * @param busyTimeout how long a connection waits for a lock held by another; default 5 s
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = Checks.nonNegative("busyTimeout", busyTimeout);
            return this;
        }

        /**
         * @param statementCacheSize prepared statements cached per worker (0 disables); default 64
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder statementCacheSize(int statementCacheSize) {
            if (statementCacheSize < 0) {
                throw new IllegalArgumentException("statementCacheSize < 0: " + statementCacheSize);
            }
            this.statementCacheSize = statementCacheSize;
            return this;
        }

        /**
         * @param cacheDirectory where the worker jar, sqlite-vec and sqlite-jdbc's native library are
         *     unpacked (verified by hash), once, not per worker start; default
         *     {@code $XDG_CACHE_HOME/vecbox} or {@code ~/.cache/vecbox}
         * @return this
         */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
            return this;
        }

        /**
         * @param crashLogDirectory where workers write JVM crash logs ({@code hs_err_pid<pid>.log}),
         *     named in crash reports; default {@code <cacheDirectory>/crash-logs}. The newest 20 are
         *     kept: older ones are deleted when a pool starts and after each crash
         * @return this
         */
        public Builder crashLogDirectory(Path crashLogDirectory) {
            this.crashLogDirectory = Objects.requireNonNull(crashLogDirectory, "crashLogDirectory");
            return this;
        }

        /**
         * @param sandbox how {@link WorkerPool#query} treats its SQL; default
         *     {@link SandboxPolicy#untrusted()}. Use {@link SandboxPolicy#trusted()} when every
         *     query comes from the host's own code.
         * @return this
         */
        public Builder sandbox(SandboxPolicy sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /**
         * @param callbackExecutor the executor that completes the futures of the {@code ...Async}
         *     methods, and so runs the callbacks chained onto them. It must run each task on a
         *     thread of its own, not on the submitting thread (no direct executor, no
         *     {@code CallerRunsPolicy}): the submitting thread is a pool I/O thread. The pool never
         *     shuts it down; if it rejects a task, the pool's own callback threads complete that
         *     future (logged at WARN once). Default: the pool's own cached pool of daemon threads
         *     named {@code vecbox-<pool>-callback-N}, made on demand, shut down when {@link WorkerPool#close()}
         *     has completed every future.
         * @return this
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /**
         * How long a {@link Transaction} may sit with nothing running in it before the pool rolls it
         * back and releases the writer (its next call throws {@link TransactionLostException}). It
         * keeps a forgotten transaction from blocking every write for good. Default 60 s.
         *
         * @param transactionIdleTimeout positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder transactionIdleTimeout(Duration transactionIdleTimeout) {
            this.transactionIdleTimeout = Checks.positive("transactionIdleTimeout", transactionIdleTimeout);
            return this;
        }

        /**
         * How long a {@link RowStream} may go unread before its worker closes the cursor, releasing
         * the worker and its read snapshot (the next read throws {@link CursorClosedException}).
         * Default 60 s.
         *
         * @param cursorIdleTimeout positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder cursorIdleTimeout(Duration cursorIdleTimeout) {
            this.cursorIdleTimeout = Checks.positive("cursorIdleTimeout", cursorIdleTimeout);
            return this;
        }

        /**
         * Whether the writer checkpoints the WAL into the database file and truncates it
         * ({@code wal_checkpoint(TRUNCATE)}) when the pool closes, so that the file is whole on its own
         * afterwards. Default true. Turn it off when another process owns checkpoints: Litestream
         * replicates from the WAL and checkpoints it itself, and a TRUNCATE checkpoint by the pool
         * would either wait on Litestream's read transaction or, when it gets through, restart the WAL
         * behind Litestream's back, which makes Litestream start a new generation (a full snapshot).
         * With it off nothing acknowledged is lost: the committed frames stay in the {@code -wal} file,
         * which belongs to the database (see "WAL files and backups"). SQLite itself still checkpoints
         * when the last connection to the file closes, so with Litestream stopped first the WAL is
         * folded in anyway.
         *
         * @param checkpointOnClose false to leave the WAL to another process
         * @return this builder
         */
        public Builder checkpointOnClose(boolean checkpointOnClose) {
            this.checkpointOnClose = checkpointOnClose;
            return this;
        }

        /**
         * The writer's {@code wal_autocheckpoint}: after a commit that leaves at least this many pages
         * in the WAL, the writer runs a PASSIVE checkpoint (it never waits for readers and never
         * blocks). 0 turns automatic checkpoints off, which is what Litestream recommends for a
         * database it replicates under a high write load: it checkpoints on its own schedule, and an
         * application checkpoint racing it can cost a new generation. With it off and nothing else
         * checkpointing, the WAL grows until someone does. Default
         * {@value PoolConfig#SQLITE_DEFAULT_WAL_AUTOCHECKPOINT}, SQLite's own.
         *
         * @param pages the threshold in pages; 0 for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder walAutocheckpoint(int pages) {
            if (pages < 0) {
                throw new IllegalArgumentException("walAutocheckpoint < 0: " + pages);
            }
            this.walAutocheckpoint = pages;
            return this;
        }

        /**
         * Whether a second writer process, the standby, is kept started, connected to the database
         * and warmed up, so that when the writer is lost (crash, kill, hang) the writes go to it at
         * once instead of waiting for a restart. It serves nothing and holds no lock until then
         * ({@link WorkerInfo#state()} {@code STANDBY}, {@link PoolStats#standby()}). On a promotion
         * the two writer slots swap roles: the lost writer's slot restarts, with the usual
         * {@link RestartPolicy} delays, as the new standby. The write that was running on the lost
         * writer still fails with {@link WorkerCrashedException}, its outcome unknown: it is never
         * resent. The standby takes the slot after the readers ({@code worker-<readers+1>}), is
         * started with the pool ({@link #build()} waits for it) and stopped before the writer at
         * {@link WorkerPool#close()}, without touching the database. Costs one more worker JVM
         * (about as much memory as a reader). Default false.
         *
         * @param standbyWriter true to keep a standby writer
         * @return this builder
         */
        public Builder standbyWriter(boolean standbyWriter) {
            this.standbyWriter = standbyWriter;
            return this;
        }

        /**
         * Whether a plain nearest-neighbour query ({@code select rowid, distance from <vec0 table>
         * where <vector column> match ? and k = ?}, optionally {@code and <partition key> = ?} and
         * {@code order by distance}) is split across the idle readers when at least two are idle:
         * each scans a range of the table's chunks and the pool merges their top {@code k} rows
         * into exactly the rows, order and distances the whole query gives. A query a reader
         * cannot split runs whole, as it does with this off, and its SQL text runs whole for the
         * next minute; so does every query while fewer than two readers are idle, and every query
         * of a pool with one reader. Each part runs in its own read
         * snapshot, so the pool splits a query only while none of its own writes runs, and runs it
         * again whole if one started before the parts answered. It cannot see writes by another
         * process to the same database file: turn this off for a pool whose file others write
         * (the rows could then mix two states of the table). Default true.
         *
         * @param scatterKnn false to run every query whole on one reader
         * @return this builder
         */
        public Builder scatterKnn(boolean scatterKnn) {
            this.scatterKnn = scatterKnn;
            return this;
        }

        /**
         * Whether workers start on an application class-data archive (AppCDS): the worker's
         * classes laid out once in {@code <cacheDirectory>/class-data/worker-<key>.jsa} and mapped
         * by every later worker, which makes a worker start quicker and share memory. The archive is
         * made in the background the first time a pool starts with a Java runtime, worker jar and
         * JVM options that have none (those first workers start without it); it is checked
         * against its recorded SHA-256 before each use and made again if damaged. Default true.
         *
         * @param classDataSharing false to start workers without an archive and never make one
         * @return this builder
         */
        public Builder classDataSharing(boolean classDataSharing) {
            this.classDataSharing = classDataSharing;
            return this;
        }

        /**
         * SQLite {@code mmap_size} of each reader's connection: how much of the database file is
         * read through a memory mapping instead of {@code read()} calls into SQLite's page cache.
         * KNN over vec0 reads its vectors as large overflow chains, which a mapping serves
         * without copying. The mapped pages are the kernel's page cache of the file, shared by
         * all readers, so they cost address space, not private memory per reader; sandboxed
         * readers map too, and their per-statement memory limit does not count file pages
         * (see {@link SandboxPolicy#hardHeapLimitBytes()}). The writer never maps (see
         * {@link PoolConfig#mmapSize()}). Default {@link PoolConfig#DEFAULT_MMAP_SIZE} (256 MiB);
         * SQLite caps it at its compile-time maximum (2 GiB in sqlite-jdbc's build).
         *
         * @param mmapSize bytes, 0 to turn memory-mapped I/O off
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder mmapSize(long mmapSize) {
            if (mmapSize < 0) {
                throw new IllegalArgumentException("mmapSize must be >= 0, was " + mmapSize);
            }
            this.mmapSize = mmapSize;
            return this;
        }

        /**
         * SQLite page cache of each worker's connection, writer and readers, outside the worker's
         * Java heap: private memory of each worker, up to this much per connection. With readers
         * mapping the file ({@link #mmapSize}) their page cache holds little beyond what the
         * mapping does not cover. Default SQLite's own, 2,000 KiB
         * ({@link PoolConfig#SQLITE_DEFAULT_CACHE_SIZE}).
         *
         * @param cacheSize bytes, at least 1024
         * @return this builder
         * @throws IllegalArgumentException if under 1024
         */
        public Builder cacheSize(long cacheSize) {
            if (cacheSize < 1024) {
                throw new IllegalArgumentException("cacheSize must be >= 1024 bytes, was " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * How much of vec0's chunk storage each reader keeps between KNN queries for its fast path
         * (the plain {@code select rowid, distance from t where v match ? and k = ?} query, which
         * readers answer by scanning vec0's chunks in Java when their JVM has the C2 compiler; see
         * the worker documentation). The chunks are kept in the reader's Java heap, as decoded
         * floats: a worker never uses more than a quarter of its maximum heap ({@code -Xmx}, 256 MB
         * by default) for them whatever this says, so raise the heap with {@link #jvmOptions} to
         * cache more. Heap, not native memory: the sandbox's per-statement memory limit does not
         * count it. Each answer still sees one committed state: the cache is dropped whenever
         * another connection has committed since it was filled. The fast path runs only from the
         * cache: a scan whose chunks are not all cached and do not all fit in what is left of it
         * runs through vec0 (reading a chunk out of SQLite costs about what vec0's own scan of it
         * costs), so a table, or a reader's part of a split query, larger than this is always
         * answered by vec0. Default {@link PoolConfig#DEFAULT_KNN_CACHE_BYTES} (64 MiB: about 40,000
         * float[384] vectors per reader).
         *
         * @param knnCacheBytes bytes per reader, 0 to leave every KNN query to vec0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder knnCacheBytes(long knnCacheBytes) {
            if (knnCacheBytes < 0) {
                throw new IllegalArgumentException("knnCacheBytes < 0: " + knnCacheBytes);
            }
            this.knnCacheBytes = knnCacheBytes;
            return this;
        }

        /**
         * Whether readers start with what their KNN fast path needs: HotSpot's C2 compiler (full
         * tiered compilation, two compiler threads) and the JDK's Vector API
         * ({@code --add-modules=jdk.incubator.vector}, an incubator module in JDK 17, which prints
         * one warning line to the reader's stderr at start). With it, a reader answers the plain
         * nearest-neighbour query on a vec0 table ({@code select rowid, distance from t where v
         * match ? and k = ?}) by scanning vec0's chunks itself, with exactly vec0's rows, order and
         * distances, and the pool splits such a query across idle readers. The writer (and a
         * standby writer) always runs C1 only, which starts quicker and has the steadier latency.
         *
         * <p>The price, per reader: about 3 MB more resident memory, a start about 60 ms longer on
         * a small machine, and for its first tens of thousands of requests a slower 99th
         * percentile while C2 compiles. Off ({@code false}), readers start with the writer's options
         * and vec0 answers every KNN query. Options from {@link #jvmOptions} come after these and
         * win. Default true.
         *
         * @param knnFastPath whether readers run C2 and the Vector API
         * @return this builder
         */
        public Builder knnFastPath(boolean knnFastPath) {
            this.knnFastPath = knnFastPath;
            return this;
        }

        /**
         * Replaces each worker, gracefully, after it answered about this many requests, because
         * long-lived native connections may leak (sqlite-vec has open reports of it). Each worker
         * gets its own threshold, 10 to 25 % below this number at random, so that workers started
         * together do not all come due together. The replacement is started and warmed up while
         * the worker keeps serving, and takes over once it is ready and the worker is free: no
         * request in flight, and no {@link Transaction} or {@link RowStream} holding it (a leased
         * worker is replaced after its lease ends). The old worker then exits without touching the
         * database. The writer is replaced the same way, so two writers never write at once: the
         * new one gets its first write only after the old one answered its last. No request fails
         * or is retried for it; it counts in {@link PoolStats#restarts()}, never in
         * {@link PoolStats#crashes()}, and is logged at INFO with the reason
         * ({@code worker-1#3 recycled after 8,702 requests (maxRequestsPerWorker 10,000); worker-1#4
         * took over}). A replacement that fails to start is dropped with a WARN and the worker keeps
         * serving. The standby writer answers no requests, so only {@link #maxWorkerRss} recycles
         * it. Default 0: never.
         *
         * @param maxRequestsPerWorker requests, at least 1, or 0 for never
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRequestsPerWorker(int maxRequestsPerWorker) {
            if (maxRequestsPerWorker < 0) {
                throw new IllegalArgumentException("maxRequestsPerWorker < 0: " + maxRequestsPerWorker);
            }
            this.maxRequestsPerWorker = maxRequestsPerWorker;
            return this;
        }

        /**
         * Replaces a worker, gracefully as {@link #maxRequestsPerWorker} does, once its private
         * resident memory passes this many bytes: {@code RssAnon} of {@code /proc/<pid>/status}
         * ({@code VmRSS} on Linux before 4.5), read every second. That is the worker's Java heap,
         * SQLite's page cache and native allocations, where a leak grows; it leaves out file-backed
         * pages such as a reader's memory-mapped database ({@link #mmapSize}), which the kernel
         * shares between readers. An idle worker holds a few tens of MB; set this well above what a
         * worker needs for its heap ({@link #jvmOptions}), {@link #cacheSize} and
         * {@link #knnCacheBytes}, or it recycles again and again. On a platform without
         * {@code /proc} (macOS, Windows) the option is ignored with a WARN when the pool starts,
         * so one configuration serves every platform. Default 0: never.
         *
         * @param maxWorkerRss bytes, or 0 for never
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxWorkerRss(long maxWorkerRss) {
            if (maxWorkerRss < 0) {
                throw new IllegalArgumentException("maxWorkerRss < 0: " + maxWorkerRss);
            }
            this.maxWorkerRss = maxWorkerRss;
            return this;
        }

        /**
         * Whether the pool registers a {@link WorkerPoolMXBean} with the platform MBean server as
         * {@code io.vecbox:type=WorkerPool,name=<pool name>} (quoted if the name needs it): the
         * numbers of {@link WorkerPool#stats()} as attributes, and {@code recycleWorker(name)} and
         * {@code recycleAllWorkers()} as operations. Unregistered by {@link WorkerPool#close()}.
         * Two pools cannot share a name then: {@link #build()} fails with
         * {@link IllegalArgumentException} naming the clash, before starting any worker. Default
         * false.
         *
         * @param registerMBeans true to register the MXBean
         * @return this builder
         */
        public Builder registerMBeans(boolean registerMBeans) {
            this.registerMBeans = registerMBeans;
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
         * @throws IllegalArgumentException if options conflict, or with {@link #registerMBeans}
         *     another pool of this name is registered
         * @throws PoolSetupException (a {@link WorkerStartException}) if what workers need cannot be
         *     prepared: a directory cannot be created, the worker jar or a native library cannot be
         *     unpacked into the cache directory, or no sqlite-vec binary fits this platform (musl
         *     libc included); the message says which and names the override where one exists
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
                    checkpointOnClose, walAutocheckpoint);
            return new WorkerPool(Supervisor.start(config, listener, callbackExecutor));
        }
    }
}
