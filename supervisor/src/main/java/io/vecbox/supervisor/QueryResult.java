package io.vecbox.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a query, fully read. Immutable and safe to share between threads.
 *
 * <p>{@link #truncated()} is true when the worker stopped early because the result reached
 * {@code maxRows} or {@code maxResultBytes}: the rows present are correct, some are missing.
 * For a query that happens only in a pool built with {@code truncateResults(true)}; by default
 * such a query fails with {@link ResultTooLargeException} instead. The rows a write returned
 * ({@link UpdateResult#returned()}) can be cut in any pool: the write has committed, and it is
 * never failed for what it returned.
 */
public final class QueryResult implements Iterable<Row> {
    private final List<String> columns;
    private final List<Row> rows;
    private final boolean truncated;
    private final Duration elapsed;
    private final String worker;
    private Map<String, Integer> index;

    /**
     * @param columns column names
     * @param rows row values, each a list of null/Long/Double/String/byte[]
     * @param truncated whether rows were left out
     * @param elapsed time from submission to result
     * @param worker the worker that answered
     */
    public QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, Duration elapsed,
                       String worker) {
        this.columns = List.copyOf(columns);
        List<Row> built = new ArrayList<>(rows.size());
        for (List<Object> values : rows) {
            built.add(new Row(this, Collections.unmodifiableList(new ArrayList<>(values))));
        }
        this.rows = Collections.unmodifiableList(built);
        this.truncated = truncated;
        this.elapsed = elapsed;
        this.worker = worker;
    }

    /** @return the column names, in order */
    public List<String> columns() {
        return columns;
    }

    /** @return the rows */
    public List<Row> rows() {
        return rows;
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * @return whether rows were left out because of {@code maxRows} or {@code maxResultBytes};
     *     for a query, always false unless the pool was built with {@code truncateResults(true)}
     */
    public boolean truncated() {
        return truncated;
    }

    /** @return time from submission to result, queueing included */
    public Duration elapsed() {
        return elapsed;
    }

    /**
     * @return the name of the worker that answered, e.g. {@code worker-1#2}; for a nearest-neighbour
     *     query split across readers ({@link WorkerPool.Builder#scatterKnn(boolean)}), the names of
     *     those that answered its parts, joined by {@code +} ({@code worker-1#2+worker-2#1})
     */
    public String worker() {
        return worker;
    }

    @Override
    public Iterator<Row> iterator() {
        return rows.iterator();
    }

    /**
     * @param column a column name: exact match first, then case-insensitive (as SQL names are)
     * @return its 0-based index
     * @throws IllegalArgumentException if there is no such column
     */
    public int indexOf(String column) {
        Map<String, Integer> idx = index;
        if (idx == null) {
            idx = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                idx.put(columns.get(i), i);
                idx.put("\0" + columns.get(i).toLowerCase(Locale.ROOT), i);
            }
            index = idx; // benign race: every thread builds the same map
        }
        Integer i = idx.get(column);
        if (i == null) {
            i = idx.get("\0" + column.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return i;
    }

    @Override
    public String toString() {
        return "QueryResult" + columns + " " + rows.size() + " rows" + (truncated ? " (truncated)" : "")
                + " in " + elapsed.toMillis() + " ms";
    }
}
