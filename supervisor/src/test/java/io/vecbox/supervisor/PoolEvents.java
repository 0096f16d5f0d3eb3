package io.vecbox.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A listener that records what the pool told it, in order, as short strings ("started worker-1#2",
 * "lost worker-0#1", "promoted worker-2#1 replacing worker-0#1"), for tests that wait on an event
 * instead of sleeping.
 */
final class PoolEvents implements WorkerPoolListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void workerStarted(String pool, String worker, long pid, Duration startupTime) {
        events.add("started " + worker);
    }

    @Override
    public void workerLost(String pool, String worker, long pid, String reason) {
        events.add("lost " + worker);
    }

    @Override
    public void standbyPromoted(String pool, String worker, String replaced) {
        events.add("promoted " + worker + " replacing " + replaced);
    }

    /** Waits up to 60 s for the event, consuming the ones before it; fails naming what came instead. */
    void await(String event) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event.equals(e)) {
                return;
            }
            seen.add(e);
        }
        throw new AssertionError("no '" + event + "'; saw " + seen);
    }

    /** The events not consumed yet. */
    Stream<String> pending() {
        return events.stream();
    }
}
