package io.vecbox.jdbc;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forward-only, read-only result: rows streamed from a worker's cursor a page at a time (a
 * query), or rows in memory (the rows of a write's {@code RETURNING} clause, generated keys). A
 * result of any size is read in bounded memory: about one page ({@code setFetchSize} rows, or
 * {@code fetchBytes} bytes by default).
 *
 * <p>Values are SQLite's: integer, real, text, blob or NULL. The getters convert as JDBC asks
 * (NULL gives 0, false or null and sets {@link #wasNull()}; numbers and numeric text convert to
 * each other; anything reads as text) and throw {@link java.sql.SQLDataException} where a value
 * would be lost (text that is no number: 22018; beyond the type's range: 22003). Vectors read as
 * {@code getObject(i, float[].class)}. Dates and times: see {@link Temporals} (ISO-8601 text,
 * Unix milliseconds as integers, Julian days as reals). Labels are matched exactly, then
 * case-insensitively.
 *
 * <p>A query's result holds its worker (or its place on the transaction's writer) until it is
 * read to its end or closed: close it promptly. One left unread for longer than the pool's
 * {@code cursorIdleTimeout} is closed by its worker; the next {@link #next()} then throws SQLState
 * 24000. Not thread-safe, except {@link #close()}, which any thread may call.
 */
public final class VecboxResultSet extends LabelledResultSet {
    private final VecboxStatement statement;
    private final RowSource source;
    private final List<String> columns;
    private final long maxRows;
    private final long deadlineNanos;
    private Map<String, Integer> index;
    private List<Object> current;
    private long row;
    private boolean done;
    private volatile boolean closed;
    private volatile String cancelled;
    private boolean wasNull;
    private int fetchSize;
    private VecboxResultSetMetaData metaData;

    /**
     * @param statement the statement that made it, or null
     * @param source its rows
     * @param maxRows rows to read at most, 0 for all
     * @param deadlineNanos {@link System#nanoTime()} after which reading stops with SQLTimeoutException, 0 for none
     */
    VecboxResultSet(VecboxStatement statement, RowSource source, long maxRows, long deadlineNanos) {
        this.statement = statement;
        this.source = source;
        this.columns = source.columns();
        this.maxRows = maxRows;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Rows held in memory, e.g. for {@link java.sql.DatabaseMetaData}'s results.
     *
     * @param statement what {@link #getStatement()} returns, may be null
     * @param columns the column names
     * @param rows the rows: null, Long, Double, String or byte[] values
     * @return the result set
     */
    static VecboxResultSet inMemory(VecboxStatement statement, List<String> columns, List<List<Object>> rows) {
        return new VecboxResultSet(statement, new ListRows(columns, rows), 0, 0);
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (done) {
            return false;
        }
        if (maxRows > 0 && row >= maxRows) {
            finish();
            return false;
        }
        checkDeadline();
        List<Object> r;
        try {
            r = source.next();
        } catch (SQLException e) {
            throwIfCancelled();
            finish();
            throw e;
        }
        throwIfCancelled();
        if (r == null) {
            finish();
            return false;
        }
        current = r;
        row++;
        return true;
    }

    private void checkDeadline() throws SQLException {
        if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            cancel("the statement's query timeout passed");
            throwIfCancelled();
        }
    }

    private void throwIfCancelled() throws SQLException {
        String why = cancelled;
        if (why != null) {
            done = true;
            current = null;
            if (why.startsWith("the statement's query timeout")) {
                throw new SQLTimeoutException("stopped reading the result: " + why, "HYT00");
            }
            throw new SQLTransientException("stopped reading the result: " + why, "HY008");
        }
    }

    /**
     * Stops the result from any thread: closes its cursor, and the reading thread's next (or
     * current) {@link #next()} throws, SQLTimeoutException (HYT00) for a timeout, else
     * SQLTransientException (HY008).
     *
     * @param why what stopped it, for the message
     */
    void cancel(String why) {
        if (cancelled == null && !closed) {
            cancelled = why;
            source.close();
        }
    }

    private void finish() {
        done = true;
        current = null;
        source.close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        source.close();
        if (statement != null) {
            statement.resultSetClosed(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the ResultSet is closed", "24000");
        }
    }

    private String label(int columnIndex) {
        return columnIndex + " ('" + columns.get(columnIndex - 1) + "')";
    }

    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException(row == 0 && !done ? "no current row: call next() first" : "no current row: "
                    + "next() has returned false", "24000");
        }
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw new SQLException("no column " + columnIndex + ": the result has " + columns.size()
                    + " (columns count from 1)", "07009");
        }
        Object v = current.get(columnIndex - 1);
        wasNull = v == null;
        return v;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        Map<String, Integer> idx = index;
        if (idx == null) {
            idx = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                idx.put(columns.get(i), i + 1);
                idx.put("\0" + columns.get(i).toLowerCase(Locale.ROOT), i + 1);
            }
            index = idx;
        }
        Integer i = columnLabel == null ? null : idx.get(columnLabel);
        if (i == null && columnLabel != null) {
            i = idx.get("\0" + columnLabel.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new SQLException("no column '" + columnLabel + "' in " + columns, "42S22");
        }
        return i;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return Conversions.string(value(columnIndex));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return Conversions.booleanValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return Conversions.byteValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return Conversions.shortValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return Conversions.intValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return Conversions.longValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return Conversions.floatValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return Conversions.doubleValue(value(columnIndex), label(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return Conversions.bigDecimal(value(columnIndex), label(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return Conversions.bytes(value(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        var zone = Temporals.zone(cal);
        var day = Temporals.localDateTime(v, zone, label(columnIndex)).toLocalDate();
        return new Date(day.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        var zone = Temporals.zone(cal);
        var time = Temporals.localTime(v, zone, label(columnIndex));
        return new Time(time.atDate(java.time.LocalDate.EPOCH).atZone(zone).toInstant().toEpochMilli());
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Timestamp.from(Temporals.instant(v, Temporals.zone(cal), label(columnIndex)));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw new SQLFeatureNotSupportedException("getUnicodeStream is deprecated: use getCharacterStream or getString");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new CharArrayReader(s.toCharArray());
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return ObjectConversions.as(value(columnIndex), Blob.class, label(columnIndex));
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        return ObjectConversions.as(value(columnIndex), Clob.class, label(columnIndex));
    }

    /**
     * @return the value as stored: null, {@code Long}, {@code Double}, {@code String} or
     *     {@code byte[]} (a copy)
     */
    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return ObjectConversions.as(value(columnIndex), Object.class, label(columnIndex));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("SQLite has no user-defined types: getObject with a type map");
        }
        return getObject(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return ObjectConversions.as(value(columnIndex), type, label(columnIndex));
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new VecboxResultSetMetaData(columns, current != null ? current : done ? null : source.peek());
        }
        return metaData;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public int getRow() {
        return current == null ? 0 : (int) Math.min(row, Integer.MAX_VALUE);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && !done && source.peek() != null;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return done && row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return current != null && row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return current != null && (maxRows > 0 && row >= maxRows || source.peek() == null);
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size < 0: " + rows, "HY024");
        }
        fetchSize = rows;
        source.fetchSize(rows);
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public int getHoldability() {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // no warnings are raised
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("VecboxResultSet does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
