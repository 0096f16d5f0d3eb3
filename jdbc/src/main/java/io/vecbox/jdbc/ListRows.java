package io.vecbox.jdbc;

import java.util.Iterator;
import java.util.List;

/** Rows already in memory: the rows a write returned, generated keys, metadata. */
final class ListRows implements RowSource {
    private final List<String> columns;
    private final Iterator<List<Object>> rows;
    private List<Object> peeked;

    /**
     * @param columns the column names
     * @param rows the rows, each as many values as there are columns
     */
    ListRows(List<String> columns, List<List<Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows.iterator();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public List<Object> next() {
        List<Object> p = peek();
        peeked = null;
        return p;
    }

    @Override
    public List<Object> peek() {
        if (peeked == null && rows.hasNext()) {
            peeked = rows.next();
        }
        return peeked;
    }

    @Override
    public void fetchSize(int rows) {
        // all in memory already
    }

    @Override
    public void close() {
        // nothing held
    }
}
