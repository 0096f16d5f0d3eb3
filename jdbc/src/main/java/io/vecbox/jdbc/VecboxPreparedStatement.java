package io.vecbox.jdbc;

import io.vecbox.jdbc.Router.Expect;
import io.vecbox.jdbc.Router.Outcome;
import io.vecbox.supervisor.StatementInfo;
import java.sql.ParameterMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prepared statement: its SQL, parameters bound by position ({@code ?}, {@code ?NNN}), run as
 * {@link VecboxStatement} describes. Workers cache the prepared form by text
 * ({@code statementCacheSize}), so preparing costs nothing here.
 *
 * <p>{@link #addBatch()} and {@link #executeBatch()} run the statement once per parameter row in
 * one {@code executeMany}: one transaction in autocommit mode (all or nothing), all or nothing
 * within the open transaction otherwise. SQLite reports the rows changed by the whole batch, not
 * per row, so the counts are {@link java.sql.Statement#SUCCESS_NO_INFO} (exact for a batch of one
 * row, or when nothing changed); with generated keys requested, the batch reports the last row
 * inserted only.
 *
 * <p>Not thread-safe, except {@link #cancel()} and {@link #close()}.
 */
public final class VecboxPreparedStatement extends ParameterSetters {
    private final String sql;
    private final boolean keys;
    private final List<Parameters> rows = new ArrayList<>();

    /**
     * @param connection its connection
     * @param sql its SQL
     * @param keyName the generated-keys column, or null if no keys were asked for
     */
    VecboxPreparedStatement(VecboxConnection connection, String sql, String keyName) throws SQLException {
        super(connection, keyName);
        if (sql == null) {
            throw new SQLException("sql is null", "HY009");
        }
        this.sql = sql;
        this.keys = keyName != null;
    }

    @Override
    void checkPlain(String method) throws SQLException {
        throw new SQLException(method + " on a PreparedStatement: it runs the SQL it was prepared with; call the "
                + "method without SQL, or use a Statement", "HY000");
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(sql, params, Expect.ROWS, null);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(executeLargeUpdate(), Integer.MAX_VALUE);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(sql, params, Expect.COUNT, null);
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(sql, params, Expect.ANY, null);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        rows.add(params.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        rows.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        getMoreResults();
        List<Parameters> batch = List.copyOf(rows);
        rows.clear();
        if (batch.isEmpty()) {
            return new long[0];
        }
        Outcome o;
        try {
            o = connection.router().runMany(sql, batch, keys);
        } catch (SQLException e) {
            throw batchFailed(e);
        }
        keep(null, o);
        long[] counts = new long[batch.size()];
        if (batch.size() == 1 || o.changes() == 0) {
            counts[0] = o.changes();
        } else {
            Arrays.fill(counts, SUCCESS_NO_INFO);
        }
        return counts;
    }

    /**
     * @return the result's column names as SQLite describes them, types {@code NULL} (they are
     *     known only from the values); null if the statement returns no rows or SQLite cannot
     *     describe it outside the open transaction
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        StatementInfo info = connection.router().describe(sql);
        return info == null || info.columns().isEmpty() ? null : new VecboxResultSetMetaData(info.columns(), null);
    }

    /**
     * @return the parameter count SQLite reports (the highest index set, if SQLite cannot describe
     *     the statement outside the open transaction); types are unknown until bound
     */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        StatementInfo info = connection.router().describe(sql);
        return new VecboxParameterMetaData(info != null ? info.parameterCount() : params.highestSet());
    }

    @Override
    public String toString() {
        return "VecboxPreparedStatement[" + (sql.length() > 200 ? sql.substring(0, 200) + "…" : sql) + "]";
    }
}
