package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Cancel;
import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.FrameTooLargeException;
import io.vecbox.protocol.Hello;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageReader;
import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Ready;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import io.vecbox.protocol.Shutdown;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.PoolStats;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import io.vecbox.supervisor.internal.sandbox.Violation;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import io.vecbox.supervisor.WorkerStartException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link io.vecbox.supervisor.WorkerPool}: worker slots, dispatch, deadlines,
 * crash handling, restarts, quarantine and shutdown.
 *
 * <p>Concurrency: one lock guards every slot's state, the idle lists and the wait queues; it is
 * held only for bookkeeping, never for I/O, and listeners and futures are completed outside it.
 * Each worker generation has a reader thread (its stdout), a writer thread (its stdin, see
 * {@link Outbox}) and a stderr pump; a timer thread runs deadlines, acquire timeouts and delayed
 * restarts; lifecycle threads reap dead workers. No host thread waits on a worker's pipe, and no
 * host callback runs on these threads: futures handed to the host complete on the callback
 * executor ({@link Callbacks}).
 */
public final class Supervisor {
    static final Logger LOG = LoggerFactory.getLogger("io.vecbox.supervisor.WorkerPool");

    private static final long QUARANTINE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    /** How long a worker that closed its stdout may take to exit by itself before it is killed. */
    private static final long EXIT_WAIT_MILLIS = 2000;
    /** How long a worker that broke the protocol may take to exit by itself (a crashing JVM) before it is killed. */
    private static final long VIOLATION_EXIT_WAIT_MILLIS = 1000;

    private final PoolConfig config;
    private final String name;
    private final WorkerPoolListener listener;
    private final Path database;
    private final Path temporaryDirectory;
    private final Path sqliteVec;
    private final WorkerLauncher launcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idleChanged = lock.newCondition();
    private final List<WorkerHandle> slots = new ArrayList<>();
    private final Map<Role, ArrayDeque<WorkerHandle>> idle = new EnumMap<>(Role.class);
    private final Map<Role, ArrayDeque<PendingRequest>> waiting = new EnumMap<>(Role.class);
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService lifecycle;
    private final Quarantine quarantine;
    private final LatencyWindow latency = new LatencyWindow(4096);
    private final StatementGate gate;
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder crashes = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final Callbacks callbacks;
    private final PrefixCheck prefixCheck;
    private volatile boolean closed;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private Supervisor(PoolConfig config, WorkerPoolListener listener, Executor callbackExecutor, PoolSetup setup) {
        this.config = config;
        this.name = config.name();
        this.listener = listener;
        this.callbacks = new Callbacks(name, callbackExecutor);
        this.prefixCheck = new PrefixCheck(name, config.commandPrefix());
        this.database = setup.database();
        this.temporaryDirectory = setup.temporaryDirectory();
        this.sqliteVec = setup.sqliteVec();
        this.launcher = setup.launcher();
        SandboxPolicy policy = config.sandbox();
        this.gate = policy.gate() ? new StatementGate(policy.allowedPragmaFunctions(), policy.deniedFunctions(),
                policy.maxSqlLength()) : null;
        this.quarantine = new Quarantine(Quarantine.VALUE_THRESHOLD, Quarantine.SHAPE_THRESHOLD,
                QUARANTINE_WINDOW_NANOS, config.quarantinePeriod().toNanos());
        AtomicInteger threads = new AtomicInteger();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "vecbox-" + name + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.lifecycle = Executors.newCachedThreadPool(
                r -> daemon(r, "vecbox-" + name + "-lifecycle-" + threads.incrementAndGet()));
        for (Role role : Role.values()) {
            idle.put(role, new ArrayDeque<>());
            waiting.put(role, new ArrayDeque<>());
        }
        slots.add(new WorkerHandle(name, 0, Role.WRITER, newSchedule()));
        for (int i = 1; i <= config.readers(); i++) {
            slots.add(new WorkerHandle(name, i, Role.READER, newSchedule()));
        }
    }

    private RestartSchedule newSchedule() {
        return new RestartSchedule(config.restartPolicy(), () -> ThreadLocalRandom.current().nextDouble());
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts a pool: the writer first (it creates the database and switches it to WAL), then the
     * readers in parallel. Returns when all are ready.
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
        PoolSetup setup = PoolSetup.prepare(config);
        Path database = setup.database();
        Supervisor s = new Supervisor(config, listener, callbackExecutor, setup);
        OpenPools.add(s);
        try {
            s.awaitReady(List.of(s.slots.get(0)));
            s.awaitReady(s.slots.subList(1, s.slots.size()));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        LOG.info("{} - started 1 writer + {} readers on {} in {} ms", s.name, config.readers(), database,
                (System.nanoTime() - begin) / 1_000_000);
        return s;
    }

    private void awaitReady(List<WorkerHandle> handles) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerHandle w : handles) {
                ready.add(w.ready);
            }
        } finally {
            lock.unlock();
        }
        handles.forEach(this::launch);
        long deadline = System.nanoTime() + config.startupTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (CompletableFuture<Void> f : ready) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new WorkerStartException(name + " - worker failed to start: " + e.getCause(), launcher.command(),
                        null, "", e.getCause());
            } catch (TimeoutException e) {
                throw new WorkerStartException(name + " - worker not ready after " + config.startupTimeout().toMillis()
                        + " ms", launcher.command(), null, "", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerStartException(name + " - interrupted while starting workers", launcher.command(),
                        null, "", e);
            }
        }
    }

    public PoolConfig config() {
        return config;
    }

    public Path database() {
        return database;
    }

    // ---------------------------------------------------------------- submission and dispatch

    /**
     * Submits a request. The future completes exactly once, with the result or a
     * {@link WorkerPoolException}, on a pool thread: wait on it, or hand it to {@link #async}
     * before anyone else may chain callbacks onto it.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(RequestKind kind, String sql, List<Object> params,
                                           List<SqlStatement> statements, List<List<Object>> rows) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        long now = System.nanoTime();
        PendingRequest r = new PendingRequest(kind, sql, params, statements, rows, now);
        r.future.whenComplete((v, t) -> {
            if (t instanceof CancellationException) {
                cancelInWorker(r);
            }
        });
        Quarantine.Refusal quarantined = quarantine.check(r.fingerprint, now);
        if (quarantined != null) {
            finish(r, null, quarantinedException(quarantined, sql));
            return (CompletableFuture<T>) (CompletableFuture<?>) r.future;
        }
        int confined = quarantine.confinedTo(r.fingerprint, now);
        if (confined >= 0 && slots.get(confined).role == kind.role()) {
            r.pinnedTo = slots.get(confined);
        }
        String second = secondStatement(kind, sql, statements);
        if (second != null) {
            finish(r, null, new QueryFailedException(name + " - " + kind.wireName() + " runs exactly one statement per SQL "
                    + "text, but " + second + (kind == RequestKind.BATCH ? "; give each statement its own Statement"
                    : "; send them one by one, or as a list to executeBatch (one transaction)"), -1, "",
                    Duration.ZERO, 0, "BAD_REQUEST"));
            return (CompletableFuture<T>) (CompletableFuture<?>) r.future;
        }
        String control = kind == RequestKind.QUERY && gate != null ? null
                : TransactionControl.refusal(kind, sql, statements); // untrusted queries: the gate's own rule
        if (control != null) {
            finish(r, null, new QueryFailedException(name + " - " + control, -1, "", Duration.ZERO, 0, "BAD_REQUEST"));
            return (CompletableFuture<T>) (CompletableFuture<?>) r.future;
        }
        if (kind == RequestKind.QUERY && gate != null) {
            Optional<Violation> denied = gate.check(sql);
            if (denied.isPresent()) {
                finish(r, null, new SandboxViolationException(name + " - denied by the sandbox (rule "
                        + denied.get().rule() + "): " + denied.get().message(), -1, "",
                        Duration.ofNanos(System.nanoTime() - now), denied.get().rule()));
                return (CompletableFuture<T>) (CompletableFuture<?>) r.future;
            }
        }
        dispatch(r, false);
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

    /**
     * @return a description of the second statement in SQL that should hold one, or null. The
     *     untrusted gate reports this itself (rule single-statement), so queries under it are left
     *     to the gate.
     */
    private String secondStatement(RequestKind kind, String sql, List<SqlStatement> statements) {
        if (kind == RequestKind.BATCH) {
            for (int i = 0; i < statements.size(); i++) {
                OptionalInt at = StatementGate.secondStatementStart(statements.get(i).sql());
                if (at.isPresent()) {
                    return "statement " + i + " holds a second statement at position " + at.getAsInt();
                }
            }
            return null;
        }
        if (kind == RequestKind.QUERY && gate != null) {
            return null;
        }
        OptionalInt at = StatementGate.secondStatementStart(sql);
        return at.isPresent() ? "a second statement starts at position " + at.getAsInt() + ": "
                + Text.sql(sql.substring(at.getAsInt())) : null;
    }

    /** Assigns the request to an idle worker, or queues it. {@code front}: a retry jumps the queue. */
    private void dispatch(PendingRequest r, boolean front) {
        Role role = r.kind.role();
        WorkerHandle w;
        WorkerHandle.Generation g;
        WorkerPoolException refused = null;
        lock.lock();
        try {
            if (closed) {
                refused = new PoolClosedException(name + " - pool is closed");
            } else if (roleCannotStart(role) != null) {
                refused = roleCannotStart(role);
            } else {
                if (r.pinnedTo != null && !r.pinnedTo.takesPinned()) {
                    r.pinnedTo = null;
                }
                w = r.pinnedTo == null ? idle.get(role).pollFirst()
                        : idle.get(role).remove(r.pinnedTo) ? r.pinnedTo : null;
                if (w != null) {
                    g = assign(w, r);
                    sendLater(w, g, r);
                    return;
                }
                int queued = queuedLocked();
                if (!front && queued >= config.maxQueued()) {
                    refused = new PoolOverloadedException(name + " - " + queued + " requests already waiting (maxQueued="
                            + config.maxQueued() + ")", queued);
                } else {
                    if (front) {
                        waiting.get(role).addFirst(r);
                    } else {
                        waiting.get(role).addLast(r);
                    }
                    if (r.acquireTimer == null) { // an unpinned retry keeps its deadline
                        r.acquireTimer = timer.schedule(() -> acquireTimedOut(r), config.acquireTimeout().toNanos(),
                                TimeUnit.NANOSECONDS);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            finish(r, null, refused);
        }
    }

    /** Marks the worker busy with the request. Caller holds the lock. */
    private WorkerHandle.Generation assign(WorkerHandle w, PendingRequest r) {
        if (w.state() == WorkerState.IDLE) {
            w.moveTo(WorkerState.BUSY, r.kind.wireName());
        }
        if (r.acquireTimer != null) {
            r.acquireTimer.cancel(false);
            r.acquireTimer = null;
        }
        w.inFlight = r;
        r.attempts++;
        r.wireId = ids.incrementAndGet();
        r.worker = w.name();
        r.sentNanos = System.nanoTime();
        Duration deadline = r.timeout(config).plus(config.killGracePeriod());
        WorkerHandle.Generation g = w.generation;
        r.deadlineTimer = timer.schedule(() -> deadlinePassed(w, g.number(), r), deadline.toNanos(),
                TimeUnit.NANOSECONDS);
        return g;
    }

    /**
     * Hands the request to the generation's writer thread, so that neither the caller nor a
     * reader thread ever waits on a worker's pipe. Never blocks.
     */
    private void sendLater(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r) {
        g.outbox().execute(() -> send(w, g, r));
    }

    /** Writes the request to the worker. Runs on the generation's writer thread, without the lock. */
    private void send(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r) {
        if (r.pinnedTo != null) {
            // A suspect waited for its slot while other variants of it ran there: it may be quarantined by now.
            Quarantine.Refusal quarantined = quarantine.check(r.fingerprint, System.nanoTime());
            if (quarantined != null) {
                refuseUnsent(w, g, r, quarantinedException(quarantined, r.sql));
                return;
            }
        }
        try {
            g.writer().write(r.toMessage(r.wireId, config));
        } catch (FrameTooLargeException e) {
            // Nothing was written: the worker is fine, the request is not.
            refuseUnsent(w, g, r, new QueryFailedException(name + " - " + r.kind.wireName() + " of " + e.length()
                    + " bytes exceeds the " + e.maxFrameBytes() + "-byte frame limit; split it (e.g. smaller "
                    + "executeMany batches)", r.wireId, w.name(), Duration.ofNanos(System.nanoTime() - r.submittedNanos),
                    0, "BAD_REQUEST"));
        } catch (IOException e) {
            lost(w, g.number(), "cannot write to worker: " + e.getMessage(), LossCause.CRASH);
        }
    }

    /** Fails a request assigned to the worker but never written to it; the worker takes the next. */
    private void refuseUnsent(WorkerHandle w, WorkerHandle.Generation g, PendingRequest r, WorkerPoolException ex) {
        PendingRequest next;
        lock.lock();
        try {
            if (w.inFlight != r || w.generationNumber != g.number()) {
                return;
            }
            next = releaseLocked(w, r);
        } finally {
            lock.unlock();
        }
        finish(r, null, ex);
        sendNext(w, g, next);
    }

    private QueryQuarantinedException quarantinedException(Quarantine.Refusal quarantined, String sql) {
        return new QueryQuarantinedException(name + " - statement quarantined for another "
                + TimeUnit.NANOSECONDS.toSeconds(quarantined.remainingNanos()) + " s because " + quarantined.reason()
                + ": " + Text.sql(sql), Duration.ofNanos(quarantined.remainingNanos()));
    }

    private void sendNext(WorkerHandle w, WorkerHandle.Generation g, PendingRequest next) {
        if (next != null) {
            sendLater(w, g, next);
        }
    }

    /**
     * The worker is done with {@code done}: take it off the worker, then give the worker the next
     * waiting request, or make it idle. Caller holds the lock.
     */
    private PendingRequest releaseLocked(WorkerHandle w, PendingRequest done) {
        done.cancelTimers();
        w.inFlight = null;
        ArrayDeque<PendingRequest> queue = waiting.get(w.role);
        PendingRequest next = w.takeNext(queue);
        if (next != null) {
            assign(w, next);
            return next;
        }
        w.moveTo(WorkerState.IDLE, "request done");
        idle.get(w.role).addLast(w);
        idleChanged.signalAll();
        return null;
    }

    private int queuedLocked() {
        int n = 0;
        for (ArrayDeque<PendingRequest> q : waiting.values()) {
            n += q.size();
        }
        return n;
    }

    /**
     * @return the exception to fail fast with while no worker of the role can come in time: every
     *     slot of it failed its last start and is not starting again, or cools down (restart
     *     intensity exceeded) for longer than {@code acquireTimeout} minus its last start-up time;
     *     null if some worker of the role is alive or may come. Caller holds the lock.
     */
    private WorkerStartException roleCannotStart(Role role) {
        WorkerStartException startFailure = null;
        WorkerHandle soonest = null;
        long soonestDelay = Long.MAX_VALUE;
        for (WorkerHandle w : slots) {
            if (w.role != role) {
                continue;
            }
            if (w.startFailing() && w.state() != WorkerState.STARTING) {
                startFailure = w.startFailure;
                continue;
            }
            long delay = w.state() != WorkerState.FAILED || w.pendingRestart == null ? 0
                    : w.pendingRestart.getDelay(TimeUnit.NANOSECONDS);
            if (delay <= 0 || delay + w.lastStartupNanos <= config.acquireTimeout().toNanos()) {
                return null; // not cooling down, or back in time if it starts as fast as it did last
            }
            if (delay < soonestDelay) {
                soonest = w;
                soonestDelay = delay;
            }
        }
        if (soonest == null) {
            return startFailure;
        }
        return new WorkerStartException(name + " - no " + role.wireName() + " can serve for another "
                + TimeUnit.NANOSECONDS.toSeconds(soonestDelay) + " s: the first back will be worker-" + soonest.slot
                + ", cooling down after more than " + config.restartPolicy().maxRestarts() + " restarts within "
                + config.restartPolicy().restartPeriod().toSeconds() + " s; its last failure: " + soonest.lastFailure,
                launcher.command(), null, "", null);
    }

    private void acquireTimedOut(PendingRequest r) {
        String message;
        lock.lock();
        try {
            if (!waiting.get(r.kind.role()).remove(r)) {
                return;
            }
            r.acquireTimer = null;
            int busy = 0;
            for (WorkerHandle w : slots) {
                if (w.state() == WorkerState.BUSY) {
                    busy++;
                }
            }
            message = name + " - no " + r.kind.role().wireName() + " available after "
                    + (System.nanoTime() - r.submittedNanos) / 1_000_000 + "ms (total=" + slots.size() + ", busy="
                    + busy + ", waiting=" + queuedLocked() + ")";
        } finally {
            lock.unlock();
        }
        finish(r, null, new AcquireTimeoutException(message, Duration.ofNanos(System.nanoTime() - r.submittedNanos)));
    }

    private void deadlinePassed(WorkerHandle w, int generation, PendingRequest r) {
        lock.lock();
        try {
            if (w.generationNumber != generation || w.inFlight != r) {
                return;
            }
            w.inFlight = null;
            r.deadlineTimer = null;
        } finally {
            lock.unlock();
        }
        long now = System.nanoTime();
        Duration timeout = r.timeout(config);
        boolean write = r.kind.role() == Role.WRITER;
        String reason = "no answer " + config.killGracePeriod().toMillis() + " ms after the " + timeout.toMillis()
                + " ms deadline of " + r.describe(now);
        timeouts.increment();
        // Only a kill ends a native hang: it costs a worker like a crash, and counts like one.
        Quarantine.Refusal quarantined = quarantine.recordCrash(r.fingerprint, w.slot, now);
        finish(r, null, new QueryTimeoutException(name + " - " + r.kind.wireName() + " #" + r.wireId + " on " + r.worker
                + " ignored its " + timeout.toMillis() + " ms deadline; worker killed"
                + (write ? "; the write's outcome is unknown" : "") + quarantinedFor(quarantined) + ": "
                + Text.sql(r.sql), r.wireId, r.worker, Duration.ofNanos(now - r.submittedNanos), timeout, true, write));
        lost(w, generation, reason, LossCause.DEADLINE);
    }

    private void cancelInWorker(PendingRequest r) {
        WorkerHandle.Generation g = null;
        lock.lock();
        try {
            if (waiting.get(r.kind.role()).remove(r)) {
                r.cancelTimers();
                return;
            }
            for (WorkerHandle w : slots) {
                if (w.inFlight == r) {
                    g = w.generation;
                }
            }
        } finally {
            lock.unlock();
        }
        if (g != null) {
            writeLater(g, new Cancel(r.wireId));
        }
    }

    /** Writes a control message on the generation's writer thread, after the requests before it. */
    private static void writeLater(WorkerHandle.Generation g, Message m) {
        g.outbox().execute(() -> {
            try {
                g.writer().write(m);
            } catch (IOException e) {
                // The worker is going away; its loss is handled by its reader thread.
            }
        });
    }

    /** Completes a request once, counts it and tells the listener. */
    private void finish(PendingRequest r, Object value, WorkerPoolException failure) {
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - r.submittedNanos);
        // Counted before the future completes, so a caller that has its answer sees it in stats();
        // taken back in the rare case another completion (a caller's cancel) got there first.
        LongAdder counter = failure == null ? completed : failed;
        counter.increment();
        if (failure == null && r.kind == RequestKind.QUERY) {
            latency.record(elapsed.toNanos());
        }
        boolean won = failure == null ? r.future.complete(value) : r.future.completeExceptionally(failure);
        if (!won) {
            counter.decrement();
            return;
        }
        notifyListener("requestCompleted", l -> l.requestCompleted(name, r.kind.wireName(), elapsed, failure));
    }

    /** Calls the listener outside any lock; its exceptions are logged, never propagated. */
    private void notifyListener(String event, java.util.function.Consumer<WorkerPoolListener> call) {
        if (listener == null) {
            return;
        }
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{} - listener failed in {}", name, event, e);
        }
    }

    // ---------------------------------------------------------------- worker lifecycle

    /** How a worker generation ended. */
    enum LossCause {
        /** It died or closed its stdout by itself. */
        CRASH,
        /** It broke the protocol and was killed. */
        VIOLATION,
        /** It ignored a deadline and was killed. */
        DEADLINE,
        /** It did not become ready in time and was killed. */
        STARTUP_TIMEOUT,
        /** The pool stopped it. */
        STOPPED
    }

    private void launch(WorkerHandle w) {
        WorkerHandle.Generation g;
        lock.lock();
        try {
            if (closed || !(w.state() == WorkerState.BACKOFF || w.state() == WorkerState.FAILED)) {
                return;
            }
            w.pendingRestart = null;
            w.restartDelayed = false;
            w.generationNumber++;
            if (w.generationNumber > 1) {
                restarts.increment();
            }
            w.moveTo(WorkerState.STARTING, "launch");
            Process p;
            try {
                p = launcher.start();
            } catch (IOException e) {
                WorkerStartException ex = new WorkerStartException(name + " - cannot launch " + w.name() + ": " + e
                        + "; command: " + String.join(" ", launcher.command()), launcher.command(), null, "", e);
                w.generation = null;
                w.moveTo(WorkerState.EXITED, "launch failed");
                lock.unlock();
                try {
                    startFailed(w, ex);
                    scheduleRestart(w, false, ex.getMessage());
                } finally {
                    lock.lock();
                }
                return;
            }
            StderrTail tail = new StderrTail(40, 500);
            String workerName = w.name();
            Thread pump = daemon(() -> pumpStderr(p, tail, workerName), "vecbox-" + name + "-" + workerName + "-stderr");
            MessageWriter writer = new MessageWriter(new BufferedOutputStream(p.getOutputStream(), 64 * 1024),
                    Protocol.DEFAULT_MAX_FRAME_BYTES);
            Outbox outbox = new Outbox("vecbox-" + name + "-" + workerName + "-writer");
            g = new WorkerHandle.Generation(w.generationNumber, p, new ProcessTree(p), writer, outbox, tail, pump,
                    System.nanoTime());
            w.generation = g;
            pump.start();
            outbox.start();
        } finally {
            lock.unlock();
        }
        Thread reader = daemon(() -> readLoop(w, g), "vecbox-" + name + "-" + w.name() + "-reader");
        reader.start();
        timer.schedule(() -> {
            boolean stillStarting;
            lock.lock();
            try {
                stillStarting = w.generationNumber == g.number() && w.state() == WorkerState.STARTING;
            } finally {
                lock.unlock();
            }
            if (stillStarting) {
                lost(w, g.number(), "not ready after startupTimeout " + config.startupTimeout().toMillis() + " ms",
                        LossCause.STARTUP_TIMEOUT);
            }
        }, config.startupTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private Configure configureFor(WorkerHandle w) {
        int busyMillis = (int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis());
        SandboxPolicy policy = config.sandbox();
        if (w.role == Role.WRITER || policy.isTrusted()) {
            return new Configure(name + "/" + w.name(), w.role, database.toString(), sqliteVec.toString(), Map.of(),
                    busyMillis, config.maxRows(), config.maxResultBytes(), config.statementCacheSize(), Map.of(),
                    false, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0);
        }
        // Untrusted readers: the layers that live in SQLite itself.
        Map<String, String> pragmas = new LinkedHashMap<>();
        // The schema is the host's (views are created through execute on the writer; untrusted SQL
        // can define nothing: the gate refuses DDL and readers are read-only), so it is trusted,
        // and views over vec0 (not registered innocuous) work. Denied functions stay denied inside
        // views: their replacements run wherever they are called from.
        pragmas.put("trusted_schema", "ON");
        pragmas.put("cell_size_check", "ON");
        pragmas.put("mmap_size", "0");
        pragmas.put("temp_store", "MEMORY");
        if (policy.hardHeapLimitBytes() > 0) {
            pragmas.put("hard_heap_limit", Long.toString(policy.hardHeapLimitBytes()));
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        policy.limits().forEach((limit, value) -> limits.put(limit.name(), value.longValue()));
        return new Configure(name + "/" + w.name(), w.role, database.toString(), sqliteVec.toString(), pragmas,
                busyMillis, config.maxRows(), config.maxResultBytes(), config.statementCacheSize(), limits,
                policy.gate(), Protocol.DEFAULT_MAX_FRAME_BYTES, List.copyOf(policy.deniedFunctions()),
                policy.hardHeapLimitBytes(), List.copyOf(policy.boundedFunctions()));
    }

    private void readLoop(WorkerHandle w, WorkerHandle.Generation g) {
        MessageReader reader = new MessageReader(new BufferedInputStream(g.process().getInputStream(), 64 * 1024),
                Protocol.DEFAULT_MAX_FRAME_BYTES);
        try {
            Message m = reader.read();
            if (m == null) {
                lost(w, g.number(), "exited before its handshake", LossCause.CRASH);
                return;
            }
            if (!(m instanceof Hello hello)) {
                lost(w, g.number(), "protocol violation: expected hello, got " + m.type(), LossCause.VIOLATION);
                return;
            }
            if (hello.protocolVersion() != Protocol.VERSION) {
                lost(w, g.number(), "protocol version mismatch: worker speaks " + hello.protocolVersion()
                        + ", supervisor " + Protocol.VERSION, LossCause.VIOLATION);
                return;
            }
            prefixCheck.onHello(w.name(), g.tree(), hello.pid());
            g.writer().write(configureFor(w));
            m = reader.read();
            if (m instanceof ErrorReply e) {
                lost(w, g.number(), e.message(), LossCause.CRASH);
                return;
            }
            if (!(m instanceof Ready ready)) {
                lost(w, g.number(), m == null ? "exited during its handshake"
                        : "protocol violation: expected ready, got " + m.type(), m == null ? LossCause.CRASH
                        : LossCause.VIOLATION);
                return;
            }
            becameReady(w, g, ready);
            while (readResponse(w, g, reader)) {
                // until the generation ends
            }
        } catch (EOFException e) {
            lost(w, g.number(), "stdout ended inside a frame: " + e.getMessage(), LossCause.CRASH);
        } catch (ProtocolException e) {
            lost(w, g.number(), "protocol violation: " + e.getMessage(), LossCause.VIOLATION);
        } catch (IOException e) {
            lost(w, g.number(), "stdout failed: " + e, LossCause.CRASH);
        } catch (RuntimeException e) {
            LOG.error("{} - reader of {} failed", name, w.name(), e);
            lost(w, g.number(), "supervisor error: " + e, LossCause.VIOLATION);
        }
    }

    /**
     * Reads and handles one response.
     *
     * @return false once the generation has ended
     */
    private boolean readResponse(WorkerHandle w, WorkerHandle.Generation g, MessageReader reader) throws IOException {
        // A method of its own: a local of the loop would keep the last (maybe 40 MB) result
        // reachable while the reader waits for the next one.
        Message m = reader.read();
        if (m == null) {
            lost(w, g.number(), "stdout closed", LossCause.CRASH);
            return false;
        }
        if (!(m instanceof Response response)) {
            lost(w, g.number(), "protocol violation: unexpected " + m.type(), LossCause.VIOLATION);
            return false;
        }
        onResponse(w, g, response);
        return true;
    }

    private void becameReady(WorkerHandle w, WorkerHandle.Generation g, Ready ready) {
        PendingRequest next = null;
        CompletableFuture<Void> readyFuture;
        lock.lock();
        try {
            if (w.generationNumber != g.number() || w.state() != WorkerState.STARTING) {
                return;
            }
            w.moveTo(WorkerState.IDLE, "ready");
            w.startFailure = null;
            w.lastStartupNanos = System.nanoTime() - g.launchedNanos();
            readyFuture = w.ready;
            if (!closed) {
                next = w.takeNext(waiting.get(w.role));
                if (next != null) {
                    assign(w, next);
                } else {
                    idle.get(w.role).addLast(w);
                    idleChanged.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - g.launchedNanos());
        LOG.info("{} - {} ready: {}, pid {}, {} ms, SQLite {}, sqlite-vec {}", name, w.name(), w.role.wireName(),
                ready.pid(), startup.toMillis(), ready.sqliteVersion(), ready.sqliteVecVersion());
        notifyListener("workerStarted", l -> l.workerStarted(name, w.name(), ready.pid(), startup));
        readyFuture.complete(null);
        sendNext(w, g, next);
    }

    private void onResponse(WorkerHandle w, WorkerHandle.Generation g, Response response) {
        if (response instanceof Pong) {
            return;
        }
        PendingRequest r;
        PendingRequest next;
        lock.lock();
        try {
            if (w.generationNumber != g.number()) {
                return;
            }
            r = w.inFlight;
            if (r == null || r.wireId != response.id()) {
                if (r == null && response.id() <= ids.get()) {
                    // The answer to a request we already failed at its deadline, racing the kill.
                    return;
                }
                lock.unlock();
                try {
                    lost(w, g.number(), "protocol violation: response to unknown request id " + response.id(),
                            LossCause.VIOLATION);
                } finally {
                    lock.lock();
                }
                return;
            }
            next = releaseLocked(w, r);
        } finally {
            lock.unlock();
        }
        long now = System.nanoTime();
        if (r.pinnedTo != null) {
            quarantine.acquit(r.fingerprint); // a suspect that answered: free to run anywhere again
        }
        if (response instanceof Result result) {
            WorkerPoolException tooLarge = ResultLimits.exceeded(name, r, result, config, now);
            finish(r, tooLarge == null ? r.toValue(result, now) : null, tooLarge);
        } else {
            ErrorReply e = (ErrorReply) response;
            WorkerPoolException ex = r.toException(name, e, config, now);
            if (ex instanceof QueryTimeoutException) {
                timeouts.increment();
            }
            finish(r, null, ex);
        }
        sendNext(w, g, next);
    }

    /**
     * A generation ended or must end. Idempotent per generation: the first caller wins; it kills
     * the process if it still lives and hands the rest to a lifecycle thread.
     */
    private void lost(WorkerHandle w, int generation, String reason, LossCause cause) {
        WorkerHandle.Generation g;
        WorkerState was;
        PendingRequest r;
        lock.lock();
        try {
            if (w.generationNumber != generation || !w.state().hasProcess()) {
                return;
            }
            g = w.generation;
            was = w.state();
            r = w.inFlight;
            w.inFlight = null;
            if (r != null) {
                r.cancelTimers();
            }
            idle.get(w.role).remove(w);
            w.moveTo(WorkerState.EXITED, reason);
            idleChanged.signalAll();
        } finally {
            lock.unlock();
        }
        g.outbox().close();
        // A worker that closed its stdout or broke the protocol is usually dying: a JVM that hits a
        // native fault prints its crash banner to fd 1 (HotSpot binds that stream before any flag
        // could move it) and exits a moment later. Give it that moment, so the exit code, signal
        // and crash log in the report are its own. One that ignored a deadline is killed now.
        boolean killNow = (cause == LossCause.DEADLINE || cause == LossCause.STARTUP_TIMEOUT) && g.process().isAlive();
        if (killNow) {
            g.tree().kill();
        }
        LossCause effective = was == WorkerState.STOPPING ? LossCause.STOPPED : cause;
        Runnable report = () -> afterExit(w, g, was, r, reason, effective, killNow);
        try {
            lifecycle.execute(report);
        } catch (RejectedExecutionException e) {
            // close() stopped the lifecycle threads after the workers exited, and this reader saw
            // its stdout end a moment later: report the (planned) exit on this thread instead.
            report.run();
        }
    }

    private void afterExit(WorkerHandle w, WorkerHandle.Generation g, WorkerState was, PendingRequest r,
                           String reason, LossCause cause, boolean killedNow) {
        Integer exitCode = null;
        boolean killedBySupervisor = killedNow;
        try {
            long wait = cause == LossCause.VIOLATION ? VIOLATION_EXIT_WAIT_MILLIS : EXIT_WAIT_MILLIS;
            if (!g.process().waitFor(wait, TimeUnit.MILLISECONDS)) {
                killedBySupervisor = true;
                g.tree().kill();
            }
            if (g.process().waitFor(5, TimeUnit.SECONDS)) {
                exitCode = g.process().exitValue();
            }
            g.tree().killOrphan();
            g.stderrPump().join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long now = System.nanoTime();
        long pid = g.tree().pid();
        ExitInfo exit = ExitInfo.of(exitCode, config.crashLogDirectory(), pid);
        if (exit.crashLog() != null) {
            PoolSetup.pruneCrashLogs(name, config.crashLogDirectory());
        }
        if (cause == LossCause.VIOLATION && !killedBySupervisor) {
            reason = "died by itself; its last output was not a frame (" + reason + ")";
        }
        String tail = g.stderr().text();
        String workerName = "worker-" + w.slot + "#" + g.number();
        boolean planned = cause == LossCause.STOPPED;
        boolean killedExternally = !killedBySupervisor && exit.signal() != null
                && Stream.of("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP").anyMatch(exit.signal()::equals);
        String how = exit.describe() + (killedBySupervisor ? " (killed by the pool)"
                : killedExternally ? " (killed from outside the pool)" : "");

        if (planned) {
            LOG.info("{} - {} stopped: pid {}, {}", name, workerName, pid, exit.describe());
        } else {
            if (cause != LossCause.DEADLINE) {
                crashes.increment();
            }
            LOG.warn("{} - {} lost: pid {}, {}, state {}, reason: {}, request: {}, crash log: {}, stderr tail:{}",
                    name, workerName, pid, how, was, reason, r == null ? "none" : r.describe(now),
                    exit.crashLog() == null ? "none" : exit.crashLog(), Text.indent(tail));
            String lostReason = reason + "; " + how;
            notifyListener("workerLost", l -> l.workerLost(name, workerName, pid, lostReason));
        }

        if (was == WorkerState.STARTING && !planned && !killedExternally) {
            startFailed(w, new WorkerStartException(name + " - " + workerName + " failed to start: " + reason + "; " + how
                    + "; stderr tail:" + Text.indent(tail), launcher.command(), exitCode, tail, null));
        }

        if (r != null) {
            handleLostRequest(w, r, workerName, pid, exit, how, tail, killedExternally || planned, now);
        }
        if (!planned) {
            // What it was asked to run killed it (it died busy, or hung past its deadline): the
            // request's fault, not the slot's, so neither start-up backoff nor restart intensity.
            boolean killedByRequest = cause == LossCause.DEADLINE || (r != null && !killedExternally);
            scheduleRestart(w, killedByRequest, reason + "; " + how);
            if (!killedByRequest) {
                unpin(w); // no replacement at once: what waits for this slot goes to any worker
            }
        }
    }

    private void handleLostRequest(WorkerHandle w, PendingRequest r, String workerName, long pid, ExitInfo exit,
                                   String how, String tail, boolean notTheStatementsFault, long now) {
        Quarantine.Refusal quarantined = notTheStatementsFault ? null
                : quarantine.recordCrash(r.fingerprint, w.slot, now);
        r.crashes.add(workerName + " (" + how + ")");
        if (closed) {
            finish(r, null, new PoolClosedException(name + " - pool closed while " + r.describe(now) + " ran on "
                    + workerName));
            return;
        }
        if (r.future.isDone()) {
            return; // cancelled by its caller while it ran: nobody waits for an answer, so no retry
        }
        boolean write = r.kind.role() == Role.WRITER;
        if (!write && r.attempts < 2 && quarantined == null) {
            // A suspect waits for its worker's replacement rather than taking down a second live one.
            r.pinnedTo = notTheStatementsFault ? null : w;
            LOG.info("{} - retrying {} on {} after {} was lost", name, r.describe(now),
                    r.pinnedTo == null ? "another worker" : "its replacement", workerName);
            dispatch(r, true);
            return;
        }
        String message = name + " - " + r.kind.wireName() + " #" + r.wireId + " lost its worker"
                + (r.crashes.size() > 1 ? "s" : "") + " " + String.join(", then ", r.crashes)
                + (write ? "; the write's outcome is unknown (not retried)" : "")
                + quarantinedFor(quarantined)
                + (exit.crashLog() != null ? "; crash log " + exit.crashLog() : "")
                + ": " + Text.sql(r.sql) + "; stderr tail:" + Text.indent(tail);
        finish(r, null, new WorkerCrashedException(message, r.wireId, workerName,
                Duration.ofNanos(now - r.submittedNanos), pid, exit.exitCode(), exit.signal(), tail, write,
                exit.crashLog()));
    }

    /** The slot's next worker failed to come: its pinned retries go to whichever worker of the role comes first. */
    private void unpin(WorkerHandle w) {
        List<PendingRequest> freed = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<PendingRequest> it = waiting.get(w.role).iterator(); it.hasNext(); ) {
                PendingRequest r = it.next();
                if (r.pinnedTo == w) {
                    it.remove();
                    r.pinnedTo = null;
                    freed.add(r);
                }
            }
        } finally {
            lock.unlock();
        }
        for (int i = freed.size() - 1; i >= 0; i--) {
            dispatch(freed.get(i), true);
        }
    }

    private static String quarantinedFor(Quarantine.Refusal quarantined) {
        return quarantined == null ? "" : "; statement quarantined for "
                + TimeUnit.NANOSECONDS.toSeconds(quarantined.remainingNanos()) + " s (" + quarantined.reason() + ")";
    }

    private void startFailed(WorkerHandle w, WorkerStartException ex) {
        List<PendingRequest> doomed = new ArrayList<>();
        CompletableFuture<Void> readyFuture;
        lock.lock();
        try {
            w.startFailure = ex;
            readyFuture = w.ready;
            if (roleCannotStart(w.role) != null) {
                ArrayDeque<PendingRequest> queue = waiting.get(w.role);
                doomed.addAll(queue);
                queue.clear();
                doomed.forEach(PendingRequest::cancelTimers);
            }
        } finally {
            lock.unlock();
        }
        readyFuture.completeExceptionally(ex);
        for (PendingRequest r : doomed) {
            finish(r, null, ex);
        }
    }

    private void scheduleRestart(WorkerHandle w, boolean killedByRequest, String failure) {
        boolean coolingDown = false;
        lock.lock();
        try {
            if (closed || w.state() != WorkerState.EXITED) {
                return;
            }
            if (w.ready.isDone()) {
                w.ready = new CompletableFuture<>();
            }
            RestartSchedule.Decision d = w.restarts.onLoss(System.nanoTime(), killedByRequest);
            w.restartDelayed = !killedByRequest;
            w.lastFailure = failure;
            if (d.coolDown()) {
                w.moveTo(WorkerState.FAILED, "restart intensity exceeded");
                LOG.error("{} - cannot keep its configured size: worker-{} restarted more than {} times within {} s; "
                                + "cooling down for {} s; last failure: {}", name, w.slot,
                        config.restartPolicy().maxRestarts(), config.restartPolicy().restartPeriod().toSeconds(),
                        config.restartPolicy().coolDown().toSeconds(), failure);
                coolingDown = true;
            } else {
                w.moveTo(WorkerState.BACKOFF, killedByRequest ? "replaced at once: its request killed it"
                        : "restart in " + d.delayNanos() / 1_000_000 + " ms");
            }
            w.pendingRestart = timer.schedule(() -> launch(w), d.delayNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
        if (coolingDown) {
            notifyListener("workerCoolingDown",
                    l -> l.workerCoolingDown(name, "worker-" + w.slot, config.restartPolicy().coolDown(), failure));
        }
    }

    private void pumpStderr(Process p, StderrTail tail, String workerName) {
        try (InputStream err = p.getErrorStream()) {
            BoundedLineReader in = new BoundedLineReader(err, BoundedLineReader.DEFAULT_MAX_LINE_BYTES);
            String line;
            while ((line = in.readLine()) != null) {
                tail.add(line);
                if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    LOG.info("{} - {} stderr: {}", name, workerName, line);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("{} - {} stderr: {}", name, workerName, line);
                }
            }
        } catch (IOException e) {
            // The process is gone; its exit is handled elsewhere.
        }
    }

    // ---------------------------------------------------------------- stats and close

    public PoolStats stats() {
        int idleCount = 0;
        int busy = 0;
        int starting = 0;
        int unavailable = 0;
        int queued;
        lock.lock();
        try {
            for (WorkerHandle w : slots) {
                switch (w.state()) {
                    case IDLE -> idleCount++;
                    case BUSY -> busy++;
                    case STARTING -> starting++;
                    default -> unavailable++;
                }
            }
            queued = queuedLocked();
        } finally {
            lock.unlock();
        }
        return new PoolStats(slots.size(), idleCount, busy, starting, unavailable, queued, completed.sum(),
                failed.sum(), crashes.sum(), restarts.sum(), timeouts.sum(), quarantine.size(System.nanoTime()),
                Duration.ofNanos(latency.percentile(0.50)), Duration.ofNanos(latency.percentile(0.99)));
    }

    public List<io.vecbox.supervisor.WorkerInfo> workers() {
        List<io.vecbox.supervisor.WorkerInfo> out = new ArrayList<>(slots.size());
        lock.lock();
        try {
            for (WorkerHandle w : slots) {
                out.add(new io.vecbox.supervisor.WorkerInfo(w.name(), w.role.wireName(), w.state().name(),
                        w.state().hasProcess() ? w.pid() : -1, w.generationNumber));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Closes from the JVM shutdown hook: no grace for running requests, the JVM is going. */
    void closeForShutdownHook() {
        closeWithGrace(Duration.ZERO);
    }

    public void close() {
        closeWithGrace(config.shutdownGracePeriod());
    }

    private void closeWithGrace(Duration grace) {
        List<PendingRequest> drained = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                lock.unlock();
                try {
                    terminated.join();
                } finally {
                    lock.lock();
                }
                return;
            }
            closed = true;
            for (ArrayDeque<PendingRequest> q : waiting.values()) {
                drained.addAll(q);
                q.clear();
            }
        } finally {
            lock.unlock();
        }
        OpenPools.remove(this);
        for (PendingRequest r : drained) {
            r.cancelTimers();
            finish(r, null, new PoolClosedException(name + " - pool closed before the request reached a worker"));
        }
        try {
            stopWorkers(grace);
        } finally {
            timer.shutdownNow();
            lifecycle.shutdown();
            awaitLifecycle();
            callbacks.shutdown();
            deleteTemporaryDirectory();
            LOG.info("{} - closed: completed {}, failed {}, crashes {}, restarts {}, timeouts {}", name,
                    completed.sum(), failed.sum(), crashes.sum(), restarts.sum(), timeouts.sum());
            terminated.complete(null);
        }
    }

    private void stopWorkers(Duration grace) {
        List<WorkerHandle.Generation> readers = new ArrayList<>();
        List<WorkerHandle.Generation> writers = new ArrayList<>();
        lock.lock();
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            while (slots.stream().anyMatch(w -> w.state() == WorkerState.BUSY)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                idleChanged.awaitNanos(left);
            }
            for (WorkerHandle w : slots) {
                if (w.pendingRestart != null) {
                    w.pendingRestart.cancel(false);
                    w.pendingRestart = null;
                }
                if (w.state().hasProcess() && w.state() != WorkerState.STOPPING) {
                    w.moveTo(WorkerState.STOPPING, "pool closing");
                    (w.role == Role.WRITER ? writers : readers).add(w.generation);
                } else if (w.state() == WorkerState.BACKOFF || w.state() == WorkerState.FAILED) {
                    w.moveTo(WorkerState.EXITED, "pool closed");
                }
                if (!w.ready.isDone()) {
                    w.ready.completeExceptionally(new PoolClosedException(name + " - pool closed during start-up"));
                }
            }
            idle.values().forEach(ArrayDeque::clear);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        // Readers first: the writer checkpoints the WAL into the file as it closes, which finishes
        // only when no reader holds a snapshot, and as the last connection it also deletes the WAL.
        stop(readers);
        stop(writers);
        // Requests still running on a worker that was stopped fail now, not when its reaper gets to them.
        List<PendingRequest> orphans = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerHandle w : slots) {
                if (w.inFlight != null) {
                    orphans.add(w.inFlight);
                    w.inFlight.cancelTimers();
                    w.inFlight = null;
                }
            }
        } finally {
            lock.unlock();
        }
        for (PendingRequest r : orphans) {
            finish(r, null, new PoolClosedException(name + " - pool closed while the request ran on " + r.worker));
        }
    }

    /** Asks each worker to shut down, then escalates: terminate, kill. */
    private void stop(List<WorkerHandle.Generation> live) {
        for (WorkerHandle.Generation g : live) {
            writeLater(g, new Shutdown(ids.incrementAndGet()));
        }
        awaitExit(live, STOP_WAIT, ProcessTree::terminate);
        awaitExit(live, STOP_WAIT, ProcessTree::kill);
        awaitExit(live, STOP_WAIT, t -> { });
    }

    /** The reports of the last exits fail their requests' futures; let them, briefly. */
    private void awaitLifecycle() {
        try {
            lifecycle.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(List<WorkerHandle.Generation> live, Duration wait,
                                  java.util.function.Consumer<ProcessTree> escalate) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (WorkerHandle.Generation g : live) {
            try {
                g.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (WorkerHandle.Generation g : live) {
            if (g.process().isAlive()) {
                escalate.accept(g.tree());
            }
        }
    }

    private void deleteTemporaryDirectory() {
        if (temporaryDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(temporaryDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("{} - cannot delete {}: {}", name, p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("{} - cannot delete temporary database directory {}: {}", name, temporaryDirectory, e.toString());
        }
    }
}
