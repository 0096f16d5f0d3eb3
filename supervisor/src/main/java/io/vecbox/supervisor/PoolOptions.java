package io.vecbox.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The options of a pool as a whole: its file and shape, its listeners, how it restarts, queues,
 * recycles and shuts down workers. Part of {@link WorkerPool.Builder}, split by role.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class PoolOptions<B extends PoolOptions<B>> {
    String name;
    Path database;
    int readers = defaultReaders(Runtime.getRuntime().availableProcessors());
    boolean standbyWriter;
    boolean readOnly;
    boolean checkpointOnClose = true;
    int walAutocheckpoint = PoolConfig.SQLITE_DEFAULT_WAL_AUTOCHECKPOINT;
    WorkerPoolListener listener;
    Executor callbackExecutor;
    boolean registerMBeans;
    RestartPolicy restartPolicy = RestartPolicy.ofDefaults();
    Duration startupTimeout = Duration.ofSeconds(30);
    Duration acquireTimeout = Duration.ofSeconds(10);
    int maxQueued = 1000;
    Duration shutdownGracePeriod = Duration.ofSeconds(10);
    Duration killGracePeriod = Duration.ofSeconds(2);
    Duration quarantinePeriod = Duration.ofMinutes(10);
    int maxRequestsPerWorker;
    long maxWorkerRss;

    /** Most readers a pool starts when {@code readers} is not set; see {@link #defaultReaders(int)}. */
    static final int DEFAULT_READERS_CAP = 4;

    /**
     * The default of {@link WorkerPool.Builder#readers(int)}: the processor count, capped at
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

    PoolOptions() {
    }

    /** @return this builder, typed as the builder */
    abstract B self();

    /**
     * @param name the pool's name, prefix of its log lines and thread names; default {@code vecbox-N}
     * @return this
     * @throws IllegalArgumentException if blank
     */
    public B name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank: '" + name + "'");
        }
        this.name = name;
        return self();
    }

    /**
     * @param database the database file, created if missing (never by a {@link #readOnly} pool:
     *     there it must exist); default: a temporary database in a fresh directory, deleted when
     *     the pool closes
     * @return this
     */
    public B database(Path database) {
        this.database = Objects.requireNonNull(database, "database");
        return self();
    }

    /**
     * @param readers read-only workers, 1..256; default: available processors, at most 4
     *     (each is a JVM of about 50 MB; set it to the number of queries the host keeps in
     *     flight at once if that is more)
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public B readers(int readers) {
        if (readers < 1) {
            throw new IllegalArgumentException("readers < 1: " + readers);
        }
        if (readers > 256) {
            throw new IllegalArgumentException("readers > 256: " + readers);
        }
        this.readers = readers;
        return self();
    }

    /**
     * Whether the writer checkpoints the WAL into the database file and truncates it
     * ({@code wal_checkpoint(TRUNCATE)}) when the pool closes, so that the file is whole on its own
     * afterwards. Default true. Turn it off when another process owns checkpoints: Litestream
     * replicates from the WAL and checkpoints it itself, and a TRUNCATE checkpoint by the pool
     * would either wait on Litestream's read transaction or, when it gets through, restart the WAL
     * behind Litestream's back, which makes Litestream start a new generation (a full snapshot).
     * With it off nothing acknowledged is lost: the committed frames stay in the {@code -wal} file,
     * which belongs to the database. SQLite itself still checkpoints when the last connection to
     * the file closes, so once Litestream has stopped too the WAL is folded in anyway.
     *
     * @param checkpointOnClose false to leave the WAL to another process
     * @return this builder
     */
    public B checkpointOnClose(boolean checkpointOnClose) {
        this.checkpointOnClose = checkpointOnClose;
        return self();
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
    public B walAutocheckpoint(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("walAutocheckpoint < 0: " + pages);
        }
        this.walAutocheckpoint = pages;
        return self();
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
     * started with the pool ({@link WorkerPool.Builder#build()} waits for it) and stopped before the writer at
     * {@link WorkerPool#close()}, without touching the database. Costs one more worker JVM
     * (about as much memory as a reader). Default false.
     *
     * @param standbyWriter true to keep a standby writer
     * @return this builder
     */
    public B standbyWriter(boolean standbyWriter) {
        this.standbyWriter = standbyWriter;
        return self();
    }

    /**
     * Whether the pool has readers only, over a database file that something else maintains (a
     * Litestream restore, a LiteFS mount, a copied snapshot): no writer and no standby writer. The
     * file must exist: {@link WorkerPool.Builder#build()} never creates it. Readers open it as they
     * always do, read-only ({@code SQLITE_OPEN_READONLY} and {@code PRAGMA query_only}); a database
     * in WAL mode needs its {@code -wal} and {@code -shm} files next to it, or a directory the
     * workers may create them in. Every write is refused on the caller's thread, before any worker
     * sees it, with {@link ReadOnlyPoolException}: {@code execute}, {@code executeBatch},
     * {@code executeMany}, {@code begin} and {@code transaction} (a transaction holds the writer),
     * their async forms (the future fails), and a {@code query} or {@code stream} whose statement
     * writes (INSERT, UPDATE, DELETE, REPLACE, DDL, VACUUM, REINDEX, ANALYZE, also behind WITH or
     * EXPLAIN). A read-only pool may have its file replaced under it with
     * {@link WorkerPool#swapDatabase(Path)}. Changes made to the file by another process while the
     * pool reads it are seen by later queries, as in any pool; a scattered KNN query could then mix
     * two states of the table, so a pool over a file written in place should also turn
     * {@link WorkerPool.Builder#scatterKnn(boolean) scatterKnn} off (a file replaced through
     * {@code swapDatabase} needs nothing). Cannot be combined with {@link #standbyWriter(boolean)}.
     * Default false.
     *
     * @param readOnly true for a pool of readers only
     * @return this builder
     */
    public B readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return self();
    }

    /**
     * @param listener hooks for metrics and alerts; default none (more can join later, see
     *     {@link WorkerPool#addListener})
     * @return this
     */
    public B listener(WorkerPoolListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
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
    public B callbackExecutor(Executor callbackExecutor) {
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        return self();
    }

    /**
     * Whether the pool registers a {@link WorkerPoolMXBean} with the platform MBean server as
     * {@code io.vecbox:type=WorkerPool,name=<pool name>} (quoted if the name needs it): the
     * numbers of {@link WorkerPool#stats()} as attributes, and {@code recycleWorker(name)} and
     * {@code recycleAllWorkers()} as operations. Unregistered by {@link WorkerPool#close()}.
     * Two pools cannot share a name then: {@link WorkerPool.Builder#build()} fails with
     * {@link IllegalArgumentException} naming the clash, before starting any worker. Default
     * false.
     *
     * @param registerMBeans true to register the MXBean
     * @return this builder
     */
    public B registerMBeans(boolean registerMBeans) {
        this.registerMBeans = registerMBeans;
        return self();
    }

    /**
     * @param restartPolicy how dead workers are restarted; default {@link RestartPolicy#ofDefaults()}
     * @return this
     */
    public B restartPolicy(RestartPolicy restartPolicy) {
        this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
        return self();
    }

    /**
     * @param startupTimeout launch-to-ready limit of a worker; default 30 s
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public B startupTimeout(Duration startupTimeout) {
        this.startupTimeout = Checks.positive("startupTimeout", startupTimeout);
        return self();
    }

    /**
     * @param acquireTimeout how long a request may wait for a free worker; default 10 s
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public B acquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = Checks.positive("acquireTimeout", acquireTimeout);
        return self();
    }

    /**
     * @param maxQueued requests that may wait for a worker; more are refused with
     *     {@link PoolOverloadedException}; default 1000
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B maxQueued(int maxQueued) {
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued < 0: " + maxQueued);
        }
        this.maxQueued = maxQueued;
        return self();
    }

    /**
     * @param shutdownGracePeriod how long {@link WorkerPool#close()} lets running requests finish; default 10 s
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B shutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = Checks.nonNegative("shutdownGracePeriod", shutdownGracePeriod);
        return self();
    }

    /**
     * @param killGracePeriod how long past its deadline a worker may take to answer before the
     *     pool kills it (native code can spin where SQLite's interrupt never reaches); default 2 s
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B killGracePeriod(Duration killGracePeriod) {
        this.killGracePeriod = Checks.nonNegative("killGracePeriod", killGracePeriod);
        return self();
    }

    /**
     * @param quarantinePeriod how long a statement is refused once it crashed two workers with the
     *     same values, or its shape (literals and parameters aside) crashed three; default 10 min
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public B quarantinePeriod(Duration quarantinePeriod) {
        this.quarantinePeriod = Checks.nonNegative("quarantinePeriod", quarantinePeriod);
        return self();
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
     * serving. The standby writer answers no requests, so only {@link WorkerPool.Builder#maxWorkerRss} recycles
     * it. Default 0: never.
     *
     * @param maxRequestsPerWorker requests, at least 1, or 0 for never
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public B maxRequestsPerWorker(int maxRequestsPerWorker) {
        if (maxRequestsPerWorker < 0) {
            throw new IllegalArgumentException("maxRequestsPerWorker < 0: " + maxRequestsPerWorker);
        }
        this.maxRequestsPerWorker = maxRequestsPerWorker;
        return self();
    }

    /**
     * Replaces a worker, gracefully as {@link WorkerPool.Builder#maxRequestsPerWorker} does, once its private
     * resident memory passes this many bytes: {@code RssAnon} of {@code /proc/<pid>/status}
     * ({@code VmRSS} on Linux before 4.5), read every second. That is the worker's Java heap,
     * SQLite's page cache and native allocations, where a leak grows; it leaves out file-backed
     * pages such as a reader's memory-mapped database ({@link WorkerPool.Builder#mmapSize}), which the kernel
     * shares between readers. An idle worker holds a few tens of MB; set this well above what a
     * worker needs for its heap ({@link WorkerPool.Builder#jvmOptions}), {@link WorkerPool.Builder#cacheSize} and
     * {@link WorkerPool.Builder#knnCacheBytes}, or it recycles again and again. On a platform without
     * {@code /proc} (macOS, Windows) the option is ignored with a WARN when the pool starts,
     * so one configuration serves every platform. Default 0: never.
     *
     * @param maxWorkerRss bytes, or 0 for never
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public B maxWorkerRss(long maxWorkerRss) {
        if (maxWorkerRss < 0) {
            throw new IllegalArgumentException("maxWorkerRss < 0: " + maxWorkerRss);
        }
        this.maxWorkerRss = maxWorkerRss;
        return self();
    }
}
