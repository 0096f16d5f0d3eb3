package io.vecbox.supervisor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Statements that crashed workers. A statement is identified by its SQL text with whitespace
 * collapsed plus the types of its parameters; once it has crashed {@code threshold} workers
 * within {@code windowNanos}, it is refused until {@code periodNanos} after the last crash.
 * Pure logic with an explicit clock; thread-safe (synchronised).
 */
public final class Quarantine {
    private static final int MAX_TRACKED = 10_000;

    private final int threshold;
    private final long windowNanos;
    private final long periodNanos;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        final List<Long> crashes = new ArrayList<>(2);
        long until = Long.MIN_VALUE;
        boolean quarantined;
    }

    /**
     * @param threshold crashes that quarantine a statement
     * @param windowNanos how far back crashes count
     * @param periodNanos how long a quarantine lasts
     */
    public Quarantine(int threshold, long windowNanos, long periodNanos) {
        this.threshold = threshold;
        this.windowNanos = windowNanos;
        this.periodNanos = periodNanos;
    }

    /**
     * @param sql the statement
     * @param paramTypes the wire type names of its parameters
     * @return the statement's identity
     */
    public static String key(String sql, List<String> paramTypes) {
        return sql.strip().replaceAll("\\s+", " ") + " " + paramTypes;
    }

    /**
     * Records a crash of a worker that was running this statement.
     *
     * @param key the statement's identity
     * @param nowNanos the time
     * @return the crashes counted in the window, this one included
     */
    public synchronized int recordCrash(String key, long nowNanos) {
        if (entries.size() >= MAX_TRACKED) {
            cleanup(nowNanos);
        }
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        e.crashes.removeIf(t -> nowNanos - t > windowNanos);
        e.crashes.add(nowNanos);
        if (e.crashes.size() >= threshold) {
            e.quarantined = true;
            e.until = nowNanos + periodNanos;
        }
        return e.crashes.size();
    }

    /**
     * @param key the statement's identity
     * @param nowNanos the time
     * @return nanoseconds of quarantine left, or 0 if the statement may run
     */
    public synchronized long remainingNanos(String key, long nowNanos) {
        Entry e = entries.get(key);
        if (e == null || !e.quarantined) {
            return 0;
        }
        long left = e.until - nowNanos;
        if (left <= 0) {
            e.quarantined = false;
            e.crashes.clear();
            return 0;
        }
        return left;
    }

    /** @return statements quarantined at {@code nowNanos} */
    public synchronized int size(long nowNanos) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.quarantined && e.until - nowNanos > 0) {
                n++;
            }
        }
        return n;
    }

    /** Forgets entries with nothing left to remember. */
    public synchronized void cleanup(long nowNanos) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            e.crashes.removeIf(t -> nowNanos - t > windowNanos);
            if (e.crashes.isEmpty() && !(e.quarantined && e.until - nowNanos > 0)) {
                it.remove();
            }
        }
    }
}
