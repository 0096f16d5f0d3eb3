package io.vecbox.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a pool can serve, from {@link WorkerPool#health()}, for a host's health endpoint or
 * readiness probe. Classified from one {@link PoolStats} and one {@link WorkerPool#workers()}
 * snapshot, by these rules:
 *
 * <ul>
 *   <li>{@link Status#DOWN} when the pool is closed; or the writer's slot is cooling down
 *       ({@code FAILED}: it passed the restart intensity) and no standby writer is ready to take over
 *       (writes fail fast); or every reader is cooling down (queries fail fast).
 *   <li>{@link Status#DEGRADED} when the pool serves but with less than it was built for: the writer
 *       or a reader is not serving (lost, waiting out its restart backoff, starting again, or a reader
 *       cooling down while others serve); a configured standby writer is not ready; the queue holds at
 *       least one request and {@value #QUEUE_NEAR_FULL_PERCENT}% of {@code maxQueued} (new requests are
 *       about to be refused with {@link PoolOverloadedException}); or a statement is quarantined (something
 *       crashed workers, see {@link QueryQuarantinedException}).
 *   <li>{@link Status#UP} otherwise.
 * </ul>
 *
 * <p>A slot serves when its worker is {@code IDLE}, {@code BUSY} or {@code LEASED}; a restart after a
 * crash makes the pool DEGRADED until the new worker is ready, usually a fraction of a second to a
 * few seconds. A worker held by a transaction or a stream is serving. A
 * {@link WorkerPool.Builder#readOnly(boolean) read-only} pool has no writer: its readers alone decide
 * ({@code "2 readers serving"}); a {@link WorkerPool#swapDatabase swap}'s new readers start beside the
 * old ones and are not slots, so a swap does not change the verdict. Immutable.
 *
 * @param status the verdict
 * @param reason one line naming every problem, most serious first, e.g. {@code "1 of 2 readers not
 *     serving: worker-2#1 restarting; 1 statement quarantined"}; for UP, what serves, e.g.
 *     {@code "1 writer and 2 readers serving"}
 * @param stats the snapshot the verdict was taken from
 */
public record PoolHealth(Status status, String reason, PoolStats stats) {
    /** The queue is "near full" from this share of {@code maxQueued} on. */
    public static final int QUEUE_NEAR_FULL_PERCENT = 80;

    /** The verdict, from best to worst. */
    public enum Status {
        /** Every worker serves, the queue has room, nothing is quarantined. */
        UP,
        /** Reads and writes are served, with less capacity or protection than configured. */
        DEGRADED,
        /** Writes or reads cannot be served (or the pool is closed). */
        DOWN
    }

    /**
     * @throws NullPointerException if an argument is null
     */
    public PoolHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stats, "stats");
    }

    /**
     * Classifies a pool by the rules above. Pure: the same snapshots give the same verdict.
     *
     * @param closed whether the pool is closed
     * @param stats its counters and queue
     * @param workers its slots, with their roles ({@code writer}, {@code reader}, {@code standby})
     *     and states
     * @param maxQueued the pool's {@code maxQueued}
     * @return the verdict
     */
    static PoolHealth of(boolean closed, PoolStats stats, List<WorkerInfo> workers, int maxQueued) {
        if (closed) {
            return new PoolHealth(Status.DOWN, "pool is closed", stats);
        }
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        WorkerInfo writer = null;
        WorkerInfo standby = null;
        List<WorkerInfo> readers = new ArrayList<>();
        for (WorkerInfo w : workers) {
            switch (w.role()) {
                case "writer" -> writer = w;
                case "standby" -> standby = w;
                default -> readers.add(w);
            }
        }
        boolean standbyReady = standby != null && standby.state().equals("STANDBY");
        if (writer != null && !serving(writer)) {
            String what = "writer " + describe(writer);
            if (writer.state().equals("FAILED") && !standbyReady) {
                down.add(what + ", no standby writer ready");
            } else {
                degraded.add(what);
            }
        }
        if (standby != null && !standbyReady) {
            degraded.add("standby writer " + describe(standby));
        }
        List<String> readersOut = new ArrayList<>();
        int coolingDown = 0;
        for (WorkerInfo r : readers) {
            if (!serving(r)) {
                readersOut.add(describe(r));
                coolingDown += r.state().equals("FAILED") ? 1 : 0;
            }
        }
        if (!readersOut.isEmpty()) {
            String what = readersOut.size() + " of " + readers.size() + " readers not serving: "
                    + String.join(", ", readersOut);
            (coolingDown == readers.size() ? down : degraded).add(what);
        }
        if (stats.queued() > 0 && stats.queued() * 100L >= (long) maxQueued * QUEUE_NEAR_FULL_PERCENT) {
            degraded.add(stats.queued() + (stats.queued() == 1 ? " request" : " requests") + " queued, maxQueued "
                    + maxQueued);
        }
        if (stats.quarantined() > 0) {
            degraded.add(stats.quarantined() + (stats.quarantined() == 1 ? " statement" : " statements")
                    + " quarantined");
        }
        if (!down.isEmpty()) {
            down.addAll(degraded);
            return new PoolHealth(Status.DOWN, String.join("; ", down), stats);
        }
        if (!degraded.isEmpty()) {
            return new PoolHealth(Status.DEGRADED, String.join("; ", degraded), stats);
        }
        return new PoolHealth(Status.UP, (writer != null ? "1 writer and " : "") + readers.size()
                + (readers.size() == 1 ? " reader" : " readers") + " serving"
                + (standby != null ? ", standby writer ready" : ""), stats);
    }

    private static boolean serving(WorkerInfo w) {
        return switch (w.state()) {
            case "IDLE", "BUSY", "LEASED" -> true;
            default -> false;
        };
    }

    /** @return e.g. {@code worker-2#3 restarting} */
    private static String describe(WorkerInfo w) {
        String doing = switch (w.state()) {
            case "FAILED" -> "cooling down";
            case "BACKOFF" -> "restarting";
            case "EXITED" -> "lost";
            case "STARTING" -> "starting";
            case "STANDBY" -> "on standby";
            default -> w.state().toLowerCase(Locale.ROOT);
        };
        return w.name() + " " + doing;
    }
}
