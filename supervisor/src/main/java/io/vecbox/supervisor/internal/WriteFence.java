package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import java.util.List;

/**
 * Tells a scattered query whether the database may have changed while its parts ran. Its parts
 * run on different readers, each statement in a read snapshot of its own; a write committed
 * between two parts' snapshots would make the merged answer mix two states of the table.
 *
 * <p>Every change this pool makes is a request on a writer-role worker (an {@code execute}, a
 * batch, an {@code executeMany}, a transaction's commit), and every request goes through
 * {@link Dispatcher#assignLocked}, which calls {@link #assignedLocked}. So: a scatter starts only
 * while {@link #quietLocked} (no writer request in flight, no lost writer that may still be
 * finishing one), remembers {@link #epochLocked}, and merges only if the epoch is unchanged once
 * every part has answered; otherwise the query runs again, whole, on one reader. Writes by
 * another process to the same file are invisible here: a pool over a file others write should
 * turn the scatter off ({@code WorkerPool.Builder.scatterKnn(false)}). A database swap
 * ({@link #databaseSwappedLocked}) moves the epoch too: a query's parts then all come from one file.
 *
 * <p>Guarded by the dispatcher's lock.
 */
final class WriteFence {
    private long epoch;

    /** A request was assigned to {@code w}. Caller holds the lock. */
    void assignedLocked(WorkerHandle w) {
        if (w.role == Role.WRITER) {
            epoch++;
        }
    }

    /**
     * The pool switched to another database file ({@link DatabaseSwap}): a scattered query whose
     * parts straddle the switch could hold rows of both files (a part retried after its old reader
     * was lost runs on a new one), so it counts as a write. Caller holds the lock.
     */
    void databaseSwappedLocked() {
        epoch++;
    }

    /** @return how many writer requests were assigned (and database swaps made) so far. Caller holds the lock. */
    long epochLocked() {
        return epoch;
    }

    /**
     * @param slots every slot of the pool
     * @return whether no write can be under way: no writer-role slot runs a request, and none was
     *     just lost (its process may still be finishing a commit). Caller holds the lock.
     */
    boolean quietLocked(List<WorkerHandle> slots) {
        for (WorkerHandle w : slots) {
            if (w.role == Role.WRITER && (w.inFlight != null || w.state() == WorkerState.EXITED)) {
                return false;
            }
        }
        return true;
    }
}
