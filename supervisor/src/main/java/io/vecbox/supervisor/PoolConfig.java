package io.vecbox.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A pool's validated, immutable configuration, made by {@link WorkerPool.Builder#build()}.
 * See the builder's methods for each option's meaning and default.
 *
 * @param name pool name, the prefix of every log line
 * @param database database file; null means a temporary database deleted at close
 * @param readers read-only workers
 * @param queryTimeout deadline of a query
 * @param writeTimeout deadline of a write (execute, batch, execute-many)
 * @param killGracePeriod how long past a deadline a worker may take to answer before it is killed
 * @param maxRows row cap of a query result
 * @param maxResultBytes size cap of a query result
 * @param truncateResults whether a result past a cap is cut short ({@link QueryResult#truncated()})
 *     instead of failing with {@link ResultTooLargeException}
 * @param restartPolicy how dead workers are restarted
 * @param quarantinePeriod how long a quarantined statement (two crashes with the same values, three of
 *     one shape) is refused
 * @param jvmOptions extra worker JVM options, after the defaults
 * @param commandPrefix command run in front of the worker's java command
 * @param environment the worker's whole environment
 * @param startupTimeout launch-to-ready limit
 * @param acquireTimeout how long a request may wait for a free worker
 * @param maxQueued requests that may wait for a worker before new ones are refused
 * @param shutdownGracePeriod how long close() lets running requests finish
 * @param busyTimeout SQLite busy timeout of each connection
 * @param statementCacheSize prepared statements cached per worker
 * @param cacheDirectory where the worker jar and sqlite-vec are unpacked
 * @param crashLogDirectory where workers write JVM crash logs
 * @param sandbox how untrusted queries are treated
 * @param transactionIdleTimeout how long a {@link Transaction} may sit with nothing running in it
 *     before the pool rolls it back
 * @param cursorIdleTimeout how long a {@link RowStream} may go unread before it is closed
 * @param standbyWriter whether a second writer process is kept started and ready to take over at
 *     once when the writer is lost
 * @param mmapSize SQLite {@code mmap_size} of each reader's connection, in bytes (0: no
 *     memory-mapped I/O). The writer always runs with 0: SQLite writes through {@code write()}
 *     calls whatever {@code mmap_size} says, so a mapping would serve only the writer's own reads;
 *     and through a mapping a read error (failing storage, a file shrunk under it) is a SIGBUS that
 *     kills the process instead of an {@code SQLITE_IOERR} — on a reader the pool retries the query
 *     on another reader, on the writer it would cost a write whose outcome is unknown. Readers,
 *     whose KNN scans read vec0's large chunk blobs as overflow pages, gain the most
 * @param cacheSize SQLite page cache of every connection, writer and readers, in bytes (sent as
 *     {@code cache_size = -KiB}); private memory of each worker, outside its Java heap
 * @param classDataSharing whether workers start on a class-data archive made on first use
 * @param knnCacheBytes how many bytes of vec0 chunk storage each reader keeps in its Java heap for
 *     its KNN fast path, which runs only from it (0: none, and vec0 answers every KNN query); a worker
 *     uses at most a quarter of its maximum heap whatever this says
 * @param scatterKnn whether a plain nearest-neighbour query is split across idle readers and the
 *     parts' rows merged ({@link WorkerPool.Builder#scatterKnn(boolean)})
 * @param knnFastPath whether readers start with the C2 compiler and the JDK's Vector API, which
 *     their KNN fast path needs (false: readers start with the writer's C1-only options, and vec0
 *     answers every KNN query)
 * @param maxRequestsPerWorker after about how many answered requests a worker is replaced, gracefully
 *     (each worker's own threshold is 10 to 25 % lower, drawn at random); 0: never
 * @param maxWorkerRss above how many bytes of private resident memory a worker is replaced,
 *     gracefully; 0: never
 * @param registerMBeans whether the pool registers its {@link WorkerPoolMXBean}
 * @param readOnly whether the pool has readers only, over a database file something else maintains
 *     ({@link WorkerPool.Builder#readOnly(boolean)}): no writer, no standby, every write refused with
 *     {@link ReadOnlyPoolException}; the file must exist
 * @param checkpointOnClose whether the writer checkpoints the WAL into the database file and truncates
 *     it when the pool closes ({@link WorkerPool.Builder#checkpointOnClose(boolean)})
 * @param walAutocheckpoint the writer's {@code wal_autocheckpoint}: after a commit that leaves at
 *     least this many pages in the WAL, the writer runs a PASSIVE checkpoint; 0: never
 *     ({@link WorkerPool.Builder#walAutocheckpoint(int)})
 * @param knnWarmUp whether each reader fills its KNN cache before it is ready rather than on its first
 *     KNN queries ({@link WorkerPool.Builder#knnWarmUp(boolean)})
 */
public record PoolConfig(String name, Path database, int readers, Duration queryTimeout, Duration writeTimeout,
                         Duration killGracePeriod, int maxRows, long maxResultBytes, boolean truncateResults,
                         RestartPolicy restartPolicy,
                         Duration quarantinePeriod, List<String> jvmOptions, List<String> commandPrefix,
                         Map<String, String> environment, Duration startupTimeout, Duration acquireTimeout,
                         int maxQueued, Duration shutdownGracePeriod, Duration busyTimeout, int statementCacheSize,
                         Path cacheDirectory, Path crashLogDirectory, SandboxPolicy sandbox,
                         Duration transactionIdleTimeout, Duration cursorIdleTimeout, boolean standbyWriter,
                         long mmapSize, long cacheSize, boolean classDataSharing, long knnCacheBytes,
                         boolean scatterKnn, boolean knnFastPath, int maxRequestsPerWorker, long maxWorkerRss,
                         boolean registerMBeans, boolean readOnly, boolean checkpointOnClose,
                         int walAutocheckpoint, boolean knnWarmUp) {
    /** The default of both idle timeouts. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** SQLite's own default page cache: 2,000 KiB. */
    public static final long SQLITE_DEFAULT_CACHE_SIZE = 2000L * 1024;
    /**
     * The default {@link #mmapSize()}: 256 MiB of the database file mapped by each reader. The
     * mapped pages are the kernel's page cache, shared by every reader of the file (and by the
     * writer's reads through the page cache): they add no private memory per reader.
     */
    public static final long DEFAULT_MMAP_SIZE = 256L << 20;
    /** The default {@link #knnCacheBytes()}: 64 MiB, a quarter of the default 256 MB worker heap. */
    public static final long DEFAULT_KNN_CACHE_BYTES = 64L << 20;
    /** SQLite's own default {@code wal_autocheckpoint}: 1000 pages. */
    public static final int SQLITE_DEFAULT_WAL_AUTOCHECKPOINT = 1000;

    public PoolConfig {
        jvmOptions = List.copyOf(jvmOptions);
        commandPrefix = List.copyOf(commandPrefix);
        environment = Map.copyOf(environment);
        Checks.positive("transactionIdleTimeout", transactionIdleTimeout);
        Checks.positive("cursorIdleTimeout", cursorIdleTimeout);
        if (mmapSize < 0) {
            throw new IllegalArgumentException("mmapSize must be >= 0, was " + mmapSize);
        }
        if (cacheSize < 1024) {
            throw new IllegalArgumentException("cacheSize must be >= 1024 bytes, was " + cacheSize);
        }
        if (knnCacheBytes < 0) {
            throw new IllegalArgumentException("knnCacheBytes must be >= 0, was " + knnCacheBytes);
        }
        if (maxRequestsPerWorker < 0) {
            throw new IllegalArgumentException("maxRequestsPerWorker must be >= 0, was " + maxRequestsPerWorker);
        }
        if (maxWorkerRss < 0) {
            throw new IllegalArgumentException("maxWorkerRss must be >= 0, was " + maxWorkerRss);
        }
        if (walAutocheckpoint < 0) {
            throw new IllegalArgumentException("walAutocheckpoint must be >= 0, was " + walAutocheckpoint);
        }
        if (readOnly && standbyWriter) {
            throw new IllegalArgumentException("readOnly and standbyWriter exclude each other: a read-only pool has"
                    + " no writer to stand by for");
        }
        if (readOnly && database == null) {
            throw new IllegalArgumentException("readOnly needs a database file: a read-only pool never creates one");
        }
    }

    /**
     * The configuration as it was before the KNN fast path, recycling, JMX, read-only pools, the
     * checkpoint options and the KNN warm-up: the builder's defaults for them (readers keep
     * {@link #DEFAULT_KNN_CACHE_BYTES}, run the fast path, split KNN queries and fill their cache on
     * first use; workers are never recycled; no MBean; a writer, which checkpoints on close and keeps
     * SQLite's autocheckpoint).
     */
    public PoolConfig(String name, Path database, int readers, Duration queryTimeout, Duration writeTimeout,
                      Duration killGracePeriod, int maxRows, long maxResultBytes, boolean truncateResults,
                      RestartPolicy restartPolicy,
                      Duration quarantinePeriod, List<String> jvmOptions, List<String> commandPrefix,
                      Map<String, String> environment, Duration startupTimeout, Duration acquireTimeout,
                      int maxQueued, Duration shutdownGracePeriod, Duration busyTimeout, int statementCacheSize,
                      Path cacheDirectory, Path crashLogDirectory, SandboxPolicy sandbox,
                      Duration transactionIdleTimeout, Duration cursorIdleTimeout, boolean standbyWriter,
                      long mmapSize, long cacheSize, boolean classDataSharing) {
        this(name, database, readers, queryTimeout, writeTimeout, killGracePeriod, maxRows, maxResultBytes,
                truncateResults, restartPolicy, quarantinePeriod, jvmOptions, commandPrefix, environment, startupTimeout,
                acquireTimeout, maxQueued, shutdownGracePeriod, busyTimeout, statementCacheSize, cacheDirectory,
                crashLogDirectory, sandbox, transactionIdleTimeout, cursorIdleTimeout, standbyWriter, mmapSize,
                cacheSize, classDataSharing, DEFAULT_KNN_CACHE_BYTES, true, true, 0, 0, false, false, true,
                SQLITE_DEFAULT_WAL_AUTOCHECKPOINT, false);
    }

    /**
     * The configuration as it was before the standby writer, the page-cache options and the
     * class-data archive: no standby, readers mapping {@link #DEFAULT_MMAP_SIZE}, SQLite's default
     * page cache, workers on a class-data archive (the builder's defaults).
     */
    public PoolConfig(String name, Path database, int readers, Duration queryTimeout, Duration writeTimeout,
                      Duration killGracePeriod, int maxRows, long maxResultBytes, boolean truncateResults,
                      RestartPolicy restartPolicy,
                      Duration quarantinePeriod, List<String> jvmOptions, List<String> commandPrefix,
                      Map<String, String> environment, Duration startupTimeout, Duration acquireTimeout,
                      int maxQueued, Duration shutdownGracePeriod, Duration busyTimeout, int statementCacheSize,
                      Path cacheDirectory, Path crashLogDirectory, SandboxPolicy sandbox,
                      Duration transactionIdleTimeout, Duration cursorIdleTimeout) {
        this(name, database, readers, queryTimeout, writeTimeout, killGracePeriod, maxRows, maxResultBytes,
                truncateResults, restartPolicy, quarantinePeriod, jvmOptions, commandPrefix, environment, startupTimeout,
                acquireTimeout, maxQueued, shutdownGracePeriod, busyTimeout, statementCacheSize, cacheDirectory,
                crashLogDirectory, sandbox, transactionIdleTimeout, cursorIdleTimeout, false, DEFAULT_MMAP_SIZE,
                SQLITE_DEFAULT_CACHE_SIZE, true);
    }

    /** The configuration as it was before transactions and streams: both idle timeouts at their default, 60 s. */
    public PoolConfig(String name, Path database, int readers, Duration queryTimeout, Duration writeTimeout,
                      Duration killGracePeriod, int maxRows, long maxResultBytes, boolean truncateResults,
                      RestartPolicy restartPolicy,
                      Duration quarantinePeriod, List<String> jvmOptions, List<String> commandPrefix,
                      Map<String, String> environment, Duration startupTimeout, Duration acquireTimeout,
                      int maxQueued, Duration shutdownGracePeriod, Duration busyTimeout, int statementCacheSize,
                      Path cacheDirectory, Path crashLogDirectory, SandboxPolicy sandbox) {
        this(name, database, readers, queryTimeout, writeTimeout, killGracePeriod, maxRows, maxResultBytes,
                truncateResults, restartPolicy, quarantinePeriod, jvmOptions, commandPrefix, environment, startupTimeout,
                acquireTimeout, maxQueued, shutdownGracePeriod, busyTimeout, statementCacheSize, cacheDirectory,
                crashLogDirectory, sandbox, DEFAULT_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }
}
