package io.vecbox.supervisor.internal;

import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.QueryTimeoutException;
import java.time.Duration;

/**
 * A request past its time: one still waiting for a worker when its {@code acquireTimeout} ends, or
 * one that its worker did not answer by its deadline (plus {@code killGracePeriod}), whose worker is
 * then killed. The {@link Dispatcher} sets the timers ({@link Deadlines}, {@link SlotDeadlines});
 * this class is what they run.
 *
 * <p>Runs on the timer thread. Takes the {@link Dispatcher}'s lock only to take the request off its
 * queue or its worker (re-checking the slot's generation and request in flight, so a timer that
 * lost the race with the answer does nothing), and releases it before completing the request,
 * recording the crash in the quarantine or ending the generation.
 */
final class RequestTimeouts {
    private final String name;
    private final PoolConfig config;
    private final Dispatcher dispatcher;
    private final Quarantine quarantine;
    private final Completions completions;
    private final Dispatcher.Loss loss;

    RequestTimeouts(PoolConfig config, Dispatcher dispatcher, Quarantine quarantine, Completions completions,
                    Dispatcher.Loss loss) {
        this.name = config.name();
        this.config = config;
        this.dispatcher = dispatcher;
        this.quarantine = quarantine;
        this.completions = completions;
        this.loss = loss;
    }

    /** The request's {@code acquireTimeout} ended: fail it if it still waits for a worker. */
    void acquireTimedOut(PendingRequest r) {
        String message;
        dispatcher.lock.lock();
        try {
            if (!dispatcher.unqueueLocked(r)) {
                return;
            }
            r.acquireTimer = null;
            int[] counts = dispatcher.countsLocked();
            message = name + " - no " + r.role.wireName() + " available after "
                    + (System.nanoTime() - r.submittedNanos) / 1_000_000 + "ms (total=" + dispatcher.slots.size()
                    + ", busy=" + counts[1] + (counts[5] > 0 ? ", held by a transaction or stream=" + counts[5] : "")
                    + ", waiting=" + dispatcher.queuedLocked() + ")";
        } finally {
            dispatcher.lock.unlock();
        }
        completions.finish(r, null,
                new AcquireTimeoutException(message, Duration.ofNanos(System.nanoTime() - r.submittedNanos)));
    }

    /** The worker's request in flight is past its deadline: fail it (and its lease) and end the generation. */
    void deadlinePassed(WorkerHandle w, int generation, PendingRequest r) {
        Lease lease;
        dispatcher.lock.lock();
        try {
            if (w.generationNumber != generation || w.inFlight != r) {
                return;
            }
            w.inFlight = null;
            lease = dispatcher.leases.detachLocked(w, r);
        } finally {
            dispatcher.lock.unlock();
        }
        long now = System.nanoTime();
        Duration timeout = r.timeout(config);
        boolean write = r.outcomeUnknownIfLost();
        String reason = "no answer " + config.killGracePeriod().toMillis() + " ms after the " + timeout.toMillis()
                + " ms deadline of " + r.describe(now);
        completions.timeouts.increment();
        // Only a kill ends a native hang: it costs a worker like a crash, and counts like one.
        Quarantine.Refusal quarantined = r.quarantinable() ? quarantine.recordCrash(r.fingerprint, w.slot, now) : null;
        QueryTimeoutException killed = new QueryTimeoutException(name + " - " + r.kind.wireName() + " #" + r.wireId
                + " on " + r.worker + " ignored its " + timeout.toMillis() + " ms deadline; worker killed"
                + (write ? "; the write's outcome is unknown" : "") + LossReport.quarantinedFor(quarantined) + ": "
                + Text.sql(r.sql), r.wireId, r.worker, Duration.ofNanos(now - r.submittedNanos), timeout, true, write);
        if (lease != null) {
            dispatcher.leases.lost(lease, killed);
        }
        completions.finish(r, null, Leases.failureFor(r, killed));
        loss.lost(w, generation, reason, LossCause.DEADLINE);
    }
}
