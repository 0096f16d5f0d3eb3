package io.vecbox.supervisor;

/** The pool was closed before the request could run (or while it was queued or running). */
public class PoolClosedException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the pool
     */
    public PoolClosedException(String message) {
        super(message);
    }
}
