package io.vecbox.supervisor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Statements that crashed workers, by {@link StatementFingerprint}: a request is refused while its
 * values or its shape are quarantined.
 *
 * <ul>
 *   <li><b>Values</b>: {@value #VALUE_THRESHOLD} crashes of one shape with the same literals and
 *       parameter values quarantine that combination. Two, because a read that kills a worker is
 *       retried once on another: one request whose both attempts crash has killed two different
 *       workers, which one worker's bad luck cannot explain, and costs exactly that request.</li>
 *   <li><b>Shape</b>: {@value #SHAPE_THRESHOLD} crashes of one shape, whatever its values,
 *       quarantine the shape: at least two different sets of values crashed it, so varying a
 *       literal, a comment, spacing or case is no way around the quarantine. One bad value alone
 *       does not get there (its second request is refused at once), so one caller's bad
 *       parameter does not block the statement for every other caller; two bad values do.</li>
 * </ul>
 *
 * A native hang that only the pool's kill at deadline + grace ends counts as a crash. Crashes
 * count within {@code windowNanos}; a quarantine lasts {@code periodNanos} after the crash that
 * set it. Until then, a shape that crashed a worker is a suspect, confined to that worker's slot
 * ({@link #confinedTo}) until it runs to an answer: its variants take down one worker at a time.
 *
 * <p>Pure logic with an explicit clock; thread-safe (synchronised, with a lock-free answer while
 * nothing has crashed within the window, so no fingerprint is computed then).
 */
public final class Quarantine {
    /** Crashes of one shape with one set of values that quarantine those values. */
    public static final int VALUE_THRESHOLD = 2;
    /** Crashes of one shape, whatever its values, that quarantine the shape. */
    public static final int SHAPE_THRESHOLD = 3;

    private static final int MAX_TRACKED = 10_000;

    private final int valueThreshold;
    private final int shapeThreshold;
    private final long windowNanos;
    private final long periodNanos;
    private final Map<String, Entry> shapes = new HashMap<>();
    /** False until the first crash and again once cleanup found nothing left: then no fingerprint is computed. */
    private volatile boolean tracking;
    private long nextCleanupNanos;

    /**
     * Why a statement is refused.
     *
     * @param remainingNanos how long the quarantine lasts from now, {@code > 0}
     * @param reason what crashed, e.g. {@code "it crashed 2 workers"}
     */
    public record Refusal(long remainingNanos, String reason) {
    }

    private static final class Entry {
        final List<Long> crashes = new ArrayList<>(2);
        long until;
        boolean quarantined;
        String reason;
        /** The slot whose worker this shape crashed last, or -1 once it ran to an answer. */
        int slot = -1;
        /** Per digest of values; empty in value entries themselves. */
        final Map<String, Entry> values = new HashMap<>();

        void record(long nowNanos, long windowNanos, int threshold, long periodNanos, String what) {
            remaining(nowNanos); // a quarantine that has run out is forgotten first
            crashes.removeIf(t -> nowNanos - t > windowNanos);
            crashes.add(nowNanos);
            if (crashes.size() >= threshold) {
                quarantined = true;
                until = nowNanos + periodNanos;
                reason = what + " crashed " + crashes.size() + " workers";
            }
        }

        Refusal refusal(long nowNanos) {
            long left = remaining(nowNanos);
            return left > 0 ? new Refusal(left, reason) : null;
        }

        long remaining(long nowNanos) {
            if (!quarantined) {
                return 0;
            }
            long left = until - nowNanos;
            if (left <= 0) {
                quarantined = false; // served its time: the count starts afresh
                crashes.clear();
                return 0;
            }
            return left;
        }

        boolean stale(long nowNanos, long windowNanos) {
            boolean live = remaining(nowNanos) > 0;
            crashes.removeIf(t -> nowNanos - t > windowNanos);
            values.values().removeIf(v -> v.stale(nowNanos, windowNanos));
            return !live && crashes.isEmpty() && values.isEmpty();
        }
    }

    /**
     * @param valueThreshold crashes that quarantine one shape's values
     * @param shapeThreshold crashes that quarantine a shape
     * @param windowNanos how far back crashes count
     * @param periodNanos how long a quarantine lasts
     */
    public Quarantine(int valueThreshold, int shapeThreshold, long windowNanos, long periodNanos) {
        this.valueThreshold = valueThreshold;
        this.shapeThreshold = shapeThreshold;
        this.windowNanos = windowNanos;
        this.periodNanos = periodNanos;
    }

    /**
     * Records a crash (or a hang that needed a kill) of a worker that was running this statement.
     *
     * @param statement what it ran
     * @param slot the worker's slot, to which the statement's shape is confined from now on
     * @param nowNanos the time
     * @return the quarantine this crash set or extended, or null if the statement may still run
     */
    public Refusal recordCrash(StatementFingerprint statement, int slot, long nowNanos) {
        String shapeKey = statement.shape();
        String valuesKey = statement.values();
        synchronized (this) {
            if (shapes.size() >= MAX_TRACKED) {
                cleanup(nowNanos);
            }
            if (!tracking) {
                tracking = true;
                nextCleanupNanos = nowNanos + cleanupIntervalNanos();
            }
            Entry shape = shapes.computeIfAbsent(shapeKey, k -> new Entry());
            shape.record(nowNanos, windowNanos, shapeThreshold, periodNanos,
                    "statements of its shape (literals and parameters aside)");
            shape.slot = slot;
            Entry values = shape.values.computeIfAbsent(valuesKey, k -> new Entry());
            values.record(nowNanos, windowNanos, valueThreshold, periodNanos, "it");
            Refusal byShape = shape.refusal(nowNanos);
            return byShape != null ? byShape : values.refusal(nowNanos);
        }
    }

    /**
     * @param statement a statement about to be sent
     * @param nowNanos the time
     * @return why it is refused, or null if it may run
     */
    public Refusal check(StatementFingerprint statement, long nowNanos) {
        if (!tracking) {
            return null;
        }
        String shapeKey = statement.shape();
        synchronized (this) {
            if (nowNanos - nextCleanupNanos >= 0) {
                cleanup(nowNanos);
            }
            Entry shape = shapes.get(shapeKey);
            if (shape == null) {
                return null;
            }
            Refusal byShape = shape.refusal(nowNanos);
            if (byShape != null || shape.values.isEmpty()) {
                return byShape;
            }
        }
        String valuesKey = statement.values(); // hashed outside the lock: parameters may be large
        synchronized (this) {
            Entry shape = shapes.get(shapeKey);
            Entry values = shape == null ? null : shape.values.get(valuesKey);
            return values == null ? null : values.refusal(nowNanos);
        }
    }

    /**
     * A shape that crashed a worker and has not run to an answer since is a suspect: it runs only
     * on that worker's slot (on its replacement), so that variants of it take down one worker at a
     * time while the others keep serving, until it is quarantined or its crashes leave the window.
     *
     * @param statement a statement about to be sent, not refused by {@link #check}
     * @param nowNanos the time
     * @return the slot it is confined to, or -1 if it may run anywhere
     */
    public int confinedTo(StatementFingerprint statement, long nowNanos) {
        if (!tracking) {
            return -1;
        }
        String shapeKey = statement.shape();
        synchronized (this) {
            Entry shape = shapes.get(shapeKey);
            if (shape == null || shape.slot < 0) {
                return -1;
            }
            shape.crashes.removeIf(t -> nowNanos - t > windowNanos);
            return shape.crashes.isEmpty() ? -1 : shape.slot;
        }
    }

    /**
     * The statement ran to an answer (a result or an error): its shape is no longer confined to
     * one slot. Its crashes still count towards the quarantine.
     *
     * @param statement what ran
     */
    public void acquit(StatementFingerprint statement) {
        if (!tracking) {
            return;
        }
        String shapeKey = statement.shape();
        synchronized (this) {
            Entry shape = shapes.get(shapeKey);
            if (shape != null) {
                shape.slot = -1;
            }
        }
    }

    /** @return shapes and sets of values quarantined at {@code nowNanos} */
    public synchronized int size(long nowNanos) {
        int n = 0;
        for (Entry shape : shapes.values()) {
            if (shape.quarantined && shape.until - nowNanos > 0) {
                n++;
            }
            for (Entry values : shape.values.values()) {
                if (values.quarantined && values.until - nowNanos > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Forgets entries with nothing left to remember; run by {@link #check} every tenth of the window. */
    public synchronized void cleanup(long nowNanos) {
        for (Iterator<Entry> it = shapes.values().iterator(); it.hasNext(); ) {
            if (it.next().stale(nowNanos, windowNanos)) {
                it.remove();
            }
        }
        tracking = !shapes.isEmpty();
        nextCleanupNanos = nowNanos + cleanupIntervalNanos();
    }

    private long cleanupIntervalNanos() {
        return Math.max(1, windowNanos / 10);
    }
}
