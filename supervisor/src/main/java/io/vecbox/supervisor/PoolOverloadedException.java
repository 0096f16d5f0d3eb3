package io.vecbox.supervisor;

/**
 * The request was refused at once because {@code maxQueued} requests were already waiting for
 * a worker. Nothing was sent; retrying later is safe.
 */
public class PoolOverloadedException extends WorkerPoolException {
    private static final long serialVersionUID = 1L;

    private final int queued;

    /**
     * @param message what happened, naming the pool and the limit
     * @param queued requests waiting when this one was refused
     */
    public PoolOverloadedException(String message, int queued) {
        super(message);
        this.queued = queued;
    }

    /** @return requests waiting when this one was refused */
    public int queued() {
        return queued;
    }
}
