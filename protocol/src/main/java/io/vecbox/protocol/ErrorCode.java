package io.vecbox.protocol;

/**
 * Why a worker could not answer a request. The wire form is the constant's name; names are
 * stable and never reused. A name this version does not know decodes as {@link #UNKNOWN}, so an
 * older supervisor can talk to a newer worker.
 */
public enum ErrorCode {
    /** SQLite rejected or failed the statement; {@code sqliteCode} holds its extended result code. */
    SQL_ERROR,
    /** The statement was interrupted by a {@link Cancel}. */
    CANCELLED,
    /** The statement ran past the request's {@code timeoutMillis} and was interrupted in the worker. */
    TIMEOUT,
    /** The sandbox policy denied the statement; {@code rule} names the rule. */
    SANDBOX_DENIED,
    /** The request itself was invalid: wrong parameter count, no SQL, more than one statement. */
    BAD_REQUEST,
    /** The request asked for test fault injection, which this worker was not started to allow. */
    FAULT_REFUSED,
    /** A work request arrived before the worker was configured. */
    NOT_READY,
    /** The worker failed in a way that is not the statement's fault; it stays usable. */
    INTERNAL,
    /**
     * A transaction opened by {@code transaction begin} is gone: SQLite rolled it back after an
     * error (an interrupt, SQLITE_FULL, ...), or it was never opened. The worker is in autocommit.
     */
    TRANSACTION_LOST,
    /** The cursor a {@link Fetch} names is not open in the worker (expired idle, at its end, never opened). */
    CURSOR_CLOSED,
    /**
     * The request was one part of a scattered query ({@link Query#shards()} &gt; 0) and this
     * worker cannot answer a part of that statement: it is not the plain nearest-neighbour shape,
     * or its table's storage is not one the worker can scan. The sender runs it whole instead.
     */
    NOT_SHARDABLE,
    /** A code that this version of the protocol does not know. */
    UNKNOWN;

    /**
     * @param wire the wire name
     * @return the code, or {@link #UNKNOWN} for a name this version does not know
     */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.name().equals(wire)) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
