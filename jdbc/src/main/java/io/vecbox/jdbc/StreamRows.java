package io.vecbox.jdbc;

import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.Row;
import io.vecbox.supervisor.RowStream;
import io.vecbox.supervisor.WorkerPoolException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Rows fetched from a worker's cursor a page at a time: memory holds about one page whatever the
 * result's size.
 */
final class StreamRows implements RowSource {
    private final RowStream stream;
    private final FetchSize defaultFetch;
    private final List<String> columns;
    private Iterator<Row> rows;
    private List<Object> peeked;

    /**
     * @param stream the open stream
     * @param defaultFetch the fetch size {@link #fetchSize(int) fetchSize(0)} goes back to
     */
    StreamRows(RowStream stream, FetchSize defaultFetch) {
        this.stream = stream;
        this.defaultFetch = defaultFetch;
        this.columns = List.copyOf(stream.columns());
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public List<Object> next() throws SQLException {
        List<Object> p = peek();
        peeked = null;
        return p;
    }

    @Override
    public List<Object> peek() throws SQLException {
        if (peeked != null) {
            return peeked;
        }
        try {
            if (rows == null) {
                rows = stream.iterator();
            }
            if (!rows.hasNext()) {
                return null;
            }
            Row row = rows.next();
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(row.get(i));
            }
            peeked = values;
            return values;
        } catch (WorkerPoolException e) {
            throw SqlExceptions.map(e);
        }
    }

    @Override
    public void fetchSize(int rows) {
        stream.fetchSize(rows > 0 ? new FetchSize(rows, defaultFetch.bytes()) : defaultFetch);
    }

    @Override
    public void close() {
        stream.close();
    }
}
