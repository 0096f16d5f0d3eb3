package io.vecbox.supervisor.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pool's one timer thread ({@code vecbox-<pool>-timer}): acquire timeouts, request
 * deadlines, start-up timeouts and delayed restarts. It only schedules; what a timer does when it
 * fires belongs to the room that set it, and runs on this thread without any lock held on entry.
 * Cancelled timers are removed at once, so a busy pool does not keep thousands of them.
 *
 * <p>Holds no lock and no state besides its executor. Thread-safe.
 */
final class Deadlines {
    private final ScheduledThreadPoolExecutor timer;

    Deadlines(String pool) {
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Supervisor.daemon(r, "vecbox-" + pool + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code task} on the timer thread after {@code delay}.
     *
     * @return the handle that cancels it
     * @throws java.util.concurrent.RejectedExecutionException once the pool has closed
     */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return afterNanos(delay.toNanos(), task);
    }

    /** As {@link #after}, with the delay in nanoseconds. */
    ScheduledFuture<?> afterNanos(long delayNanos, Runnable task) {
        return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Drops every pending timer; called once by {@link PoolShutdown}. */
    void shutdown() {
        timer.shutdownNow();
    }
}
