package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Run a statement and keep it open as a cursor, answered by its first page ({@link Rows}). The
 * cursor's id is this request's id; later pages come from {@link Fetch}, and {@link CloseCursor}
 * releases it early. A page stops before {@code fetchRows} rows (if non-zero) or before its
 * encoded rows pass {@code fetchBytes}, but holds at least one row if any is left.
 *
 * @param id request id, and the cursor's id
 * @param sql the statement
 * @param params positional parameters (see {@link Values})
 * @param fetchRows the first page's row bound; 0 means no row bound
 * @param fetchBytes the first page's byte bound, at least 1
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 */
public record OpenCursor(long id, String sql, List<Object> params, int fetchRows, long fetchBytes,
                         long timeoutMillis) implements Request {
    /** Wire type name. */
    public static final String TYPE = "openCursor";

    public OpenCursor {
        Objects.requireNonNull(sql, "sql");
        params = Values.copyRow(params);
        Fetch.checkBounds(fetchRows, fetchBytes);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isWork() {
        return true;
    }
}
