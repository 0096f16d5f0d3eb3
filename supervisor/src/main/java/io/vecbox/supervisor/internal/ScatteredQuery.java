package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Result;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.WorkerPoolException;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One query split by {@link Scatter}: gathers its parts and completes the caller's request once.
 *
 * <ul>
 *   <li>Every part answered: if no write ran meanwhile ({@link WriteFence}) the parts are merged
 *       ({@link KnnMerge}) and the result goes through the same limits as a whole query's
 *       ({@link ResultLimits}); else the query runs again, whole, on one reader.</li>
 *   <li>A part answered {@code NOT_SHARDABLE}: once the other parts answered too (at once, as a
 *       rule) the query runs whole; the caller never sees that code.</li>
 *   <li>A part failed otherwise (an SQL error, its deadline, a reader lost twice, the pool
 *       closed): the other parts are cancelled and the query fails with that part's exception,
 *       the one a whole query would have thrown.</li>
 *   <li>The caller cancelled: every part is cancelled in its worker.</li>
 * </ul>
 * A part whose reader is lost is retried like any read (once, on another reader or the suspect's
 * replacement), by {@link WorkerLifecycle}; its future is the part's, not the caller's.
 *
 * <p>Thread-safe: parts complete on reader, timer and lifecycle threads; {@link #ended} is the
 * one decision, taken under this object's monitor, and everything after it runs outside.
 */
final class ScatteredQuery {
    private final Scatter scatter;
    private final PendingRequest whole;
    private final List<PendingRequest> parts;
    private final long k;
    private final long epoch;
    private final Result[] answers;
    private int unanswered;
    /** Whether a part answered NOT_SHARDABLE. */
    private boolean declined;
    private boolean ended;

    ScatteredQuery(Scatter scatter, PendingRequest whole, List<PendingRequest> parts, long k, long epoch) {
        this.scatter = scatter;
        this.whole = whole;
        this.parts = List.copyOf(parts);
        this.k = k;
        this.epoch = epoch;
        this.answers = new Result[parts.size()];
        this.unanswered = parts.size();
    }

    /** Hooks the parts' futures and the caller's cancel; before any part is written. */
    void listen() {
        for (int i = 0; i < parts.size(); i++) {
            int shard = i;
            parts.get(i).future.whenComplete((v, t) -> answered(shard, v, t));
        }
        whole.future.whenComplete((v, t) -> {
            if (t instanceof CancellationException && end()) {
                cancelParts(-1);
            }
        });
    }

    private synchronized boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    private void answered(int shard, Object value, Throwable failure) {
        boolean notShardable = failure instanceof QueryFailedException q && "NOT_SHARDABLE".equals(q.errorCode());
        boolean runWhole;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (failure == null || notShardable) {
                // A NOT_SHARDABLE answer comes at once, as the other parts' will: wait for them, so
                // that the whole run finds their readers free.
                declined |= notShardable;
                answers[shard] = (Result) value;
                if (--unanswered > 0) {
                    return;
                }
            }
            ended = true;
            runWhole = declined && (failure == null || notShardable);
        }
        if (runWhole) {
            scatter.notShardable(whole.sql);
            log("a worker cannot split it");
            scatter.runWhole(whole);
        } else if (failure == null) {
            merge();
        } else {
            cancelParts(shard);
            failed(failure);
        }
    }

    private void failed(Throwable failure) {
        WorkerPoolException ex = failure instanceof WorkerPoolException w ? w
                : new WorkerPoolException("part of a scattered query failed: " + failure, failure);
        if (ex instanceof QueryTimeoutException) {
            scatter.completions().timeouts.increment();
        }
        scatter.completions().finish(whole, null, ex);
    }

    private void merge() {
        if (scatter.writtenSince(epoch)) {
            log("a write or a database swap ran while its parts did");
            scatter.runWhole(whole);
            return;
        }
        long now = System.nanoTime();
        Result merged = KnnMerge.merge(List.of(answers), k, scatter.config().maxRows(), parts.get(0).wireId,
                now - whole.submittedNanos);
        if (merged == null) {
            log("its parts' answers do not merge");
            scatter.runWhole(whole);
            return;
        }
        StringBuilder workers = new StringBuilder();
        for (PendingRequest p : parts) {
            workers.append(workers.length() == 0 ? "" : "+").append(p.worker);
        }
        whole.worker = workers.toString();
        scatter.scattered.increment();
        WorkerPoolException tooLarge = ResultLimits.exceeded(scatter.config().name(), whole, merged,
                scatter.config(), now);
        scatter.completions().finish(whole, tooLarge == null ? whole.toValue(merged, now) : null, tooLarge);
    }

    /** Cancels every part but {@code except} (-1: all) that has not answered. */
    private void cancelParts(int except) {
        for (int i = 0; i < parts.size(); i++) {
            if (i != except && !parts.get(i).future.isDone()) {
                scatter.cancel(parts.get(i));
            }
        }
    }

    private void log(String why) {
        if (Logs.KNN.isTraceEnabled()) {
            Logs.KNN.trace("{} - scattered query in {} parts runs whole: {}: {}", scatter.config().name(),
                    parts.size(), why, Text.sql(whole.sql));
        }
    }
}
