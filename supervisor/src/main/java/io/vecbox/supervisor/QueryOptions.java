package io.vecbox.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of what one request may do and cost: timeouts, result limits, the sandbox, SQLite
 * tuning and KNN. Part of {@link WorkerPool.Builder}, split by role.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class QueryOptions<B extends QueryOptions<B>> extends PoolOptions<B> {
    Duration queryTimeout = Duration.ofSeconds(30);
    Duration writeTimeout = Duration.ofSeconds(60);
    int maxRows = 10_000;
    long maxResultBytes = 16L * 1024 * 1024;
    boolean truncateResults;
    Duration busyTimeout = Duration.ofSeconds(5);
    int statementCacheSize = 64;
    SandboxPolicy sandbox = SandboxPolicy.untrusted();
    Duration transactionIdleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
    Duration cursorIdleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
    long mmapSize = PoolConfig.DEFAULT_MMAP_SIZE;
    long cacheSize = PoolConfig.SQLITE_DEFAULT_CACHE_SIZE;
    long knnCacheBytes = PoolConfig.DEFAULT_KNN_CACHE_BYTES;
    boolean knnFastPath = true;
    boolean scatterKnn = true;
    boolean knnWarmUp;

    QueryOptions() {
    }

    /**
     * @param queryTimeout deadline of a query, from the moment a worker gets it; default 30 s
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public B queryTimeout(Duration queryTimeout) {
        this.queryTimeout = Checks.positive("queryTimeout", queryTimeout);
        return self();
    }

    /**
     * @param writeTimeout deadline of a write (execute, batch, execute-many); default 60 s
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public B writeTimeout(Duration writeTimeout) {
        this.writeTimeout = Checks.positive("writeTimeout", writeTimeout);
        return self();
    }

    /**
     * @param maxRows rows a query returns at most; a result with more fails with
     *     {@link ResultTooLargeException}, or is cut short under {@link WorkerPool.Builder#truncateResults(boolean)};
     *     default 10,000. {@link WorkerPool#stream} is not capped
     * @return this
     * @throws IllegalArgumentException if below 1
     */
    public B maxRows(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows < 1: " + maxRows);
        }
        this.maxRows = maxRows;
        return self();
    }

    /**
     * @param maxResultBytes encoded size a query result may reach; a larger one fails with
     *     {@link ResultTooLargeException}, or is cut short under {@link WorkerPool.Builder#truncateResults(boolean)};
     *     default 16 MiB, at most 48 MiB (the frame limit leaves room for headers)
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public B maxResultBytes(long maxResultBytes) {
        if (maxResultBytes < 1024) {
            throw new IllegalArgumentException("maxResultBytes < 1024: " + maxResultBytes);
        }
        if (maxResultBytes > 48L * 1024 * 1024) {
            throw new IllegalArgumentException("maxResultBytes > 48 MiB: " + maxResultBytes);
        }
        this.maxResultBytes = maxResultBytes;
        return self();
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
    public B truncateResults(boolean truncateResults) {
        this.truncateResults = truncateResults;
        return self();
    }

    /**
     * @param busyTimeout how long a connection waits for a lock held by another; default 5 s
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B busyTimeout(Duration busyTimeout) {
        this.busyTimeout = Checks.nonNegative("busyTimeout", busyTimeout);
        return self();
    }

    /**
     * @param statementCacheSize prepared statements cached per worker (0 disables); default 64
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B statementCacheSize(int statementCacheSize) {
        if (statementCacheSize < 0) {
            throw new IllegalArgumentException("statementCacheSize < 0: " + statementCacheSize);
        }
        this.statementCacheSize = statementCacheSize;
        return self();
    }

    /**
     * @param sandbox how {@link WorkerPool#query} treats its SQL; default
     *     {@link SandboxPolicy#untrusted()}. Use {@link SandboxPolicy#trusted()} when every
     *     query comes from the host's own code.
     * @return this
     */
    public B sandbox(SandboxPolicy sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        return self();
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
    public B transactionIdleTimeout(Duration transactionIdleTimeout) {
        this.transactionIdleTimeout = Checks.positive("transactionIdleTimeout", transactionIdleTimeout);
        return self();
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
    public B cursorIdleTimeout(Duration cursorIdleTimeout) {
        this.cursorIdleTimeout = Checks.positive("cursorIdleTimeout", cursorIdleTimeout);
        return self();
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
    public B mmapSize(long mmapSize) {
        if (mmapSize < 0) {
            throw new IllegalArgumentException("mmapSize must be >= 0, was " + mmapSize);
        }
        this.mmapSize = mmapSize;
        return self();
    }

    /**
     * SQLite page cache of each worker's connection, writer and readers, outside the worker's
     * Java heap: private memory of each worker, up to this much per connection. With readers
     * mapping the file ({@link WorkerPool.Builder#mmapSize}) their page cache holds little beyond what the
     * mapping does not cover. Default SQLite's own, 2,000 KiB
     * ({@link PoolConfig#SQLITE_DEFAULT_CACHE_SIZE}).
     *
     * @param cacheSize bytes, at least 1024
     * @return this builder
     * @throws IllegalArgumentException if under 1024
     */
    public B cacheSize(long cacheSize) {
        if (cacheSize < 1024) {
            throw new IllegalArgumentException("cacheSize must be >= 1024 bytes, was " + cacheSize);
        }
        this.cacheSize = cacheSize;
        return self();
    }

    /**
     * How much of vec0's chunk storage each reader keeps between KNN queries for its fast path
     * (the plain {@code select rowid, distance from t where v match ? and k = ?} query, which
     * readers answer by scanning vec0's chunks in Java when their JVM has the C2 compiler; see
     * the worker documentation). The chunks are kept in the reader's Java heap, as decoded
     * floats: a worker never uses more than a quarter of its maximum heap ({@code -Xmx}, 256 MB
     * by default) for them whatever this says, so raise the heap with {@link WorkerPool.Builder#jvmOptions} to
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
    public B knnCacheBytes(long knnCacheBytes) {
        if (knnCacheBytes < 0) {
            throw new IllegalArgumentException("knnCacheBytes < 0: " + knnCacheBytes);
        }
        this.knnCacheBytes = knnCacheBytes;
        return self();
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
     * and vec0 answers every KNN query. Options from {@link WorkerPool.Builder#jvmOptions} come after these and
     * win. Default true.
     *
     * @param knnFastPath whether readers run C2 and the Vector API
     * @return this builder
     */
    public B knnFastPath(boolean knnFastPath) {
        this.knnFastPath = knnFastPath;
        return self();
    }

    /**
     * Whether each reader fills its KNN chunk cache ({@link WorkerPool.Builder#knnCacheBytes}) before it
     * reports ready, instead of on its first KNN queries. A reader whose fast path runs
     * ({@link WorkerPool.Builder#knnFastPath}) reads, for every vec0 table without partition keys whose
     * layout the fast path serves, the chunks of each float32 vector column, as one KNN query on that
     * column would, until the cache is full (a column that does not fit in what is left is skipped).
     * Tables with partition keys, tables the fast path does not serve and non-vec0 tables are left
     * alone. Useful with {@link WorkerPool#swapDatabase}: the pool switches to the new readers only
     * once they are ready, so no query pays for the cold cache (measured at 100,000 float[384]
     * vectors: a first KNN query of 0.43 to 0.66 s on a cold reader against 19 to 35 ms warm).
     *
     * <p>The price: every reader start, at pool start, after a crash, on recycling and on a swap,
     * grows by the time to read the cached tables out of SQLite (about what one uncached scan of
     * them costs), and each reader's heap holds up to {@code knnCacheBytes} of chunks from its
     * start rather than from its first KNN query. The warm-up counts in the reader's
     * {@link WorkerPool.Builder#startupTimeout}, which must cover it. A warm-up that fails never
     * fails the start: the reader logs it and starts with an empty cache. Default false.
     *
     * @param knnWarmUp whether readers fill their KNN cache before they are ready
     * @return this builder
     */
    public B knnWarmUp(boolean knnWarmUp) {
        this.knnWarmUp = knnWarmUp;
        return self();
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
    public B scatterKnn(boolean scatterKnn) {
        this.scatterKnn = scatterKnn;
        return self();
    }
}
