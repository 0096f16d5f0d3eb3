package io.vecbox.litestream;

/**
 * Hears what a {@link Replicator}'s Litestream process does. Every method has an empty default.
 * Called on the replicator's own threads, never under its lock; an exception thrown here is
 * caught and logged, and does not keep the next event from being delivered.
 */
public interface ReplicatorListener {
    /**
     * A Litestream process started and is replicating.
     *
     * @param replicator the replicator
     * @param pid the process id
     * @param restarts how many times the replicator had restarted Litestream before this start
     */
    default void started(Replicator replicator, long pid, int restarts) {
    }

    /**
     * Litestream wrote a WAL segment or a snapshot to the replica.
     *
     * @param replicator the replicator
     * @param position the replica's position after the write, {@code generation/index:offset}
     */
    default void synced(Replicator replicator, String position) {
    }

    /**
     * The Litestream process ended without being asked to (it crashed or was killed). The replicator
     * restarts it after its backoff.
     *
     * @param replicator the replicator
     * @param exitCode its exit code (128 + the signal number for a signal)
     * @param outputTail the last lines it printed
     */
    default void exited(Replicator replicator, int exitCode, String outputTail) {
    }
}
