package io.vecbox.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Run one statement once per parameter row, in one transaction, all or nothing: bulk loading.
 * The {@link Result}'s {@code changes} is the total.
 *
 * @param id request id
 * @param sql the statement
 * @param rows one parameter list per execution (see {@link Values})
 * @param timeoutMillis interrupt (and roll back) after this long; 0 means no deadline
 */
public record ExecuteMany(long id, String sql, List<List<Object>> rows, long timeoutMillis)
        implements Request {
    /** Wire type name. */
    public static final String TYPE = "execute-many";

    public ExecuteMany {
        Objects.requireNonNull(sql, "sql");
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Values.copyRow(row));
        }
        rows = Collections.unmodifiableList(copy);
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
