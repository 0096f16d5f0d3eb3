package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Where every request ends: completes its future once, counts it and tells the listeners. Also
 * holds the pool's counters for {@code stats()} and its listeners: the builder's, then those the
 * host added later (a metrics binder beside the host's own).
 *
 * <p>Lock-free: the counters are {@link LongAdder}s, the latency window synchronises itself, the
 * listeners are a copy-on-write list, and nothing here is ever called with the dispatcher's lock
 * held (futures and listeners run outside it). Thread-safe.
 */
final class Completions {
    private final String name;
    private final List<WorkerPoolListener> listeners = new CopyOnWriteArrayList<>();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder crashes = new LongAdder();
    final LongAdder restarts = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    /** Database swaps done ({@link DatabaseSwap}). */
    final LongAdder databaseSwaps = new LongAdder();
    final LatencyWindow latency = new LatencyWindow(4096);

    /** @param listener the builder's listener, or null */
    Completions(String name, WorkerPoolListener listener) {
        this.name = name;
        if (listener != null) {
            listeners.add(listener);
        }
    }

    /** Adds a listener after the others; it hears the events from now on. */
    void addListener(WorkerPoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return whether the listener was there (by {@code equals}); removes its first occurrence */
    boolean removeListener(WorkerPoolListener listener) {
        return listeners.remove(listener);
    }

    /** Completes a request once, counts it and tells the listeners. */
    void finish(PendingRequest r, Object value, WorkerPoolException failure) {
        if (r.shards > 0) {
            // A part of a scattered query: its Scatter counts and reports the query once.
            if (failure == null) {
                r.future.complete(value);
            } else {
                r.future.completeExceptionally(failure);
            }
            return;
        }
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

    /**
     * Calls each listener outside any lock, in order; an exception is logged, never propagated, and
     * does not keep the next listener from the event.
     */
    void notifyListener(String event, Consumer<WorkerPoolListener> call) {
        if (listeners.isEmpty()) {
            return; // the common case: no iterator per request
        }
        for (WorkerPoolListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                Logs.POOL.warn("{} - listener failed in {}", name, event, e);
            }
        }
    }

    /** @return e.g. {@code completed 3, failed 1, crashes 0, restarts 0, timeouts 0} */
    String summary() {
        return "completed " + completed.sum() + ", failed " + failed.sum() + ", crashes " + crashes.sum()
                + ", restarts " + restarts.sum() + ", timeouts " + timeouts.sum();
    }
}
