package io.vecbox.jdbc;

import io.vecbox.jdbc.Router.Expect;
import io.vecbox.jdbc.Router.Outcome;
import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.Transaction;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A statement of a {@link VecboxConnection}: one SQL statement per call (more than one is an
 * SQLSyntaxErrorException, 42000), routed as the connection says. A query's {@link ResultSet}
 * streams from its worker, {@link #setFetchSize} rows at a time (default: the URL's
 * {@code fetchSize}, else pages of {@code fetchBytes}, 4 MiB).
 *
 * <ul>
 *   <li>{@link #setMaxRows}: the ResultSet stops after that many rows and releases its worker.</li>
 *   <li>{@link #setQueryTimeout}: the pool's {@code queryTimeout} (every fetch) and
 *       {@code writeTimeout} always bound a statement inside the worker, and a statement's own
 *       timeout cannot extend them (a longer one adds an {@link java.sql.SQLWarning} saying so). A shorter one stops the reading of the ResultSet once it has
 *       passed (checked before each row is fetched: {@link java.sql.SQLTimeoutException}, HYT00);
 *       it does not shorten the wait for the first page or for a write.</li>
 *   <li>{@link #cancel()}: stops the current ResultSet from any thread (its cursor is closed, the
 *       reading thread gets SQLState HY008). A write, or a query still waiting for its first page,
 *       is not interrupted: the pool's deadlines bound it.</li>
 *   <li>Generated keys ({@code RETURN_GENERATED_KEYS}, or column names or indexes): one row holding
 *       the writer's last insert rowid after the statement, if it changed rows (meaningful after an
 *       INSERT into a rowid table); the column is named after the first column name given, else
 *       {@code last_insert_rowid()}. A batch reports only the last row inserted.</li>
 *   <li>{@link #executeBatch()}: the statements in one transaction in autocommit mode (all or
 *       nothing), inside the open transaction otherwise (all or nothing within it).</li>
 *   <li>No JDBC escape processing: SQL reaches SQLite as written.</li>
 * </ul>
 *
 * <p>Not thread-safe, except {@link #cancel()} and {@link #close()}.
 */
public class VecboxStatement extends StatementSettings {
    /** The name of the generated-keys column when no column name is given. */
    static final String ROWID = "last_insert_rowid()";

    final VecboxConnection connection;
    private final String keyName;
    private final List<String> batch = new ArrayList<>();
    private volatile boolean closed;
    private volatile VecboxResultSet resultSet;
    private Transaction resultTransaction;
    private long updateCount = -1;
    private String lastKeyName;
    private long lastChanges;
    private long lastRowid;

    VecboxStatement(VecboxConnection connection) {
        this(connection, null);
    }

    /**
     * @param connection its connection
     * @param keyName the generated-keys column of every execution (a prepared statement's), or null
     */
    VecboxStatement(VecboxConnection connection, String keyName) {
        this.connection = connection;
        this.keyName = keyName;
    }

    static String keyName(String[] columnNames) {
        return columnNames != null && columnNames.length > 0 && columnNames[0] != null ? columnNames[0] : ROWID;
    }

    @Override
    final Duration poolQueryTimeout() {
        return connection.pool().config().queryTimeout();
    }

    /** Throws if called on a prepared statement, which runs its own SQL only. */
    void checkPlain(String method) throws SQLException {
        // a plain statement takes SQL with every call
    }

    @Override
    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the statement is closed", "HY010");
        }
        connection.checkOpen();
    }

    /**
     * Runs one statement and keeps its result.
     *
     * @return true if it gave a ResultSet
     */
    final boolean run(String sql, Parameters params, Expect expect, String keys) throws SQLException {
        checkOpen();
        closeResult();
        long deadline = queryTimeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(queryTimeout) : 0;
        if (deadline == 0 && queryTimeout > 0) {
            deadline = 1;
        }
        Outcome o = connection.router().run(sql, params, fetch(), expect);
        keep(keys, o);
        if (o.rows() != null && expect != Expect.COUNT) {
            resultSet = new VecboxResultSet(this, o.rows(), maxRows, deadline);
            resultTransaction = o.transaction();
            updateCount = -1;
            return true;
        }
        if (o.rows() != null) {
            o.rows().close();
        }
        if (expect == Expect.ROWS) {
            throw new SQLException("executeQuery: the statement returned no rows; run it with executeUpdate or "
                    + "execute", "HY000");
        }
        updateCount = o.changes();
        return false;
    }

    final void keep(String keys, Outcome o) {
        lastKeyName = keys != null ? keys : keyName;
        lastChanges = o.changes();
        lastRowid = o.lastInsertRowid();
    }

    final FetchSize fetch() {
        FetchSize d = connection.options().fetchSize();
        return fetchSize > 0 ? new FetchSize(fetchSize, d.bytes()) : d;
    }

    private void closeResult() {
        VecboxResultSet rs = resultSet;
        resultSet = null;
        resultTransaction = null;
        updateCount = -1;
        if (rs != null) {
            rs.close();
        }
    }

    void resultSetClosed(VecboxResultSet rs) {
        if (rs == resultSet && closeOnCompletion) {
            close();
        }
    }

    void transactionEnded(Transaction tx) {
        VecboxResultSet rs = resultSet;
        if (rs != null && resultTransaction == tx) {
            rs.close();
        }
    }

    static BatchUpdateException batchFailed(SQLException e) {
        BatchUpdateException b = new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(),
                new long[0], e);
        b.setNextException(e);
        return b;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        checkPlain("executeQuery(String)");
        run(sql, new Parameters(), Expect.ROWS, null);
        return resultSet;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return executeLargeUpdate(sql, NO_GENERATED_KEYS);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql, autoGeneratedKeys), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkPlain("executeUpdate(String)");
        run(sql, new Parameters(), Expect.COUNT, autoGeneratedKeys == RETURN_GENERATED_KEYS ? ROWID : null);
        return updateCount;
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeUpdate(sql, RETURN_GENERATED_KEYS);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return executeLargeUpdate(sql, RETURN_GENERATED_KEYS);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) Math.min(executeLargeUpdate(sql, columnNames), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        checkPlain("executeUpdate(String)");
        run(sql, new Parameters(), Expect.COUNT, keyName(columnNames));
        return updateCount;
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return execute(sql, NO_GENERATED_KEYS);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        checkPlain("execute(String)");
        return run(sql, new Parameters(), Expect.ANY, autoGeneratedKeys == RETURN_GENERATED_KEYS ? ROWID : null);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execute(sql, RETURN_GENERATED_KEYS);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        checkPlain("execute(String)");
        return run(sql, new Parameters(), Expect.ANY, keyName(columnNames));
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        List<List<Object>> rows = lastKeyName != null && lastChanges > 0 ? List.of(List.of(lastRowid)) : List.of();
        return VecboxResultSet.inMemory(this, List.of(lastKeyName != null ? lastKeyName : ROWID), rows);
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkPlain("addBatch(String)");
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        closeResult();
        List<String> sqls = List.copyOf(batch);
        batch.clear();
        if (sqls.isEmpty()) {
            return new long[0];
        }
        try {
            return connection.router().runBatch(sqls);
        } catch (SQLException e) {
            throw batchFailed(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(getLargeUpdateCount(), Integer.MAX_VALUE);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current == KEEP_CURRENT_RESULT) {
            resultSet = null;
            resultTransaction = null;
            updateCount = -1;
        } else {
            closeResult();
        }
        return false;
    }

    @Override
    public void cancel() throws SQLException {
        VecboxResultSet rs = resultSet;
        if (rs != null) {
            rs.cancel("Statement.cancel() was called");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeResult();
        connection.statementClosed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }
}
