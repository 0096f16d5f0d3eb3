package io.vecbox.supervisor.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures handed to the host on the callback executor, never on a pool I/O thread
 * (a worker's reader or writer thread, the timer, a lifecycle thread). Whatever a host chains onto
 * such a future runs on the thread that completes it; on a reader thread, a callback that queried
 * the pool waited for an answer only that very thread could read, and the pool then killed a
 * healthy worker for missing its deadline.
 *
 * <p>The pool's own executor is a cached pool of daemon threads named
 * {@code vecbox-<pool>-callback-N}: threads are made only when needed and retire after a minute
 * idle. It is the default, and the fallback when a configured executor rejects a task. It is shut
 * down by {@link #shutdown()} once close() has completed every future; tasks handed to it before
 * still run. Thread-safe.
 */
final class Callbacks {
    private final String pool;
    private final ExecutorService own;
    private final Executor executor;
    private final AtomicBoolean rejectionLogged = new AtomicBoolean();

    /**
     * @param pool the pool's name, for thread names and log lines
     * @param configured the host's executor, or null for the pool's own
     */
    Callbacks(String pool, Executor configured) {
        this.pool = pool;
        AtomicInteger threads = new AtomicInteger();
        this.own = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vecbox-" + pool + "-callback-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor = configured != null ? configured : own;
    }

    /**
     * @param internal a future the pool completes on its own threads
     * @return a future that completes the same way on the callback executor; cancelling it
     *     cancels {@code internal}, which reaches the worker
     */
    <T> CompletableFuture<T> handOver(CompletableFuture<T> internal) {
        CompletableFuture<T> external = new CompletableFuture<>();
        internal.whenComplete((value, failure) -> {
            if (external.isDone()) {
                return; // cancelled by the host
            }
            run(() -> {
                if (failure == null) {
                    external.complete(value);
                } else {
                    external.completeExceptionally(failure);
                }
            });
        });
        external.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                internal.cancel(false);
            }
        });
        return external;
    }

    private void run(Runnable completion) {
        if (executor != own) {
            try {
                executor.execute(completion);
                return;
            } catch (RejectedExecutionException e) {
                if (rejectionLogged.compareAndSet(false, true)) {
                    Logs.POOL.warn("{} - the callback executor rejected a completion ({}); the pool's own "
                            + "callback threads complete futures it rejects", pool, e.toString());
                }
            }
        }
        try {
            own.execute(completion);
        } catch (RejectedExecutionException e) {
            // Only after close() has finished: a completion that raced the shutdown gets a thread
            // of its own rather than running on the I/O thread that completed it.
            Thread late = new Thread(completion, "vecbox-" + pool + "-callback-late");
            late.setDaemon(true);
            late.start();
        }
    }

    /** Lets the completions already handed over run, then retires the pool's own threads. */
    void shutdown() {
        own.shutdown();
    }
}
