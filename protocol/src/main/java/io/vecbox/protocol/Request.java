package io.vecbox.protocol;

/**
 * A message from the supervisor to a worker that carries a request id. Work requests
 * ({@link Query}, {@link Execute}, {@link Batch}, {@link ExecuteMany}, {@link TransactionRequest},
 * {@link CloseCursor}) are answered by exactly one {@link Result} or {@link ErrorReply} with the
 * same id; {@link Describe} by a {@link Description} or an error; {@link OpenCursor} and
 * {@link Fetch} by a {@link Rows} page or an error; {@link Ping} by a {@link Pong};
 * {@link Cancel} and {@link Shutdown} by nothing.
 */
public sealed interface Request extends Message
        permits Query, Execute, Batch, ExecuteMany, Describe, TransactionRequest, OpenCursor, Fetch, CloseCursor,
        Cancel, Ping, Shutdown {

    /** @return the request id, chosen by the supervisor, unique per worker connection */
    long id();

    /** @return true for requests that the worker's statement thread executes in order */
    default boolean isWork() {
        return false;
    }
}
