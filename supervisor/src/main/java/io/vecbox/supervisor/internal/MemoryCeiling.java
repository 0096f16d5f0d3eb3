package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.PoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code maxWorkerRss}: every second, on the timer thread, reads each live worker's private resident
 * memory ({@link ResidentMemory}) and asks {@link Recycling} to replace those above the ceiling.
 * On a platform without {@code /proc} the option is ignored with one WARN at start, so that one
 * configuration serves every platform. The {@code /proc} reads run without the lock.
 */
final class MemoryCeiling {
    /** How often each worker's resident memory is read. */
    static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final long maxBytes;
    private final Dispatcher dispatcher;
    private final Deadlines deadlines;
    private final Recycling recycling;

    MemoryCeiling(PoolConfig config, Dispatcher dispatcher, Deadlines deadlines, Recycling recycling) {
        this.name = config.name();
        this.maxBytes = config.maxWorkerRss();
        this.dispatcher = dispatcher;
        this.deadlines = deadlines;
        this.recycling = recycling;
    }

    /** Starts the samples if {@code maxWorkerRss} is set and the platform can read it. */
    void start() {
        if (maxBytes == 0) {
            return;
        }
        if (!ResidentMemory.supported()) {
            Logs.POOL.warn("{} - maxWorkerRss ({}) is ignored: this platform has no /proc to read a worker's "
                    + "resident memory from", name, Recycling.size(maxBytes));
            return;
        }
        scheduleSample();
    }

    private void scheduleSample() {
        try {
            deadlines.afterNanos(SAMPLE_NANOS, this::sample);
        } catch (RejectedExecutionException e) {
            // The pool closed.
        }
    }

    private record Sample(WorkerHandle slot, int generation, long pid) {
    }

    /** Reads every live worker's private resident memory and recycles those above the ceiling. */
    private void sample() {
        List<Sample> live = new ArrayList<>();
        dispatcher.lock.lock();
        try {
            if (dispatcher.closed) {
                return;
            }
            for (WorkerHandle w : dispatcher.slots) {
                if (w.recycleReason == null && Recycling.recyclable(w.state())) {
                    live.add(new Sample(w, w.generationNumber, w.pid()));
                }
            }
        } finally {
            dispatcher.lock.unlock();
        }
        for (Sample s : live) {
            long rss = ResidentMemory.privateBytes(s.pid());
            if (rss > maxBytes) {
                dispatcher.lock.lock();
                try {
                    if (s.slot().generationNumber == s.generation()) {
                        recycling.requestLocked(s.slot(), "recycled: resident memory " + Recycling.size(rss)
                                + " above " + Recycling.size(maxBytes) + " (maxWorkerRss)");
                    }
                } finally {
                    dispatcher.lock.unlock();
                }
            }
        }
        scheduleSample();
    }
}
