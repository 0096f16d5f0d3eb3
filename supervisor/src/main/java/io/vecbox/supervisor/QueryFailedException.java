package io.vecbox.supervisor;

import java.time.Duration;

/**
 * SQLite rejected or failed the statement (syntax, constraint, missing table, wrong parameter
 * count...). The worker stays; nothing else changes.
 */
public class QueryFailedException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final int sqliteCode;
    private final String errorCode;

    /**
     * @param message the message, including SQLite's
     * @param requestId the request id
     * @param worker the worker's name
     * @param elapsed time from submission to failure
     * @param sqliteCode SQLite's extended result code, 0 if the failure is not SQLite's
     * @param errorCode the protocol's error code name, e.g. {@code SQL_ERROR} or {@code BAD_REQUEST}
     */
    public QueryFailedException(String message, long requestId, String worker, Duration elapsed, int sqliteCode,
                                String errorCode) {
        super(message, requestId, worker, elapsed, null);
        this.sqliteCode = sqliteCode;
        this.errorCode = errorCode;
    }

    /** @return SQLite's extended result code (e.g. 1 SQLITE_ERROR, 2067 SQLITE_CONSTRAINT_UNIQUE), or 0 */
    public int sqliteCode() {
        return sqliteCode;
    }

    /** @return the protocol error code name ({@code SQL_ERROR}, {@code BAD_REQUEST}, ...) */
    public String errorCode() {
        return errorCode;
    }
}
