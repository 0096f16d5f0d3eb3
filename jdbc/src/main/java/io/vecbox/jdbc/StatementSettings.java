package io.vecbox.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;

/**
 * The settings of a {@link VecboxStatement}: fetch size, row limit, query timeout and the rest,
 * as the class comment of {@link VecboxStatement} describes them.
 */
abstract class StatementSettings implements Statement {
    int fetchSize;
    long maxRows;
    int queryTimeout;
    boolean closeOnCompletion;
    private boolean poolable;
    private SQLWarning warnings;

    abstract void checkOpen() throws SQLException;

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size < 0: " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows < 0: " + max, "HY024");
        }
        maxRows = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(getLargeMaxRows(), Integer.MAX_VALUE);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    /**
     * @param seconds 0 for none; see the class comment of {@link VecboxStatement} for what a
     *     timeout can and cannot stop. A value longer than the pool's {@code queryTimeout} is kept
     *     (and {@link #getQueryTimeout()} returns it) but cannot extend the pool's deadline: it
     *     adds an {@link SQLWarning} saying so.
     */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("query timeout < 0: " + seconds, "HY024");
        }
        queryTimeout = seconds;
        Duration bound = poolQueryTimeout();
        if (Duration.ofSeconds(seconds).compareTo(bound) > 0) {
            addWarning(new SQLWarning("query timeout " + seconds + " s: the pool's "
                    + "queryTimeout of " + bound.toMillis() + " ms still bounds every fetch (and writeTimeout every "
                    + "write); set them in the URL", "01000"));
        }
    }

    /** @return the pool's {@code queryTimeout}, which no statement timeout can extend */
    abstract Duration poolQueryTimeout();

    private void addWarning(SQLWarning w) {
        if (warnings == null) {
            warnings = w;
        } else {
            warnings.setNextWarning(w);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max != 0) {
            throw new SQLFeatureNotSupportedException("setMaxFieldSize(" + max + "): values are never cut; select "
                    + "substr(column, 1, n) instead");
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    /** Accepted and ignored: the driver does no escape processing either way. */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw new SQLFeatureNotSupportedException("named cursors (WHERE CURRENT OF) are not SQLite's: update by "
                + "rowid or primary key");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLFeatureNotSupportedException("fetch direction " + direction + ": ResultSets are forward-only");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getResultSetConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface, getClass().getSimpleName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
