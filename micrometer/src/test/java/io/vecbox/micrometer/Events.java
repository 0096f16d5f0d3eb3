package io.vecbox.micrometer;

import io.vecbox.supervisor.WorkerLoss;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerPoolListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A listener that records the pool's events as short strings ("query success", "lost worker-1#1",
 * "started worker-1#2", "closed"). Added after the binder, it is a fence: the pool calls its
 * listeners in order, so once this one heard an event, the binder's meters have it too.
 */
final class Events implements WorkerPoolListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Semaphore started = new Semaphore(0);

    @Override
    public void requestCompleted(String pool, String kind, Duration elapsed, WorkerPoolException failure) {
        events.add(kind + " " + Outcome.of(failure));
    }

    @Override
    public void workerLost(String pool, WorkerLoss loss) {
        events.add("lost " + loss.worker());
    }

    @Override
    public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
        events.add("started " + worker);
        started.release();
    }

    @Override
    public void poolClosed(String pool) {
        events.add("closed");
    }

    /** Waits up to 60 s until {@code n} more workers have started than this method consumed before. */
    void awaitStarts(int n) throws InterruptedException {
        if (!started.tryAcquire(n, 60, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + n + " workers started; " + started.availablePermits() + " did");
        }
    }

    /** Waits up to 60 s for an event that starts with the prefix, consuming the ones before it. */
    String await(String prefix) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.startsWith(prefix)) {
                return e;
            }
            seen.add(e);
        }
        throw new AssertionError("no '" + prefix + "...'; saw " + seen);
    }
}
