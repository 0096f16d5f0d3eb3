package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.internal.sandbox.SqlMemo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Splits a plain nearest-neighbour query ({@link KnnShape}) across the idle readers: part
 * {@code i} of {@code n} to each, every part a {@code query} with {@code shard}/{@code shards}
 * that answers the top {@code k} rows of its range of vec0's chunks; {@link ScatteredQuery}
 * gathers and merges them ({@link KnnMerge}) into the answer the whole query gives.
 *
 * <p>A query is split only when all of these hold, else it is dispatched as always: the pool
 * splits ({@code scatterKnn}, default true); it is a {@code query} of its own (not a stream's,
 * not in a transaction, not pinned to a slot as a suspect); its text has the shape and its
 * {@code k} is an integer in {@code 1..}{@value #K_MAX} whose rows cannot pass
 * {@code maxResultBytes}; no reader's worker answered {@code NOT_SHARDABLE} for the text in the
 * last minute; and, under the dispatcher's lock, at least two readers are idle, no read waits for
 * one, and no write is under way ({@link WriteFence}). The parts are assigned under that lock, as
 * the dispatcher assigns any request (same deadlines, same retry of a part whose reader is lost),
 * and written after it.
 *
 * <p>Thread-safe: the memos are lock-free; the rest is the dispatcher's.
 */
final class Scatter {
    /** vec0's largest k; a larger one is vec0's error, which the whole query gives. */
    static final long K_MAX = 4096;
    /** An upper bound of one merged row's encoded size as the worker counts it (rowid and distance). */
    static final long ROW_BYTES_BOUND = 64;
    /** How long a text a worker could not split runs whole before it is tried again. */
    private static final long NOT_SHARDABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Texts remembered as not shardable, at most; the memo is emptied when it fills. */
    private static final int NOT_SHARDABLE_TEXTS = 1024;

    private final PoolConfig config;
    private final Dispatcher dispatcher;
    private final Completions completions;
    private final Dispatcher.Sender sender;
    private final Consumer<PendingRequest> cancelInWorker;
    private final SqlMemo<KnnShape> shapes = new SqlMemo<>(KnnShape::of);
    /** Texts a worker answered NOT_SHARDABLE for, and until when they run whole. */
    private final ConcurrentHashMap<String, Long> notShardable = new ConcurrentHashMap<>();
    /** Queries answered by merging their parts. */
    final LongAdder scattered = new LongAdder();
    /** Queries split, then run whole: a worker could not split them, or a write ran meanwhile. */
    final LongAdder fallbacks = new LongAdder();

    /** @param cancelInWorker asks a request's worker to interrupt it (or drops it from its queue) */
    Scatter(PoolConfig config, Dispatcher dispatcher, Completions completions, Dispatcher.Sender sender,
            Consumer<PendingRequest> cancelInWorker) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.completions = completions;
        this.sender = sender;
        this.cancelInWorker = cancelInWorker;
    }

    /**
     * Splits the request across idle readers if it may be (see the class comment).
     *
     * @param r a request that passed the submission gate
     * @return true if it was split (its future completes from the parts, or from its run whole);
     *     false if the caller dispatches it as usual
     */
    boolean trySubmit(PendingRequest r) {
        if (!config.scatterKnn() || config.readers() < 2 || r.kind != RequestKind.QUERY || r.lease != null
                || r.shards > 0) {
            return false;
        }
        long k = k(r);
        if (k < 1) {
            return false;
        }
        List<WorkerHandle> workers = new ArrayList<>();
        List<WorkerHandle.Generation> generations = new ArrayList<>();
        List<PendingRequest> parts = new ArrayList<>();
        long epoch;
        dispatcher.lock.lock();
        try {
            int n = dispatcher.freeLocked(Role.READER);
            if (dispatcher.closed || r.pinnedTo != null || n < 2 || !dispatcher.writes.quietLocked(dispatcher.slots)) {
                return false;
            }
            epoch = dispatcher.writes.epochLocked();
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                WorkerHandle w = dispatcher.pollIdleLocked(Role.READER);
                PendingRequest part = PendingRequest.part(r, i, n, now);
                workers.add(w);
                parts.add(part);
                generations.add(dispatcher.assignLocked(w, part));
            }
        } finally {
            dispatcher.lock.unlock();
        }
        ScatteredQuery query = new ScatteredQuery(this, r, parts, k, epoch);
        query.listen();
        for (int i = 0; i < parts.size(); i++) {
            sender.sendLater(workers.get(i), generations.get(i), parts.get(i));
        }
        return true;
    }

    /** @return the query's k if it may be split: the shape, k in range, not known unsplittable; else -1 */
    private long k(PendingRequest r) {
        KnnShape shape = shapes.get(r.sql);
        if (!shape.matches()) {
            return -1;
        }
        long k = shape.k(r.params);
        if (k < 1 || k > K_MAX || ROW_BYTES_BOUND * (k + 1) > config.maxResultBytes()) {
            return -1;
        }
        Long until = notShardable.get(r.sql);
        if (until != null) {
            if (System.nanoTime() - until < 0) {
                return -1;
            }
            notShardable.remove(r.sql, until);
        }
        return k;
    }

    /** A worker could not split the text: run it whole for a while. */
    void notShardable(String sql) {
        if (notShardable.size() >= NOT_SHARDABLE_TEXTS) {
            notShardable.clear();
        }
        notShardable.put(sql, System.nanoTime() + NOT_SHARDABLE_NANOS);
    }

    /** @return whether a write may have run since {@code epoch} was read (see {@link WriteFence}) */
    boolean writtenSince(long epoch) {
        dispatcher.lock.lock();
        try {
            return dispatcher.writes.epochLocked() != epoch;
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /** Runs a split query whole after all, ahead of the queue (it has waited for its parts already). */
    void runWhole(PendingRequest r) {
        fallbacks.increment();
        if (!r.future.isDone()) {
            dispatcher.dispatch(r, true);
        }
    }

    void cancel(PendingRequest part) {
        part.future.cancel(false);
        cancelInWorker.accept(part);
    }

    PoolConfig config() {
        return config;
    }

    Completions completions() {
        return completions;
    }
}
