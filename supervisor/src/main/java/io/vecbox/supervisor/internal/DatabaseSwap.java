package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.PoolSetupException;
import io.vecbox.supervisor.WorkerPoolException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code WorkerPool.swapDatabase}: replaces the file under a live read-only pool without failing a
 * query or letting one see both files. Built on {@link Recycling}'s replacements:
 *
 * <ol>
 *   <li><b>prepare</b>: each live reader slot (idle, busy or leased) gets a replacement started on
 *       the new file ({@link #requestLocked}), held ({@link WorkerHandle#swapHeld}): it
 *       handshakes and warms up, but takes nothing. A replacement that fails ({@code Recycling}
 *       records {@link Dispatcher#swapFailure}) aborts the swap: every replacement is dropped and
 *       the pool stays on the old file. A slot whose worker is lost meanwhile drops its
 *       replacement and restarts as usual; once live again it gets a new one. Slots without a live
 *       worker get none;</li>
 *   <li><b>switch</b>, in the same hold of the lock as the check that every live slot has a ready
 *       replacement: {@link Dispatcher#database} becomes the new file (every later launch opens it),
 *       the {@link WriteFence} epoch moves (a scattered query whose parts straddle the switch runs
 *       whole), and each replacement is released: an idle slot switches at once, a busy or leased
 *       one when it is next free ({@link Recycling#handOverLocked} from
 *       {@code Dispatcher.releaseLocked}). No old worker takes a request after this: every query
 *       submitted later, or still queued, runs on a new reader;</li>
 *   <li><b>drain</b>: waits until each old worker handed over (or was lost: its slot then starts on
 *       the new file) and has exited. {@code Recycling} sends old workers away by the end of their
 *       stdin: a reader exits without a checkpoint or any write.</li>
 * </ol>
 *
 * <p>A worker that was starting on the old file when the switch came is stopped as it becomes
 * ready and its slot starts again at once on the new file ({@link LossCause#SUPERSEDED}, checked by
 * {@code WorkerConnection}). Swaps are serialised by this object's monitor. Slot fields under the
 * {@link Dispatcher}'s lock; the caller's thread waits on {@link Dispatcher#swapProgress}, with a
 * short poll as a backstop for the losses that do not signal it.
 */
final class DatabaseSwap {
    /** Backstop of the waits: a lost worker or a slot back from a restart does not signal. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long an old worker may take to exit once it handed over ({@link Recycling} escalates before). */
    private static final long EXIT_WAIT_SECONDS = 15;

    private final String name;
    private final PoolConfig config;
    private final Dispatcher dispatcher;
    private final Recycling recycling;
    private final Completions completions;

    DatabaseSwap(PoolConfig config, Dispatcher dispatcher, Recycling recycling, Completions completions) {
        this.name = config.name();
        this.config = config;
        this.dispatcher = dispatcher;
        this.recycling = recycling;
        this.completions = completions;
    }

    /**
     * Swaps the pool to {@code newFile}; see {@code WorkerPool.swapDatabase}.
     *
     * @throws IllegalStateException if the pool is not read-only
     * @throws PoolClosedException if the pool is closed or closes before the swap is done
     * @throws PoolSetupException if the file is missing or not a database, or no reader starts on it
     */
    synchronized void swap(Path newFile) {
        Objects.requireNonNull(newFile, "newFile");
        if (!config.readOnly()) {
            throw new IllegalStateException(name + " - swapDatabase needs a read-only pool (WorkerPool.Builder."
                    + "readOnly(true)): swapping the file under a writer would lose its writes");
        }
        checkOpen();
        Path path = newFile.toAbsolutePath();
        DatabaseFiles.checkReadable(name, path);
        long begin = System.nanoTime();
        DatabaseFile from;
        DatabaseFile to;
        Map<WorkerHandle, WorkerHandle.Generation> draining;
        dispatcher.lock.lock();
        try {
            from = dispatcher.database;
            to = new DatabaseFile(path, from.swaps() + 1);
            dispatcher.swapFailure = null;
            draining = prepareLocked(from, to, begin);
        } catch (RuntimeException e) {
            abortLocked();
            throw e;
        } finally {
            dispatcher.lock.unlock();
        }
        awaitDrained(draining);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        completions.databaseSwaps.increment();
        Logs.SWAPS.info("{} - swapped database from {} to {} in {} ms ({} readers drained)", name, from.path(),
                path, millis, draining.size());
        Duration elapsed = Duration.ofMillis(millis);
        completions.notifyListener("databaseSwapped", l -> l.databaseSwapped(name, from.path(), path, elapsed));
    }

    /**
     * Starts the replacements and waits for them; switches once every live reader has a ready one.
     * Caller holds the lock (released while waiting).
     *
     * @return each slot switched, with the old worker it drains
     */
    private Map<WorkerHandle, WorkerHandle.Generation> prepareLocked(DatabaseFile from, DatabaseFile to, long begin)
            throws PoolClosedException {
        long deadline = begin + 2 * config.startupTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        String reason = "drained for the swap from " + from.path() + " to " + to.path();
        List<WorkerHandle.Generation> dropped = new ArrayList<>();
        try {
            while (true) {
                checkOpen();
                if (dispatcher.swapFailure != null) {
                    throw new PoolSetupException(name + " - cannot swap the database to " + to.path() + ": "
                            + dispatcher.swapFailure + "; still serving " + from.path(), null);
                }
                int live = 0;
                int ready = 0;
                for (WorkerHandle w : dispatcher.slots) {
                    if (w.role != Role.READER || !live(w.state())) {
                        continue;
                    }
                    live++;
                    if (w.swapTo == null) {
                        WorkerHandle.Generation d = requestLocked(w, to, reason);
                        if (d != null) {
                            dropped.add(d);
                        }
                    } else if (w.successorReady) {
                        ready++;
                    }
                }
                if (live > 0 && ready == live) {
                    return switchLocked(to);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PoolSetupException(name + " - cannot swap the database to " + to.path() + ": "
                            + ready + " of " + live + " readers ready on it after "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms; still serving "
                            + from.path(), null);
                }
                try {
                    dispatcher.swapProgress.awaitNanos(Math.min(left, POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PoolSetupException(name + " - interrupted while swapping the database to " + to.path()
                            + "; still serving " + from.path(), e);
                }
            }
        } finally {
            if (!dropped.isEmpty()) {
                dispatcher.lock.unlock();
                try {
                    dropped.forEach(Recycling::discard);
                } finally {
                    dispatcher.lock.lock();
                }
            }
        }
    }

    /**
     * Asks for a replacement of a live reader on the new file, held ({@link WorkerHandle#swapHeld})
     * until the switch. A replacement under way on another file (a recycle) is dropped first; a slot
     * that already has this swap's is left alone. Caller holds the lock.
     *
     * @return a dropped replacement, for {@link Recycling#discard} without the lock; or null
     */
    private WorkerHandle.Generation requestLocked(WorkerHandle w, DatabaseFile to, String reason) {
        WorkerHandle.Generation dropped = null;
        if (w.successor != null && !to.equals(w.successor.database())) {
            dropped = Recycling.abandonLocked(w);
        }
        if (dispatcher.closed || w.swapTo != null) {
            return dropped;
        }
        // A recycle's launch still pending takes this reason and file too (Recycling.launchReplacement).
        w.recycleReason = reason;
        w.swapTo = to;
        w.swapHeld = true;
        if (!recycling.launchLaterLocked(w)) {
            Recycling.abandonLocked(w); // closing
        }
        return dropped;
    }

    /**
     * Whether a reader just released still serves a file the pool swapped away from, which happens
     * when its replacement was lost between the switch and its hand-over. Then it takes nothing more:
     * it is made IDLE without joining the idle list, and ended on the timer thread
     * ({@link LossCause#SUPERSEDED}), so that its slot starts again at once on the current file.
     * Caller ({@code Dispatcher.releaseLocked}) holds the lock.
     *
     * @return true if the worker was retired this way
     */
    static boolean staleLocked(Dispatcher dispatcher, WorkerHandle w) {
        WorkerHandle.Generation g = w.generation;
        if (w.role != Role.READER || g == null || g.database() == null || dispatcher.database == null
                || g.database().equals(dispatcher.database)) {
            return false;
        }
        w.moveTo(WorkerState.IDLE, "serves a swapped-out file");
        int number = g.number();
        String reason = "serves " + g.database().path() + ", which the pool swapped for "
                + dispatcher.database.path() + ", and its replacement was lost";
        dispatcher.endLater(w, number, reason);
        return true;
    }

    private static boolean live(WorkerState s) {
        return s == WorkerState.IDLE || s == WorkerState.BUSY || s == WorkerState.LEASED;
    }

    /** The switch: new launches open {@code to}, scattered queries re-check, replacements take over. Caller holds the lock. */
    private Map<WorkerHandle, WorkerHandle.Generation> switchLocked(DatabaseFile to) {
        dispatcher.database = to;
        dispatcher.writes.databaseSwappedLocked();
        Map<WorkerHandle, WorkerHandle.Generation> draining = new LinkedHashMap<>();
        for (WorkerHandle w : dispatcher.slots) {
            if (w.role == Role.READER && to.equals(w.swapTo) && w.successorReady) {
                draining.put(w, w.generation);
                w.swapHeld = false;
                recycling.handOverLocked(w); // at once if free; else when Dispatcher.releaseLocked frees it
            }
        }
        return draining;
    }

    /** Drops every replacement of this swap; the pool stays on the old file. Caller holds the lock. */
    private void abortLocked() {
        List<WorkerHandle.Generation> dropped = new ArrayList<>();
        for (WorkerHandle w : dispatcher.slots) {
            if (w.swapTo != null) {
                WorkerHandle.Generation g = Recycling.abandonLocked(w);
                if (g != null) {
                    dropped.add(g);
                }
            }
        }
        dispatcher.swapFailure = null;
        dispatcher.lock.unlock();
        try {
            dropped.forEach(Recycling::discard);
        } finally {
            dispatcher.lock.lock();
        }
    }

    /** Waits until every old worker handed over or was lost, then until it exited. */
    private void awaitDrained(Map<WorkerHandle, WorkerHandle.Generation> draining) {
        dispatcher.lock.lock();
        try {
            while (true) {
                boolean pending = false;
                for (Map.Entry<WorkerHandle, WorkerHandle.Generation> e : draining.entrySet()) {
                    WorkerHandle w = e.getKey();
                    pending |= w.generation == e.getValue() && w.state().hasProcess();
                }
                if (!pending) {
                    break;
                }
                checkOpen();
                try {
                    dispatcher.swapProgress.awaitNanos(POLL_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WorkerPoolException(name + " - interrupted while the old readers drained; the pool"
                            + " serves " + dispatcher.database.path() + " already, and they stop when free");
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        for (WorkerHandle.Generation old : draining.values()) {
            try {
                old.process().onExit().get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Logs.SWAPS.trace("{} - an old reader had not exited {} s after the swap", name, EXIT_WAIT_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void checkOpen() {
        if (dispatcher.closed) {
            throw new PoolClosedException(name + " - pool is closed");
        }
    }
}
