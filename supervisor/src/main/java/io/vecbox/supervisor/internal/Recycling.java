package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.PoolConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Graceful replacement of a live worker ("recycling"): after {@code maxRequestsPerWorker} answered
 * requests (less its own random cut, {@link RecycleJitter}), above {@code maxWorkerRss} of private
 * resident memory ({@link ResidentMemory}, sampled every second), or when asked
 * ({@code recycleWorker}, {@code recycleAllWorkers} on the pool's MXBean).
 *
 * <p>The order: the replacement, the slot's next generation, is launched while the worker keeps
 * serving, and goes through the whole handshake and warm-up on its own reader thread (it is the
 * slot's {@link WorkerHandle#successor}, not its worker: nothing is sent to it). Once it is ready
 * and the worker is free — no request in flight, no transaction or stream holding it — the slot
 * switches generations under the lock ({@link #handOverLocked}); the next request goes to the new
 * worker. The old one is then told to go by the end of its stdin and exits without closing its
 * connection (no checkpoint, no write: it has nothing running), on a lifecycle thread, escalating to
 * terminate and kill if it lingers. No request is failed, retried or resent for it; it counts as a
 * restart, never as a crash, and is logged at INFO with its reason.
 *
 * <p>The writer is no exception to the order, and that order keeps one writer at a time: the
 * replacement writer only connects and runs the read-only warm-up (as the standby writer does), and
 * gets its first write only after the old writer answered its last one and left autocommit, i.e.
 * after a transaction holding it committed or rolled back. A worker leased by a transaction or
 * stream is therefore recycled only after the lease ends.
 *
 * <p>A replacement that fails to start (exit, protocol violation, {@code startupTimeout}) is
 * dropped with a WARN; the worker keeps serving and is asked again after another threshold (or the
 * next memory sample). A worker lost while its replacement starts is restarted the usual way, and
 * the replacement is dropped. Generation numbers are never reused, so a dropped replacement leaves a
 * gap ({@code worker-1#2}, then {@code worker-1#4}).
 *
 * <p>Slot fields under the {@link Dispatcher}'s lock; launching, logging and waiting for exits
 * outside it, on lifecycle threads ({@code vecbox-<pool>-lifecycle-N}) and the timer thread.
 */
final class Recycling implements Dispatcher.Recycler {
    /** How long a recycled worker may take to exit after its stdin ended before it is terminated. */
    private static final long EXIT_WAIT_MILLIS = 5000;

    private final String name;
    private final PoolConfig config;
    private final WorkerLauncher launcher;
    private final Dispatcher dispatcher;
    private final WorkerConnection connection;
    private final Deadlines deadlines;
    private final Completions completions;
    private final WorkerLifecycle lifecycle;
    /** Reads the workers' resident memory for {@code maxWorkerRss}; {@link #start()} starts it. */
    private final MemoryCeiling memory;

    Recycling(PoolConfig config, WorkerLauncher launcher, Dispatcher dispatcher, WorkerConnection connection,
              Deadlines deadlines, Completions completions, WorkerLifecycle lifecycle) {
        this.name = config.name();
        this.config = config;
        this.launcher = launcher;
        this.dispatcher = dispatcher;
        this.connection = connection;
        this.deadlines = deadlines;
        this.completions = completions;
        this.lifecycle = lifecycle;
        this.memory = new MemoryCeiling(config, dispatcher, deadlines, this);
    }

    /** Starts the memory samples ({@link MemoryCeiling}), once the pool is up. */
    void start() {
        memory.start();
    }

    /** Counts a request the worker answered; past its threshold, asks for its replacement. Caller holds the lock. */
    @Override
    public void answeredLocked(WorkerHandle w) {
        int max = config.maxRequestsPerWorker();
        if (max == 0) {
            return;
        }
        w.answered++;
        if (w.recycleAt == 0) {
            w.recycleAt = RecycleJitter.threshold(max, ThreadLocalRandom.current().nextDouble());
        }
        if (w.answered >= w.recycleAt && w.recycleReason == null) {
            requestLocked(w, String.format(Locale.ROOT, "recycled after %,d requests (maxRequestsPerWorker %,d)",
                    w.answered, max));
        }
    }

    /**
     * Asks for the worker of a slot to be replaced. Caller holds the lock.
     *
     * @param reason why, for the INFO line
     * @return false if it has no live worker to replace or a replacement is already under way
     */
    boolean requestLocked(WorkerHandle w, String reason) {
        if (dispatcher.closed || w.recycleReason != null || !recyclable(w.state())) {
            return false;
        }
        w.recycleReason = reason;
        try {
            lifecycle.reapers.execute(() -> launchReplacement(w));
        } catch (RejectedExecutionException e) {
            w.recycleReason = null; // closing
            return false;
        }
        return true;
    }

    /**
     * @param workerName {@code worker-<slot>} or {@code worker-<slot>#<generation>}
     * @return false if that worker is not live now (gone, starting) or already being replaced
     * @throws IllegalArgumentException if no slot has that name
     */
    boolean request(String workerName, String reason) {
        dispatcher.lock.lock();
        try {
            for (WorkerHandle w : dispatcher.slots) {
                String slotName = "worker-" + w.slot;
                if (workerName.equals(slotName)) {
                    return requestLocked(w, reason);
                }
                if (workerName.startsWith(slotName + "#")) {
                    return workerName.equals(w.name()) && requestLocked(w, reason);
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        throw new IllegalArgumentException(name + " - no worker named " + workerName + " (worker-0 .. worker-"
                + (dispatcher.slots.size() - 1) + ")");
    }

    /** @return how many workers were asked to be replaced */
    int requestAll(String reason) {
        int n = 0;
        dispatcher.lock.lock();
        try {
            for (WorkerHandle w : dispatcher.slots) {
                if (requestLocked(w, reason)) {
                    n++;
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        return n;
    }

    /**
     * Launches the slot's replacement on a lifecycle thread, for a {@link DatabaseSwap} that set its
     * reason and {@link WorkerHandle#swapTo}. Caller holds the lock.
     *
     * @return false if the pool is closing
     */
    boolean launchLaterLocked(WorkerHandle w) {
        try {
            lifecycle.reapers.execute(() -> launchReplacement(w));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    static boolean recyclable(WorkerState s) {
        return s == WorkerState.IDLE || s == WorkerState.BUSY || s == WorkerState.LEASED || s == WorkerState.STANDBY;
    }

    /** Launches the slot's next generation as its replacement. Runs on a lifecycle thread. */
    private void launchReplacement(WorkerHandle w) {
        int number;
        dispatcher.lock.lock();
        try {
            if (dispatcher.closed || w.recycleReason == null || w.successor != null || !recyclable(w.state())) {
                return;
            }
            number = w.nextGenerationNumber();
        } finally {
            dispatcher.lock.unlock();
        }
        Process p;
        try {
            p = launcher.start(w.role);
        } catch (IOException e) {
            Logs.RECYCLING.warn("{} - cannot launch a replacement for {}: {}; it keeps serving", name, w.name(),
                    e.toString());
            giveUp(w);
            return;
        }
        WorkerHandle.Generation g = null;
        dispatcher.lock.lock();
        try {
            // Lost, or the pool closed, while the process started: the slot no longer wants it.
            if (!dispatcher.closed && w.recycleReason != null && w.successor == null && recyclable(w.state())) {
                g = lifecycle.wire(w, number, p, w.swapTo != null ? w.swapTo : dispatcher.database);
                w.successor = g;
                w.successorReady = false;
            }
        } finally {
            dispatcher.lock.unlock();
        }
        if (g == null) {
            try {
                p.getOutputStream().close(); // behind a forking prefix the worker itself exits on this
            } catch (IOException e) {
                // Gone already.
            }
            new ProcessTree(p).kill();
            return;
        }
        WorkerHandle.Generation replacement = g;
        Supervisor.daemon(() -> connection.readLoop(w, replacement),
                "vecbox-" + name + "-worker-" + w.slot + "#" + number + "-reader").start();
        try {
            deadlines.after(config.startupTimeout(), () -> startupTimedOut(w, replacement));
        } catch (RejectedExecutionException e) {
            // The pool closed; PoolShutdown stops the replacement.
        }
    }

    private void startupTimedOut(WorkerHandle w, WorkerHandle.Generation g) {
        boolean stillStarting;
        dispatcher.lock.lock();
        try {
            stillStarting = w.successor == g && !w.successorReady;
        } finally {
            dispatcher.lock.unlock();
        }
        if (stillStarting) {
            lifecycle.lost(w, g.number(), "not ready after startupTimeout " + config.startupTimeout().toMillis()
                    + " ms", LossCause.STARTUP_TIMEOUT);
        }
    }

    /** The worker keeps serving; it is asked again after another threshold. */
    private void giveUp(WorkerHandle w) {
        dispatcher.lock.lock();
        try {
            if (w.swapTo != null) {
                dispatcher.swapFailure = "cannot launch a reader for " + w.name();
                dispatcher.swapProgress.signalAll();
                w.swapTo = null;
                w.swapHeld = false;
            }
            w.recycleReason = null;
            w.answered = 0;
            w.recycleAt = 0;
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /**
     * A generation finished its handshake and warm-up: if it is a replacement, it takes over now if
     * the worker is free, else when the worker is next released.
     *
     * @return false if {@code g} is not a replacement (the slot's own worker became ready)
     */
    boolean replacementReady(WorkerHandle w, WorkerHandle.Generation g, long pid) {
        String replaces;
        dispatcher.lock.lock();
        try {
            if (w.successor != g) {
                return false;
            }
            w.successorReady = true;
            w.lastStartupNanos = System.nanoTime() - g.launchedNanos();
            dispatcher.swapProgress.signalAll();
            replaces = w.name();
            handOverLocked(w);
        } finally {
            dispatcher.lock.unlock();
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - g.launchedNanos());
        String worker = w.nameOf(g.number());
        Logs.RECYCLING.trace("{} - {} ready to replace {}: pid {}, {} ms", name, worker, replaces, pid,
                startup.toMillis());
        completions.notifyListener("workerStarted", l -> l.workerStarted(name, worker, pid, startup));
        return true;
    }

    /**
     * Switches the slot to its ready replacement if its worker is free (no request in flight, no
     * lease), and sends the old worker away on a lifecycle thread. Called when a replacement becomes
     * ready and whenever a worker is released. Caller holds the lock.
     */
    @Override
    public void handOverLocked(WorkerHandle w) {
        if (dispatcher.closed) {
            return; // PoolShutdown stops the worker and its replacement
        }
        HandOver h = switchLocked(w);
        if (h == null) {
            return;
        }
        if (h.swap()) {
            dispatcher.swapProgress.signalAll(); // DatabaseSwap counts the drained readers
        } else {
            completions.restarts.increment(); // a swap counts in databaseSwaps instead
        }
        String newName = w.name();
        try {
            lifecycle.reapers.execute(() -> retire(h.old(), h.oldName(), newName, h.reason()));
        } catch (RejectedExecutionException e) {
            retireNow(h.old()); // cannot happen while open; never leave the old worker behind
        }
    }

    /**
     * A switch of a slot to its replacement.
     *
     * @param old the generation that served until now, to send away
     * @param oldName its name
     * @param reason why it was recycled
     * @param swap whether a {@link DatabaseSwap} replaced it
     */
    record HandOver(WorkerHandle.Generation old, String oldName, String reason, boolean swap) {
    }

    /**
     * Makes the slot's ready replacement its worker if the worker is free: no request in flight, no
     * lease, and IDLE, BUSY (being released) or STANDBY; the slot keeps its state. Caller holds the lock.
     *
     * @return what was switched, or null if nothing was
     */
    static HandOver switchLocked(WorkerHandle w) {
        WorkerState s = w.state();
        if (w.successor == null || !w.successorReady || w.swapHeld || w.inFlight != null || w.lease != null
                || !(s == WorkerState.IDLE || s == WorkerState.BUSY || s == WorkerState.STANDBY)) {
            return null;
        }
        HandOver h = new HandOver(w.generation, w.name(), w.recycleReason, w.swapTo != null);
        w.swapTo = null;
        WorkerHandle.Generation next = w.successor;
        w.generation = next;
        w.generationNumber = next.number();
        w.successor = null;
        w.successorReady = false;
        w.recycleReason = null;
        w.answered = 0;
        w.recycleAt = 0;
        return h;
    }

    /** Sends a replaced worker away and waits for it. Runs on a lifecycle thread. */
    private void retire(WorkerHandle.Generation old, String oldName, String newName, String reason) {
        Logs.RECYCLING.info("{} - {} {}; {} took over", name, oldName, reason, newName);
        PoolShutdown.endInput(old);
        try {
            if (!old.process().waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                Logs.RECYCLING.warn("{} - {} did not exit {} ms after it was recycled; terminating it", name, oldName,
                        EXIT_WAIT_MILLIS);
                old.tree().terminate();
                if (!old.process().waitFor(2, TimeUnit.SECONDS)) {
                    old.tree().kill();
                    old.process().waitFor(2, TimeUnit.SECONDS);
                }
            }
            old.tree().killOrphan();
            old.stderrPump().join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            old.outbox().close();
        }
        if (Logs.RECYCLING.isTraceEnabled() && !old.process().isAlive()) {
            Logs.RECYCLING.trace("{} - {} exited with {} after it was recycled", name, oldName,
                    old.process().exitValue());
        }
    }

    private static void retireNow(WorkerHandle.Generation old) {
        old.outbox().close();
        old.tree().kill();
    }

    /**
     * A generation ended: if it was the slot's replacement (not its worker), drop it, log why, and
     * let the worker keep serving.
     *
     * @return whether {@code generation} was the slot's replacement
     */
    boolean replacementLost(WorkerHandle w, int generation, String reason) {
        WorkerHandle.Generation g;
        String worker;
        boolean switched;
        dispatcher.lock.lock();
        try {
            if (w.successor == null || w.successor.number() != generation) {
                return false;
            }
            switched = w.swapTo != null && !w.swapHeld;
            if (w.swapHeld) { // before the switch: the swap fails; after it, the old worker goes when free
                dispatcher.swapFailure = w.nameOf(generation) + " could not start on " + w.swapTo.path() + ": "
                        + reason;
                dispatcher.swapProgress.signalAll();
            }
            g = abandonLocked(w);
            w.answered = 0;
            w.recycleAt = 0;
            worker = w.name();
        } finally {
            dispatcher.lock.unlock();
        }
        discard(g);
        if (!dispatcher.closed) {
            Logs.RECYCLING.warn("{} - the replacement worker-{}#{} for {} failed: {}; {} {}", name, w.slot,
                    generation, worker, reason, worker, switched
                            ? "finishes what it runs on the swapped-out file, then its slot restarts on the new one"
                            : "keeps serving");
        }
        return true;
    }

    /**
     * Forgets the slot's replacement (its worker was lost, or the pool closes). Caller holds the lock.
     *
     * @return the replacement, for {@link #discard} or for stopping, or null if none
     */
    static WorkerHandle.Generation abandonLocked(WorkerHandle w) {
        WorkerHandle.Generation g = w.successor;
        w.successor = null;
        w.successorReady = false;
        w.recycleReason = null;
        w.swapTo = null;
        w.swapHeld = false;
        return g;
    }

    /** Kills a dropped replacement. Call without the lock. */
    static void discard(WorkerHandle.Generation g) {
        if (g != null) {
            g.outbox().close();
            g.tree().kill();
        }
    }

    /** @return e.g. {@code 612 MB}, or {@code 900 KB} below a megabyte */
    static String size(long bytes) {
        return bytes >= 1L << 20 ? String.format(Locale.ROOT, "%,d MB", bytes >> 20)
                : String.format(Locale.ROOT, "%,d KB", bytes >> 10);
    }
}
