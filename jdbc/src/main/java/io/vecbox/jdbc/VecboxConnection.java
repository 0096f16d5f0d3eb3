package io.vecbox.jdbc;

import io.vecbox.supervisor.Transaction;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JDBC connection over a {@link WorkerPool}. It holds no worker of its own: in autocommit
 * mode each statement goes where SQLite's verdict sends it (a read-only one to a reader, streamed;
 * anything else to the writer), so many connections share a few workers. With
 * {@code setAutoCommit(false)} the connection begins a {@link Transaction} at its first statement
 * ({@link WorkerPool#begin()}), which holds the writer until {@link #commit()} or
 * {@link #rollback()}; every statement, reads included, runs in it and sees its writes. Other
 * writers wait meanwhile (bounded by {@code acquireTimeout}); a transaction idle longer than
 * {@code transactionIdleTimeout} is rolled back by the pool.
 *
 * <p>A lost transaction (the writer crashed, the idle timeout, SQLite rolled it back) makes the
 * call that notices it throw {@link java.sql.SQLTransactionRollbackException} (SQLState 40000;
 * 08007 if the writer died during {@code commit()} itself, when the outcome is unknown); the
 * connection is then out of the transaction and its next statement begins a new one.
 *
 * <p>Isolation is SQLite's: serializable. {@link #setTransactionIsolation} accepts every level
 * (a stronger one is allowed) and {@link #getTransactionIsolation()} reports
 * {@code TRANSACTION_SERIALIZABLE}. Savepoints, callable statements, scrollable or updatable
 * result sets, arrays, structs, LOB factories and the network timeout throw
 * {@link SQLFeatureNotSupportedException} saying what to use instead. {@code unwrap(WorkerPool.class)}
 * gives the pool.
 *
 * <p>Thread-safe, as JDBC asks; but a transaction is one sequence of statements, so share a
 * connection between threads only in autocommit mode.
 */
public final class VecboxConnection extends ConnectionSettings {
    private final WorkerPool pool;
    private final ConnectionOptions options;
    private final Router router;
    private final Object lock = new Object();
    private final Set<VecboxStatement> statements = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private boolean autoCommit = true;
    private volatile boolean readOnly;
    private Transaction tx;

    VecboxConnection(WorkerPool pool, ConnectionOptions options) {
        this.pool = pool;
        this.options = options;
        this.router = new Router(this, pool);
        this.readOnly = pool.config().readOnly();
    }

    /** @return the URL this connection was opened with */
    String url() {
        return options.url();
    }

    /** @return the pool this connection runs on */
    WorkerPool pool() {
        return pool;
    }

    /** @return the router of this connection's statements */
    Router router() {
        return router;
    }

    /** @return the connection's options */
    ConnectionOptions options() {
        return options;
    }

    /**
     * @return SQLite's version, as {@code sqlite_version()} gives it
     * @throws SQLException if the pool cannot answer
     */
    String sqliteVersion() throws SQLException {
        try {
            return pool.query("select sqlite_version()").rows().get(0).getString(0);
        } catch (WorkerPoolException e) {
            throw SqlExceptions.map(e);
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the connection is closed", "08003");
        }
    }

    /**
     * @return the open transaction, begun now if the connection is not in autocommit mode and has
     *     none; null in autocommit mode
     * @throws SQLException if the writer cannot be had (08001 after {@code acquireTimeout}, ...)
     */
    Transaction transactionForStatement() throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (autoCommit || pool.config().readOnly()) {
                return null; // a read-only pool has no writer to hold a transaction: each statement reads alone
            }
            if (tx == null) {
                try {
                    tx = pool.begin();
                } catch (WorkerPoolException e) {
                    throw SqlExceptions.map(e);
                }
            }
            return tx;
        }
    }

    /** The transaction is gone (a statement saw TransactionLostException): the next statement begins anew. */
    void transactionLost(Transaction lost) {
        synchronized (lock) {
            if (lost != null && tx == lost) {
                tx = null;
            }
        }
        closeResultSetsOf(lost);
    }

    void statementClosed(VecboxStatement statement) {
        statements.remove(statement);
    }

    private <S extends VecboxStatement> S track(S statement) {
        statements.add(statement);
        return statement;
    }

    private void closeResultSetsOf(Transaction ended) {
        if (ended != null) {
            for (VecboxStatement s : statements) {
                s.transactionEnded(ended);
            }
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(new VecboxStatement(this));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return track(new VecboxPreparedStatement(this, sql, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return track(new VecboxPreparedStatement(this, sql,
                autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS ? VecboxStatement.ROWID : null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return track(new VecboxPreparedStatement(this, sql, VecboxStatement.ROWID));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return track(new VecboxPreparedStatement(this, sql, VecboxStatement.keyName(columnNames)));
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (autoCommit && !this.autoCommit) {
                commitOpen();
            }
            this.autoCommit = autoCommit;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        synchronized (lock) {
            checkOpen();
            return autoCommit;
        }
    }

    /**
     * Commits the open transaction and releases the writer; does nothing if no statement has run
     * since the last commit or rollback.
     *
     * @throws SQLException (25000) in autocommit mode; SQLTransactionRollbackException (40000) if
     *     the transaction was lost before it could commit; SQLTransientConnectionException (08007)
     *     if the writer died during the commit, so it may or may not have committed
     */
    @Override
    public void commit() throws SQLException {
        synchronized (lock) {
            checkOpen();
            checkNotAutoCommit("commit");
            commitOpen();
        }
    }

    private void commitOpen() throws SQLException {
        Transaction t = tx;
        tx = null;
        if (t == null) {
            return;
        }
        closeResultSetsOf(t);
        try {
            t.commit();
        } catch (RuntimeException e) {
            throw SqlExceptions.mapCommit(e);
        }
    }

    /**
     * Rolls back the open transaction and releases the writer; does nothing if there is none (a
     * lost transaction is rolled back already).
     *
     * @throws SQLException (25000) in autocommit mode
     */
    @Override
    public void rollback() throws SQLException {
        synchronized (lock) {
            checkOpen();
            checkNotAutoCommit("rollback");
            rollbackOpen();
        }
    }

    private void rollbackOpen() throws SQLException {
        Transaction t = tx;
        tx = null;
        if (t == null) {
            return;
        }
        closeResultSetsOf(t);
        try {
            t.rollback();
        } catch (RuntimeException e) {
            throw SqlExceptions.map(e);
        }
    }

    private void checkNotAutoCommit(String call) throws SQLException {
        if (autoCommit) {
            throw new SQLException(call + "() in autocommit mode: every statement commits by itself; call "
                    + "setAutoCommit(false) to group statements in a transaction", "25000");
        }
    }

    /** @return whether a transaction is open (a statement ran since the last commit or rollback) */
    boolean inTransaction() {
        synchronized (lock) {
            return tx != null;
        }
    }

    /**
     * Rolls back an open transaction, closes the connection's statements and result sets. The
     * pool stays: it belongs to the {@link VecboxDataSource} or to the driver. Idempotent.
     */
    @Override
    public void close() throws SQLException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                rollbackOpen();
            } finally {
                for (VecboxStatement s : statements) {
                    s.close();
                }
                statements.clear();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: executor is null", "HY009");
        }
        if (closed) {
            return;
        }
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // abort releases what it can; the transaction is rolled back by the pool either way
            }
        });
    }

    /**
     * @param timeout seconds to wait for a reader to answer {@code select 1}; 0 for the pool's
     *     {@code queryTimeout}
     * @return whether the connection is open and a worker answered in time
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid: timeout < 0: " + timeout, "HY024");
        }
        if (closed) {
            return false;
        }
        var answer = pool.queryAsync("select 1");
        try {
            if (timeout == 0) {
                answer.get();
            } else {
                answer.get(timeout, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            answer.cancel(true);
            return false;
        }
    }

    /**
     * Read-only connections refuse every statement that SQLite says writes (SQLState 25006). On a
     * {@code readOnly=true} pool every connection is read-only, and {@code setReadOnly(false)} is a
     * hint it cannot follow: the connection stays read-only.
     *
     * @throws SQLException (25001) while a transaction is open
     */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (tx != null && readOnly != this.readOnly) {
                throw new SQLException("setReadOnly while a transaction is open: commit or roll back first", "25001");
            }
            this.readOnly = readOnly || pool.config().readOnly();
        }
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new VecboxDatabaseMetaData(this);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(pool)) {
            return iface.cast(pool);
        }
        throw new SQLException("VecboxConnection does not wrap a " + iface.getName() + "; it unwraps to WorkerPool");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(pool);
    }

    @Override
    public String toString() {
        return "VecboxConnection[" + options.url() + (closed ? ", closed" : "") + "]";
    }
}
