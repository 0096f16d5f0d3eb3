package io.vecbox.supervisor;

import java.time.Duration;

/**
 * A query's result passed one of the pool's result limits, {@code maxRows} or
 * {@code maxResultBytes}, and the pool was not built with
 * {@link WorkerPool.Builder#truncateResults(boolean) truncateResults(true)}. No rows are
 * returned: a result with rows missing is never handed back unless the caller asked for that.
 * The worker stays; nothing else changes.
 *
 * <p>What to do, as the message says: stream the result with
 * {@link WorkerPool#stream(String, Object...)} (it arrives in pages of bounded size, so no cap
 * applies and neither side holds it whole), raise the limit
 * ({@link WorkerPool.Builder#maxRows(int)}, {@link WorkerPool.Builder#maxResultBytes(long)}),
 * read the result in parts (a {@code LIMIT} with a keyset such as {@code WHERE rowid > ?}), or
 * opt into truncation.
 */
public class ResultTooLargeException extends QueryException {
    private static final long serialVersionUID = 1L;

    /** {@link #limit()} of a result with more rows than {@code maxRows}. */
    public static final String MAX_ROWS = "maxRows";
    /** {@link #limit()} of a result larger than {@code maxResultBytes}. */
    public static final String MAX_RESULT_BYTES = "maxResultBytes";

    private final String limit;
    private final long limitValue;

    /**
     * @param message which limit, its value, and what to do
     * @param requestId the request id
     * @param worker the worker's name
     * @param elapsed time from submission to failure
     * @param limit the builder option that was hit: {@link #MAX_ROWS} or {@link #MAX_RESULT_BYTES}
     * @param limitValue its value (rows, or encoded bytes)
     */
    public ResultTooLargeException(String message, long requestId, String worker, Duration elapsed, String limit,
                                   long limitValue) {
        super(message, requestId, worker, elapsed, null);
        this.limit = limit;
        this.limitValue = limitValue;
    }

    /** @return the builder option that was hit: {@link #MAX_ROWS} or {@link #MAX_RESULT_BYTES} */
    public String limit() {
        return limit;
    }

    /** @return the limit's value: rows for {@code maxRows}, encoded bytes for {@code maxResultBytes} */
    public long limitValue() {
        return limitValue;
    }
}
