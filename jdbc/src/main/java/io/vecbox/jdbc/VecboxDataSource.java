package io.vecbox.jdbc;

import io.vecbox.supervisor.WorkerPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that owns one {@link WorkerPool}: started by the first
 * {@link #getConnection()}, closed by {@link #close()}. Connections are cheap views over the
 * pool (no worker is held by an idle connection), so a connection pool in front of it is not
 * needed, though one does no harm.
 *
 * <pre>{@code
 * try (VecboxDataSource ds = new VecboxDataSource("jdbc:vecbox:vectors.db?readers=2")) {
 *     JdbcTemplate jdbc = new JdbcTemplate(ds);
 *     ...
 * }
 * }</pre>
 *
 * <p>The URL is the driver's ({@link VecboxDriver}); unlike {@code DriverManager} connections,
 * the pool is this data source's alone. Thread-safe.
 */
public final class VecboxDataSource implements DataSource, AutoCloseable {
    private final ConnectionOptions options;
    private WorkerPool pool;
    private boolean closed;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    /**
     * @param url a {@code jdbc:vecbox:} URL, checked now
     * @throws IllegalArgumentException if it is not one, or an option is unknown or its value bad
     *     (the message names it)
     */
    public VecboxDataSource(String url) {
        try {
            this.options = ConnectionOptions.parse(url, null);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** @return the URL this data source was made with */
    public String getUrl() {
        return options.url();
    }

    private synchronized WorkerPool pool() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the data source is closed", "08003");
        }
        if (pool == null) {
            try {
                pool = options.builder().build();
            } catch (RuntimeException e) {
                throw SqlExceptions.map(e);
            }
        }
        return pool;
    }

    /**
     * @return a new connection; the first call starts the pool and waits until its workers are ready
     * @throws SQLException (08003) after {@link #close()}; (08001) if the pool cannot start, in
     *     which case the next call tries again
     */
    @Override
    public Connection getConnection() throws SQLException {
        return new VecboxConnection(pool(), options);
    }

    /** The same as {@link #getConnection()}: a local database file has no users. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /**
     * Closes the pool, if it was started: open transactions are rolled back, running statements
     * get the pool's {@code shutdownGracePeriod}, and later calls on connections already handed
     * out fail with SQLState 08003. Idempotent.
     */
    @Override
    public void close() {
        WorkerPool p;
        synchronized (this) {
            closed = true;
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.close();
        }
    }

    /** @return whether {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for {@link #getLogWriter()}; the driver logs through SLF4J, never here. */
    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /** Kept for {@link #getLoginTimeout()}; the pool's {@code startupTimeout} bounds the first connection. */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("vecbox logs through SLF4J, not java.util.logging");
    }

    /**
     * @param iface {@link WorkerPool} for the pool (started if it was not), or a type this is
     * @return the pool or this
     * @throws SQLException if it wraps no such type, or (08003) the pool after {@link #close()}
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == WorkerPool.class) {
            return iface.cast(pool());
        }
        throw new SQLException("VecboxDataSource does not wrap a " + iface.getName() + "; it unwraps to WorkerPool");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface == WorkerPool.class;
    }

    @Override
    public String toString() {
        return "VecboxDataSource[" + options.url() + "]";
    }
}
