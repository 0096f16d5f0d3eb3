package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.StatementInfo;
import io.vecbox.supervisor.WorkerInfo;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import io.vecbox.supervisor.WorkerStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.ObjectName;
import org.slf4j.Logger;

/**
 * The engine behind {@link io.vecbox.supervisor.WorkerPool}: wires the rooms and is the one door
 * into them. A request passes the {@link SubmissionGate} on the caller's thread, is queued or
 * assigned by the {@link Dispatcher}, written by its worker's {@link Outbox} thread, answered on
 * the {@link WorkerConnection}'s reader thread and completed by {@link Completions}, then handed
 * to the host on the callback executor ({@link Callbacks}). Losses and restarts belong to
 * {@link WorkerLifecycle} and {@link LossReport}, timers to {@link Deadlines}, closing to
 * {@link PoolShutdown}. A plain KNN query may instead be split across idle readers by
 * {@link Scatter}. {@code supervisor/ARCHITECTURE.md} draws the map.
 *
 * <p>Concurrency: one lock, owned by the {@link Dispatcher}, guards every slot's state, the idle
 * lists and the wait queues; it is held only for bookkeeping, never for I/O, and listeners and
 * futures are completed outside it. Each worker generation has a reader thread (its stdout), a
 * writer thread (its stdin, see {@link Outbox}) and a stderr pump; a timer thread runs deadlines,
 * acquire timeouts and delayed restarts; lifecycle threads reap dead workers. No host thread waits
 * on a worker's pipe, and no host callback runs on these threads. Thread-safe.
 */
public final class Supervisor {
    static final Logger LOG = Logs.POOL;

    private static final long QUARANTINE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final PoolConfig config;
    private final String name;
    private final Callbacks callbacks;
    private final Quarantine quarantine;
    private final SubmissionGate gate;
    private final Completions completions;
    private final Deadlines deadlines;
    private final Dispatcher dispatcher;
    private final WorkerConnection connection;
    private final WorkerLifecycle lifecycle;
    private final PoolShutdown shutdown;
    private final Scatter scatter;
    private final DatabaseSwap swap;
    private final Descriptions descriptions = new Descriptions(512);
    /** The pool's MXBean name while registered ({@code registerMBeans}), else null. */
    private volatile ObjectName mbean;

    private Supervisor(PoolConfig config, WorkerPoolListener listener, Executor callbackExecutor, PoolSetup setup) {
        this.config = config;
        this.name = config.name();
        this.callbacks = new Callbacks(name, callbackExecutor);
        this.quarantine = new Quarantine(Quarantine.VALUE_THRESHOLD, Quarantine.SHAPE_THRESHOLD,
                QUARANTINE_WINDOW_NANOS, config.quarantinePeriod().toNanos());
        this.completions = new Completions(name, listener);
        this.deadlines = new Deadlines(name);
        List<WorkerHandle> slots = new ArrayList<>();
        if (!config.readOnly()) { // a read-only pool has readers only: worker-1 .. worker-N
            slots.add(new WorkerHandle(name, 0, Role.WRITER, newSchedule()));
        }
        for (int i = 1; i <= config.readers(); i++) {
            slots.add(new WorkerHandle(name, i, Role.READER, newSchedule()));
        }
        if (config.standbyWriter()) {
            WorkerHandle standby = new WorkerHandle(name, config.readers() + 1, Role.WRITER, newSchedule());
            standby.standby = true;
            slots.add(standby);
        }
        this.gate = new SubmissionGate(name, config.sandbox(), config.readOnly(), quarantine, slots);
        // The dispatcher and the connection call each other, and both end generations through the
        // lifecycle: these two methods read the fields when they run, after the constructor.
        Dispatcher.Loss loss = this::lost;
        this.dispatcher = new Dispatcher(config, slots, setup.launcher().command(), quarantine, deadlines,
                completions, this::sendLater, loss);
        dispatcher.database = new DatabaseFile(setup.database(), 0);
        this.connection = new WorkerConnection(config, setup, dispatcher, completions, quarantine, loss);
        this.lifecycle = new WorkerLifecycle(config, setup.launcher(), dispatcher, connection, deadlines, completions,
                quarantine);
        // Built last (it needs the lifecycle's threads); the dispatcher and the connection call it.
        dispatcher.recycling = lifecycle.recycling;
        connection.recycling = lifecycle.recycling;
        this.swap = new DatabaseSwap(config, dispatcher, lifecycle.recycling, completions);
        this.scatter = new Scatter(config, dispatcher, completions, this::sendLater, this::cancelInWorker);
        this.shutdown = new PoolShutdown(name, dispatcher, lifecycle, deadlines, completions, callbacks,
                setup.temporaryDirectory());
    }

    private void lost(WorkerHandle w, int generation, String reason, LossCause cause) {
        lifecycle.lost(w, generation, reason, cause);
    }

    private void sendLater(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r) {
        connection.sendLater(w, g, r);
    }

    private RestartSchedule newSchedule() {
        return new RestartSchedule(config.restartPolicy(), () -> ThreadLocalRandom.current().nextDouble());
    }

    static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts a pool: all workers at once, so their JVMs start in parallel; readers and the standby
     * writer, if configured, are configured only once the writer is ready (it creates the database
     * and switches it to WAL, see {@link WorkerHandshake}). Returns when all are ready.
     *
     * @param config the configuration
     * @param listener hooks, or null
     * @param callbackExecutor completes the futures of {@link #async}, or null for the pool's own
     * @return the running supervisor
     * @throws io.vecbox.supervisor.PoolSetupException if what workers need cannot be prepared
     * @throws WorkerStartException if a worker cannot start; everything started is stopped
     */
    public static Supervisor start(PoolConfig config, WorkerPoolListener listener, Executor callbackExecutor) {
        long begin = System.nanoTime();
        if (config.registerMBeans()) {
            PoolMBean.checkFree(config.name());
        }
        PoolSetup setup = PoolSetup.prepare(config);
        Supervisor s = new Supervisor(config, listener, callbackExecutor, setup);
        OpenPools.add(s);
        List<WorkerHandle> slots = s.dispatcher.slots;
        try {
            s.awaitReady(slots);
        } catch (RuntimeException e) {
            s.connection.databaseFailed(e);
            s.close();
            throw e;
        }
        if (config.registerMBeans()) {
            try {
                s.mbean = PoolMBean.register(s);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
        s.lifecycle.recycling.start();
        Logs.POOL.info("{} - started {}{} readers{} on {} in {} ms", s.name, config.readOnly() ? "" : "1 writer + ",
                config.readers(), config.readOnly() ? " (read-only)" : config.standbyWriter() ? " + a standby writer" : "",
                s.database(), (System.nanoTime() - begin) / 1_000_000);
        return s;
    }

    private void awaitReady(List<WorkerHandle> handles) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        dispatcher.lock.lock();
        try {
            for (WorkerHandle w : handles) {
                ready.add(w.ready);
            }
        } finally {
            dispatcher.lock.unlock();
        }
        handles.forEach(lifecycle::launch);
        long deadline = System.nanoTime() + config.startupTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (CompletableFuture<Void> f : ready) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new WorkerStartException(name + " - worker failed to start: " + e.getCause(),
                        lifecycle.command(), null, "", e.getCause());
            } catch (TimeoutException e) {
                throw new WorkerStartException(name + " - worker not ready after " + config.startupTimeout().toMillis()
                        + " ms", lifecycle.command(), null, "", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerStartException(name + " - interrupted while starting workers", lifecycle.command(),
                        null, "", e);
            }
        }
    }

    public PoolConfig config() {
        return config;
    }

    /** @return the file the pool serves now (it changes with {@link #swapDatabase}) */
    public Path database() {
        return dispatcher.database.path();
    }

    /**
     * Replaces a read-only pool's file; see {@link DatabaseSwap} and {@code WorkerPool.swapDatabase}.
     *
     * @param newFile the new database file
     */
    public void swapDatabase(Path newFile) {
        swap.swap(newFile);
        descriptions.clear(); // column names are the schema's, and the new file's may differ
    }

    /**
     * Submits a request. The future completes exactly once, with the result or a
     * {@link WorkerPoolException}, on a pool thread: wait on it, or hand it to {@link #async}
     * before anyone else may chain callbacks onto it.
     */
    public <T> CompletableFuture<T> submit(RequestKind kind, String sql, List<Object> params,
                                           List<SqlStatement> statements, List<List<Object>> rows) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        return submit(new PendingRequest(kind, sql, params, statements, rows, System.nanoTime()));
    }

    /** Submits a request made here, e.g. one of a transaction or stream; as {@link #submit(RequestKind, String, List, List, List)}. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(PendingRequest r) {
        long now = System.nanoTime();
        r.future.whenComplete((v, t) -> {
            if (t instanceof CancellationException) {
                cancelInWorker(r);
            }
        });
        WorkerPoolException refused = gate.refusal(r, now);
        if (refused != null) {
            completions.finish(r, null, refused);
        } else if (!scatter.trySubmit(r)) {
            dispatcher.dispatch(r, false);
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) r.future;
    }

    /**
     * @param internal a future from {@link #submit}
     * @return a future for the host, completed on the callback executor; cancelling it cancels
     *     the request
     */
    public <T> CompletableFuture<T> async(CompletableFuture<T> internal) {
        return callbacks.handOver(internal);
    }

    private void cancelInWorker(PendingRequest r) {
        WorkerHandle.Generation g = dispatcher.cancel(r);
        if (g != null) {
            WorkerConnection.writeLater(g, new Cancel(r.wireId));
        }
    }

    public PoolStats stats() {
        int[] counts;
        dispatcher.lock.lock();
        try {
            counts = dispatcher.countsLocked();
        } finally {
            dispatcher.lock.unlock();
        }
        Completions c = completions;
        return new PoolStats(dispatcher.slots.size(), counts[0], counts[1], counts[2], counts[3], counts[4],
                c.completed.sum(), c.failed.sum(), c.crashes.sum(), c.restarts.sum(), c.timeouts.sum(),
                quarantine.size(System.nanoTime()), Duration.ofNanos(c.latency.percentile(0.50)),
                Duration.ofNanos(c.latency.percentile(0.99)), counts[5], counts[6], scatter.scattered.sum(),
                scatter.fallbacks.sum(), c.databaseSwaps.sum());
    }

    /**
     * Asks a reader what SQLite makes of a statement, or answers from the pool's cache.
     *
     * @param sql the statement text, described as SQLite sees it (never run, so not gated)
     * @return SQLite's verdict
     * @throws io.vecbox.supervisor.WorkerPoolException as a query's
     */
    public StatementInfo describe(String sql) {
        Objects.requireNonNull(sql, "sql");
        StatementInfo known = descriptions.get(sql);
        if (known != null) {
            return known;
        }
        StatementInfo info = HostCalls.await(submit(new PendingRequest(RequestKind.DESCRIBE, sql, List.of(), null,
                null, System.nanoTime())));
        descriptions.put(sql, info);
        return info;
    }

    /** @return a lease for a transaction (the writer) or a stream (a reader), not yet opened */
    Lease newLease(Lease.Kind kind, String sql) {
        return kind == Lease.Kind.TRANSACTION
                ? new Lease(kind, Role.WRITER, name, config.transactionIdleTimeout(), sql)
                : new Lease(kind, Role.READER, name, config.cursorIdleTimeout(), sql);
    }

    Leases leases() {
        return dispatcher.leases;
    }

    public List<WorkerInfo> workers() {
        return dispatcher.workers();
    }

    /** @return whether {@link #close} has begun: the pool refuses new work */
    public boolean closed() {
        return dispatcher.closed;
    }

    /** @param listener hears the pool's events from now on, after the builder's listener and those added before */
    public void addListener(WorkerPoolListener listener) {
        completions.addListener(listener);
    }

    /** @return whether the listener was added before; it hears no more events */
    public boolean removeListener(WorkerPoolListener listener) {
        return completions.removeListener(listener);
    }

    /**
     * Replaces a worker gracefully (see {@link Recycling}); returns at once.
     *
     * @param workerName {@code worker-<slot>} or {@code worker-<slot>#<generation>}
     * @return false if it is not running now or is already being replaced
     * @throws IllegalArgumentException if the pool has no such slot
     */
    public boolean recycleWorker(String workerName) {
        Objects.requireNonNull(workerName, "workerName");
        return lifecycle.recycling.request(workerName, "recycled on request");
    }

    /** @return how many workers are being replaced, gracefully (see {@link Recycling}) */
    public int recycleAllWorkers() {
        return lifecycle.recycling.requestAll("recycled on request");
    }

    /** Closes from the JVM shutdown hook: no grace for running requests, the JVM is going. */
    void closeForShutdownHook() {
        shutdown.close(Duration.ZERO, this::closing);
    }

    public void close() {
        shutdown.close(config.shutdownGracePeriod(), this::closing);
    }

    /** Runs once, as the pool starts refusing work. */
    private void closing() {
        OpenPools.remove(this);
        ObjectName registered = mbean;
        if (registered != null) {
            mbean = null;
            PoolMBean.unregister(name, registered);
        }
    }
}
