package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.protocol.Shutdown;
import io.vecbox.supervisor.PoolClosedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Closing a pool, once: refuse new work, fail the queued requests, give running ones the grace
 * period (not the transactions and streams that wait for their caller's next call: their workers
 * roll back and close what they hold as they shut down, and their next call fails), stop readers, then
 * the standby writer (its stdin ends: it exits without touching the database), then the writer, which
 * checkpoints the WAL (shutdown message, then terminate, then kill), fail what
 * is still in flight, stop the timer, lifecycle and callback threads, delete the temporary
 * database directory, tell the listeners ({@code poolClosed}). A second caller waits for the first
 * to finish.
 *
 * <p>Sets {@link Dispatcher#closed} and moves slots to STOPPING under the dispatcher's lock;
 * waits for processes and completes futures outside it.
 */
final class PoolShutdown {
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final Dispatcher dispatcher;
    private final WorkerLifecycle lifecycle;
    private final Deadlines deadlines;
    private final Completions completions;
    private final Callbacks callbacks;
    private final Path temporaryDirectory;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    PoolShutdown(String name, Dispatcher dispatcher, WorkerLifecycle lifecycle, Deadlines deadlines,
                 Completions completions, Callbacks callbacks, Path temporaryDirectory) {
        this.name = name;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.deadlines = deadlines;
        this.completions = completions;
        this.callbacks = callbacks;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Closes the pool, or waits for the close already under way.
     *
     * @param grace how long running requests may take before their workers are stopped
     * @param closing runs once, on the first caller's thread, as soon as the pool refuses new work
     */
    void close(Duration grace, Runnable closing) {
        List<PendingRequest> drained;
        dispatcher.lock.lock();
        try {
            if (dispatcher.closed) {
                dispatcher.lock.unlock();
                try {
                    terminated.join();
                } finally {
                    dispatcher.lock.lock();
                }
                return;
            }
            dispatcher.closed = true;
            drained = dispatcher.drainWaitingLocked(null);
        } finally {
            dispatcher.lock.unlock();
        }
        closing.run();
        for (PendingRequest r : drained) {
            r.cancelTimers();
            completions.finish(r, null, new PoolClosedException(name
                    + " - pool closed before the request reached a worker"));
        }
        try {
            stopWorkers(grace);
        } finally {
            deadlines.shutdown();
            lifecycle.reapers.shutdown();
            awaitLifecycle();
            callbacks.shutdown();
            deleteTemporaryDirectory();
            Logs.POOL.info("{} - closed: {}", name, completions.summary());
            completions.notifyListener("poolClosed", l -> l.poolClosed(name));
            terminated.complete(null);
        }
    }

    private void stopWorkers(Duration grace) {
        List<WorkerHandle.Generation> readers = new ArrayList<>();
        List<WorkerHandle.Generation> standbys = new ArrayList<>();
        List<WorkerHandle.Generation> writers = new ArrayList<>();
        dispatcher.lock.lock();
        try {
            awaitIdleLocked(grace);
            dispatcher.leases.closeAllLocked();
            for (WorkerHandle w : dispatcher.slots) {
                if (w.pendingRestart != null) {
                    w.pendingRestart.cancel(false);
                    w.pendingRestart = null;
                }
                WorkerHandle.Generation replacement = Recycling.abandonLocked(w);
                if (replacement != null) {
                    standbys.add(replacement); // connected at most, never served: it just goes
                }
                if (w.state().hasProcess() && w.state() != WorkerState.STOPPING) {
                    w.moveTo(WorkerState.STOPPING, "pool closing");
                    (w.role == Role.READER ? readers : w.standby ? standbys : writers).add(w.generation);
                } else if (w.state() == WorkerState.BACKOFF || w.state() == WorkerState.FAILED) {
                    w.moveTo(WorkerState.EXITED, "pool closed");
                }
                if (!w.ready.isDone()) {
                    w.ready.completeExceptionally(new PoolClosedException(name + " - pool closed during start-up"));
                }
            }
            dispatcher.clearIdleLocked();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dispatcher.lock.unlock();
        }
        dispatcher.leases.flush();
        // Readers first: the writer checkpoints the WAL into the file as it closes, which finishes
        // only when no reader holds a snapshot, and as the last connection it also deletes the WAL.
        stop(readers);
        // The standby next, and without a shutdown message: its stdin just ends, and a worker whose
        // stdin ends exits without closing its connection, so it neither checkpoints nor, as a
        // last connection would, deletes the WAL; the writer, stopped last, does both.
        stop(standbys, PoolShutdown::endInput);
        stop(writers);
        failOrphans();
    }

    /** Waits, up to the grace period, for the busy workers to finish. Caller holds the lock. */
    private void awaitIdleLocked(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (dispatcher.slots.stream().anyMatch(w -> w.state() == WorkerState.BUSY)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            dispatcher.idleChanged.awaitNanos(left);
        }
    }

    /** Requests still running on a worker that was stopped fail now, not when its reaper gets to them. */
    private void failOrphans() {
        List<PendingRequest> orphans = new ArrayList<>();
        dispatcher.lock.lock();
        try {
            for (WorkerHandle w : dispatcher.slots) {
                if (w.inFlight != null) {
                    orphans.add(w.inFlight);
                    w.inFlight.cancelTimers();
                    w.inFlight = null;
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        for (PendingRequest r : orphans) {
            completions.finish(r, null, Leases.failureFor(r, new PoolClosedException(name
                    + " - pool closed while the request ran on " + r.worker)));
        }
    }

    /** Asks each worker to shut down, then escalates: terminate, kill. */
    private void stop(List<WorkerHandle.Generation> live) {
        stop(live, g -> WorkerConnection.writeLater(g, new Shutdown(dispatcher.nextId())));
    }

    /** Asks each worker to exit as {@code ask} does, then escalates: terminate, kill. */
    private void stop(List<WorkerHandle.Generation> live, Consumer<WorkerHandle.Generation> ask) {
        live.forEach(ask);
        awaitExit(live, STOP_WAIT, ProcessTree::terminate);
        awaitExit(live, STOP_WAIT, ProcessTree::kill);
        awaitExit(live, STOP_WAIT, t -> { });
    }

    /** Closes the worker's stdin on its writer thread, after what was queued before. */
    static void endInput(WorkerHandle.Generation g) {
        g.outbox().execute(() -> {
            try {
                g.process().getOutputStream().close();
            } catch (IOException e) {
                // Gone already; the exit is awaited next.
            }
        });
    }

    /** The reports of the last exits fail their requests' futures; let them, briefly. */
    private void awaitLifecycle() {
        try {
            lifecycle.reapers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(List<WorkerHandle.Generation> live, Duration wait, Consumer<ProcessTree> escalate) {
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
                    Logs.POOL.trace("{} - cannot delete {}: {}", name, p, e.toString());
                }
            });
        } catch (IOException e) {
            Logs.POOL.warn("{} - cannot delete temporary database directory {}: {}", name, temporaryDirectory,
                    e.toString());
        }
    }
}
