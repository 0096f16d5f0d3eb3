package io.vecbox.supervisor;

/**
 * A write was asked of a read-only pool ({@link WorkerPool.Builder#readOnly(boolean)}): an
 * {@code execute}, {@code executeBatch}, {@code executeMany}, a transaction, or a query whose
 * statement writes (INSERT, UPDATE, DELETE, REPLACE, DDL, VACUUM, REINDEX, ANALYZE). Refused on the
 * caller's thread before any worker saw it: nothing ran, and the database file is unchanged.
 */
public class ReadOnlyPoolException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and why, naming the pool
     */
    public ReadOnlyPoolException(String message) {
        super(message);
    }
}
