package io.vecbox.supervisor.internal;

import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerStartException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each slot's process lifecycle: launch a generation, notice it ended ({@link #lost}), wait for
 * its exit and report it ({@link LossReport}), record the crash in the {@link Quarantine}, fail or
 * retry the request it was running (a suspect's retry waits for the slot's replacement), and
 * schedule the next generation by the slot's {@link RestartSchedule} (at once if its request
 * killed it). A lost writer hands its writes to a ready standby at once ({@link StandbyPromotion})
 * and its slot restarts as the new standby.
 *
 * <p>A write in flight on a lost writer is never resent, to the standby or anywhere: the worker may
 * have committed it before it died without its answer getting out, so the caller gets
 * {@code WorkerCrashedException} with the outcome unknown (SQLite rolled back what was not
 * committed; the caller decides whether to look or to write again).
 *
 * <p>Threads: a launch runs on the starting thread or, for restarts, the timer thread; it starts
 * the generation's stderr pump, writer ({@link Outbox}) and reader thread. {@link #lost} runs on
 * whichever thread saw the end (reader, writer, timer) and hands the slow part, waiting for the
 * exit, to a lifecycle thread ({@code vecbox-<pool>-lifecycle-N}). Slot state changes under the
 * {@link Dispatcher}'s lock, and {@link WorkerState} rejects any illegal move; the process is
 * killed, waited for and reported outside it.
 */
final class WorkerLifecycle {
    /** How long a worker that closed its stdout may take to exit by itself before it is killed. */
    private static final long EXIT_WAIT_MILLIS = 2000;
    /** How long a worker that broke the protocol may take to exit by itself (a crashing JVM) before it is killed. */
    private static final long VIOLATION_EXIT_WAIT_MILLIS = 1000;

    private final String name;
    private final PoolConfig config;
    private final WorkerLauncher launcher;
    private final Dispatcher dispatcher;
    private final WorkerConnection connection;
    private final Deadlines deadlines;
    private final Completions completions;
    private final Quarantine quarantine;
    final ExecutorService reapers;
    /** Graceful replacement of workers past {@code maxRequestsPerWorker} or {@code maxWorkerRss}. */
    final Recycling recycling;

    WorkerLifecycle(PoolConfig config, WorkerLauncher launcher, Dispatcher dispatcher, WorkerConnection connection,
                    Deadlines deadlines, Completions completions, Quarantine quarantine) {
        this.name = config.name();
        this.config = config;
        this.launcher = launcher;
        this.dispatcher = dispatcher;
        this.connection = connection;
        this.deadlines = deadlines;
        this.completions = completions;
        this.quarantine = quarantine;
        AtomicInteger threads = new AtomicInteger();
        this.reapers = Executors.newCachedThreadPool(
                r -> Supervisor.daemon(r, "vecbox-" + name + "-lifecycle-" + threads.incrementAndGet()));
        this.recycling = new Recycling(config, launcher, dispatcher, connection, deadlines, completions, this);
    }

    List<String> command() {
        return launcher.command();
    }

    /** Starts a new generation of a slot waiting in BACKOFF or FAILED; does nothing otherwise. */
    void launch(WorkerHandle w) {
        WorkerHandle.Generation g;
        dispatcher.lock.lock();
        try {
            if (dispatcher.closed || !(w.state() == WorkerState.BACKOFF || w.state() == WorkerState.FAILED)) {
                return;
            }
            w.pendingRestart = null;
            w.restartDelayed = false;
            w.generationNumber = w.nextGenerationNumber();
            w.answered = 0;
            w.recycleAt = 0;
            if (w.generationNumber > 1) {
                completions.restarts.increment();
            }
            w.moveTo(WorkerState.STARTING, "launch");
            Process p;
            try {
                p = launcher.start(w.role);
            } catch (IOException e) {
                WorkerStartException ex = new WorkerStartException(name + " - cannot launch " + w.name() + ": " + e
                        + "; command: " + String.join(" ", launcher.command(w.role)), launcher.command(w.role), null, "", e);
                w.generation = null;
                w.moveTo(WorkerState.EXITED, "launch failed");
                dispatcher.lock.unlock();
                try {
                    startFailed(w, ex);
                    scheduleRestart(w, false, ex.getMessage());
                } finally {
                    dispatcher.lock.lock();
                }
                return;
            }
            g = newGeneration(w, p);
        } finally {
            dispatcher.lock.unlock();
        }
        Supervisor.daemon(() -> connection.readLoop(w, g), "vecbox-" + name + "-" + w.name() + "-reader").start();
        deadlines.after(config.startupTimeout(), () -> startupTimedOut(w, g));
    }

    /** Wires a launched process to its threads and makes it the slot's worker. Caller holds the lock. */
    private WorkerHandle.Generation newGeneration(WorkerHandle w, Process p) {
        WorkerHandle.Generation g = wire(w, w.generationNumber, p, dispatcher.database);
        w.generation = g;
        return g;
    }

    /**
     * Wires a launched process to its threads (stderr pump, outbox) as generation {@code number} of
     * the slot, to be configured on {@code database}.
     */
    WorkerHandle.Generation wire(WorkerHandle w, int number, Process p, DatabaseFile database) {
        StderrTail tail = new StderrTail(40, 500);
        String workerName = w.nameOf(number);
        Thread pump = Supervisor.daemon(() -> pumpStderr(p, tail, workerName),
                "vecbox-" + name + "-" + workerName + "-stderr");
        MessageWriter writer = new MessageWriter(new BufferedOutputStream(p.getOutputStream(), 64 * 1024),
                Protocol.DEFAULT_MAX_FRAME_BYTES);
        Outbox outbox = new Outbox("vecbox-" + name + "-" + workerName + "-writer");
        WorkerHandle.Generation g = new WorkerHandle.Generation(number, p, new ProcessTree(p), writer,
                outbox, tail, pump, System.nanoTime(), database);
        pump.start();
        outbox.start();
        return g;
    }

    private void startupTimedOut(WorkerHandle w, WorkerHandle.Generation g) {
        boolean stillStarting;
        dispatcher.lock.lock();
        try {
            stillStarting = w.generationNumber == g.number() && w.state() == WorkerState.STARTING;
        } finally {
            dispatcher.lock.unlock();
        }
        if (stillStarting) {
            lost(w, g.number(), "not ready after startupTimeout " + config.startupTimeout().toMillis() + " ms",
                    LossCause.STARTUP_TIMEOUT);
        }
    }

    /**
     * A generation ended or must end. Idempotent per generation: the first caller wins; it kills
     * the process if it still lives and hands the rest to a lifecycle thread.
     */
    void lost(WorkerHandle w, int generation, String reason, LossCause cause) {
        if (recycling.replacementLost(w, generation, reason)) {
            return;
        }
        WorkerHandle.Generation g;
        WorkerHandle.Generation abandoned;
        WorkerState was;
        PendingRequest r;
        Lease lease;
        StandbyPromotion.Promotion promotion;
        dispatcher.lock.lock();
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
            lease = dispatcher.leases.detachLocked(w, r); // the next generation comes back unleased
            w.moveTo(WorkerState.EXITED, reason);
            dispatcher.removeIdleLocked(w);
            abandoned = Recycling.abandonLocked(w); // a replacement under way goes too; the slot restarts as usual
            // A ready standby takes the writes now, before this loss is even reported; this slot
            // comes back as the new standby.
            promotion = w.role == Role.WRITER && !w.standby ? StandbyPromotion.promoteLocked(dispatcher) : null;
        } finally {
            dispatcher.lock.unlock();
        }
        g.outbox().close();
        Recycling.discard(abandoned);
        // A worker that closed its stdout or broke the protocol is usually dying: a JVM that hits a
        // native fault prints its crash banner to fd 1 (HotSpot binds that stream before any flag
        // could move it) and exits a moment later. Give it that moment, so the exit code, signal
        // and crash log in the report are its own. One that ignored a deadline is killed now.
        boolean killNow = (cause == LossCause.DEADLINE || cause == LossCause.STARTUP_TIMEOUT
                || cause == LossCause.SUPERSEDED) && g.process().isAlive();
        if (killNow) {
            g.tree().kill();
        }
        // After the kill: a writer that hung inside a write transaction holds SQLite's write lock
        // until it dies, and the promoted standby would only wait for it (busy timeout).
        StandbyPromotion.announce(name, promotion, completions, connection::sendLater);
        LossCause effective = was == WorkerState.STOPPING ? LossCause.STOPPED : cause;
        Runnable report = () -> afterExit(w, g, was, r, lease, reason, effective, killNow);
        try {
            reapers.execute(report);
        } catch (RejectedExecutionException e) {
            // close() stopped the lifecycle threads after the workers exited, and this reader saw
            // its stdout end a moment later: report the (planned) exit on this thread instead.
            report.run();
        }
    }

    private void afterExit(WorkerHandle w, WorkerHandle.Generation g, WorkerState was, PendingRequest r, Lease lease,
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
        LossReport loss = new LossReport(name, w, g, was, reason, cause, killedBySupervisor, exitCode,
                config.crashLogDirectory());
        if (loss.exit.crashLog() != null) {
            PoolSetup.pruneCrashLogs(name, config.crashLogDirectory());
        }
        loss.log(r, now);
        if (!loss.planned()) {
            if (cause != LossCause.DEADLINE) {
                completions.crashes.increment();
            }
            WorkerLoss lostWorker = loss.workerLoss();
            completions.notifyListener("workerLost", l -> l.workerLost(name, lostWorker));
        }
        if (loss.failedStart()) {
            startFailed(w, loss.startFailure(launcher.command(w.role)));
        }
        if (r != null) {
            handleLostRequest(w, r, lease, loss, loss.killedExternally || loss.planned(), now);
        } else if (lease != null) {
            dispatcher.leases.lost(lease, dispatcher.closed ? new PoolClosedException(name + " - pool closed")
                    : loss.leaseFailure(lease.kind == Lease.Kind.TRANSACTION ? "transaction" : "stream", now));
        }
        if (!loss.planned()) {
            // What it was asked to run killed it (it died busy, or hung past its deadline): the
            // request's fault, not the slot's, so neither start-up backoff nor restart intensity.
            boolean killedByRequest = cause == LossCause.DEADLINE || (r != null && !loss.killedExternally);
            scheduleRestart(w, killedByRequest, loss.reason + "; " + loss.how);
            if (!killedByRequest) {
                dispatcher.unpin(w); // no replacement at once: what waits for this slot goes to any worker
            }
        } else if (cause == LossCause.SUPERSEDED) {
            scheduleRestart(w, true, reason); // at once, on the file the pool serves now
        }
    }

    /** @param lease the lease the loss ended, or null */
    private void handleLostRequest(WorkerHandle w, PendingRequest r, Lease lease, LossReport loss,
                                   boolean notTheStatementsFault, long now) {
        Quarantine.Refusal quarantined = notTheStatementsFault || !r.quarantinable() ? null
                : quarantine.recordCrash(r.fingerprint, w.slot, now);
        r.crashes.add(loss.workerName + " (" + loss.how + ")");
        WorkerPoolException failure;
        if (dispatcher.closed) {
            failure = new PoolClosedException(name + " - pool closed while " + r.describe(now) + " ran on "
                    + loss.workerName);
        } else if (r.future.isDone()) {
            if (lease == null) {
                return; // cancelled by its caller while it ran: nobody waits for an answer, so no retry
            }
            failure = loss.requestFailure(r, quarantined, now);
        } else if (r.retryable() && r.attempts < 2 && quarantined == null) {
            // A suspect waits for its worker's replacement rather than taking down a second live one.
            r.pinnedTo = notTheStatementsFault ? null : w;
            Logs.CRASHES.info("{} - retrying {} on {} after {} was lost", name, r.describe(now),
                    r.pinnedTo == null ? "another worker" : "its replacement", loss.workerName);
            dispatcher.dispatch(r, true);
            return;
        } else {
            failure = loss.requestFailure(r, quarantined, now);
        }
        if (lease != null) {
            dispatcher.leases.lost(lease, failure); // its later calls say why, as this one does
        }
        completions.finish(r, null, Leases.failureFor(r, failure));
    }

    private void startFailed(WorkerHandle w, WorkerStartException ex) {
        List<PendingRequest> doomed = List.of();
        CompletableFuture<Void> readyFuture;
        dispatcher.lock.lock();
        try {
            w.startFailure = ex;
            readyFuture = w.ready;
            if (dispatcher.roleCannotStartLocked(w.role) != null) {
                doomed = dispatcher.drainWaitingLocked(w.role);
                doomed.forEach(PendingRequest::cancelTimers);
            }
        } finally {
            dispatcher.lock.unlock();
        }
        readyFuture.completeExceptionally(ex);
        for (PendingRequest r : doomed) {
            completions.finish(r, null, ex);
        }
    }

    /**
     * @param killedByRequest its request killed it: replaced at once, outside restart intensity
     * @param failure why it was lost, for the cool-down's ERROR line and the fail-fast exception
     */
    private void scheduleRestart(WorkerHandle w, boolean killedByRequest, String failure) {
        boolean coolingDown = false;
        dispatcher.lock.lock();
        try {
            if (dispatcher.closed || w.state() != WorkerState.EXITED) {
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
                Logs.CRASHES.error("{} - cannot keep its configured size: worker-{} restarted more than {} times "
                                + "within {} s; cooling down for {} s; last failure: {}", name, w.slot,
                        config.restartPolicy().maxRestarts(), config.restartPolicy().restartPeriod().toSeconds(),
                        config.restartPolicy().coolDown().toSeconds(), failure);
                coolingDown = true;
            } else {
                w.moveTo(WorkerState.BACKOFF, killedByRequest ? "replaced at once: its request killed it"
                        : "restart in " + d.delayNanos() / 1_000_000 + " ms");
            }
            w.pendingRestart = deadlines.afterNanos(d.delayNanos(), () -> launch(w));
        } finally {
            dispatcher.lock.unlock();
        }
        if (coolingDown) {
            completions.notifyListener("workerCoolingDown",
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
                    Logs.STDERR.info("{} - {} stderr: {}", name, workerName, line);
                } else if (Logs.STDERR.isTraceEnabled()) {
                    Logs.STDERR.trace("{} - {} stderr: {}", name, workerName, line);
                }
            }
        } catch (IOException e) {
            // The process is gone; its exit is handled elsewhere.
        }
    }
}
