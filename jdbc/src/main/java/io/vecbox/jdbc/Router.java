package io.vecbox.jdbc;

import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.RowStream;
import io.vecbox.supervisor.StatementInfo;
import io.vecbox.supervisor.Transaction;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.UpdateResult;
import io.vecbox.supervisor.WorkerPool;
import io.vecbox.supervisor.WorkerPoolException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a connection's statements where SQLite's verdict says they belong.
 *
 * <ul>
 *   <li>The verdict is {@link WorkerPool#describe}: prepared by a worker, never run, cached by
 *       the pool. If SQLite cannot prepare the statement (a table the open transaction created, a
 *       syntax error), it goes to the writer, which runs it for real or reports the real error.</li>
 *   <li>In autocommit mode a read-only statement is streamed from a reader
 *       ({@link WorkerPool#stream}); anything else runs on the writer ({@link WorkerPool#execute}),
 *       and the rows it returns ({@code RETURNING}) come back in memory.</li>
 *   <li>In a transaction every statement runs on the transaction's writer: reads as streams
 *       ({@link Transaction#stream}), the rest with {@link Transaction#execute}.</li>
 * </ul>
 */
final class Router {
    /** What the caller will do with the outcome: refuse early what it cannot use. */
    enum Expect { ROWS, COUNT, ANY }

    /**
     * What a statement gave.
     *
     * @param rows its rows, or null if it returns none
     * @param changes rows it changed, 0 for a read
     * @param lastInsertRowid the writer's last insert rowid after it, 0 for a read
     * @param transaction the transaction it ran in, or null in autocommit mode
     */
    record Outcome(RowSource rows, long changes, long lastInsertRowid, Transaction transaction) {
    }

    private final VecboxConnection connection;
    private final WorkerPool pool;

    Router(VecboxConnection connection, WorkerPool pool) {
        this.connection = connection;
        this.pool = pool;
    }

    /**
     * @param sql one statement
     * @return SQLite's verdict, or null if SQLite cannot prepare it outside the writer's open
     *     transaction (the statement then goes to the writer)
     * @throws SQLException for a failure that is not SQLite's (closed pool, no worker), and for
     *     transaction control or more than one statement
     */
    StatementInfo describe(String sql) throws SQLException {
        TransactionSql.refuse(sql);
        StatementInfo info;
        try {
            info = pool.describe(sql);
        } catch (QueryFailedException e) {
            if (e.sqliteCode() != 0) {
                return null;
            }
            throw SqlExceptions.map(e);
        } catch (WorkerPoolException | IllegalArgumentException e) {
            throw SqlExceptions.map(e);
        }
        if (info.multipleStatements()) {
            throw new SQLSyntaxErrorException("one statement per call: the text holds more than one; run them one by "
                    + "one, or with addBatch/executeBatch", "42000");
        }
        return info;
    }

    /**
     * Runs one statement where it belongs.
     *
     * @param sql the statement
     * @param params its parameters
     * @param fetch the page size if it streams
     * @param expect what the caller wants of it
     * @return what it gave
     * @throws SQLException mapped by {@link SqlExceptions}; a lost transaction is forgotten first
     */
    Outcome run(String sql, Parameters params, FetchSize fetch, Expect expect) throws SQLException {
        connection.checkOpen();
        StatementInfo info = describe(sql);
        Object[] values = params.values(info != null ? info.parameterCount() : params.highestSet());
        boolean read = info != null && info.readOnly();
        checkReadOnly(sql, info);
        if (info != null && expect == Expect.ROWS && info.columns().isEmpty()) {
            throw new SQLException("executeQuery: the statement returns no rows; run it with executeUpdate or "
                    + "execute", "HY000");
        }
        if (read && expect == Expect.COUNT && !info.columns().isEmpty()) {
            throw new SQLException("executeUpdate: the statement is a query and returns rows; run it with "
                    + "executeQuery or execute", "HY000");
        }
        Transaction tx = connection.transactionForStatement();
        try {
            if (read) {
                RowStream stream = tx == null ? pool.stream(fetch, sql, values) : tx.stream(fetch, sql, values);
                if (stream.columns().isEmpty()) {
                    stream.close();
                    return new Outcome(null, 0, 0, tx);
                }
                return new Outcome(new StreamRows(stream, fetch), 0, 0, tx);
            }
            UpdateResult r = tx == null ? pool.execute(sql, values) : tx.execute(sql, values);
            List<List<Object>> rows = new ArrayList<>(r.rows().size());
            for (var row : r.rows()) {
                List<Object> v = new ArrayList<>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    v.add(row.get(i));
                }
                rows.add(v);
            }
            RowSource returned = r.columns().isEmpty() ? null : new ListRows(r.columns(), rows);
            return new Outcome(returned, r.changes(), r.lastInsertRowid(), tx);
        } catch (RuntimeException e) {
            throw failed(tx, e);
        }
    }

    /**
     * Runs one statement once per parameter row: {@link WorkerPool#executeMany}, one transaction
     * in autocommit mode; inside the open transaction otherwise.
     *
     * @param sql the statement
     * @param rows the parameters of each execution
     * @param wantRowid whether the last insert rowid is needed (then an autocommit batch runs in a
     *     transaction of its own, to read it exactly)
     * @return total changes and the last insert rowid (0 unless asked for)
     * @throws SQLException mapped by {@link SqlExceptions}
     */
    Outcome runMany(String sql, List<Parameters> rows, boolean wantRowid) throws SQLException {
        connection.checkOpen();
        StatementInfo info = describe(sql);
        checkReadOnly(sql, info);
        int count = info != null ? info.parameterCount() : 0;
        if (info == null) {
            for (Parameters p : rows) {
                count = Math.max(count, p.highestSet());
            }
        }
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Parameters p : rows) {
            values.add(p.values(count));
        }
        Transaction tx = connection.transactionForStatement();
        try {
            if (tx != null) {
                long changes = tx.executeMany(sql, values);
                return new Outcome(null, changes, wantRowid ? lastInsertRowid(tx) : 0, tx);
            }
            if (!wantRowid) {
                return new Outcome(null, pool.executeMany(sql, values), 0, null);
            }
        } catch (RuntimeException e) {
            throw failed(tx, e);
        }
        try (Transaction own = begin()) {
            long changes = own.executeMany(sql, values);
            long rowid = lastInsertRowid(own);
            try {
                own.commit();
            } catch (RuntimeException e) {
                throw SqlExceptions.mapCommit(e);
            }
            return new Outcome(null, changes, rowid, null);
        } catch (WorkerPoolException | IllegalStateException e) {
            throw SqlExceptions.map(e);
        }
    }

    /**
     * Runs statements in one batch: {@link WorkerPool#executeBatch} (one transaction) in autocommit
     * mode, {@link Transaction#executeBatch} (all or nothing within it) otherwise.
     *
     * @param sqls the statements
     * @return rows changed by each
     * @throws SQLException mapped by {@link SqlExceptions}
     */
    long[] runBatch(List<String> sqls) throws SQLException {
        connection.checkOpen();
        List<io.vecbox.supervisor.Statement> statements = new ArrayList<>(sqls.size());
        for (String sql : sqls) {
            TransactionSql.refuse(sql);
            if (connection.isReadOnly()) {
                checkReadOnly(sql, describe(sql));
            }
            statements.add(io.vecbox.supervisor.Statement.of(sql));
        }
        Transaction tx = connection.transactionForStatement();
        try {
            List<UpdateResult> results = tx == null ? pool.executeBatch(statements) : tx.executeBatch(statements);
            long[] counts = new long[results.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = results.get(i).changes();
            }
            return counts;
        } catch (RuntimeException e) {
            throw failed(tx, e);
        }
    }

    private Transaction begin() throws SQLException {
        try {
            return pool.begin();
        } catch (WorkerPoolException e) {
            throw SqlExceptions.map(e);
        }
    }

    private static long lastInsertRowid(Transaction tx) {
        return tx.query("select last_insert_rowid()").rows().get(0).getLong(0);
    }

    private void checkReadOnly(String sql, StatementInfo info) throws SQLException {
        if (!connection.isReadOnly() || info != null && info.readOnly()) {
            return;
        }
        if (info == null) {
            try {
                pool.describe(sql); // the same failure again, to report SQLite's own error
            } catch (RuntimeException e) {
                throw SqlExceptions.map(e);
            }
        }
        throw new SQLNonTransientException("the connection is read-only (setReadOnly(true)) and SQLite says this "
                + "statement writes", "25006");
    }

    private SQLException failed(Transaction tx, RuntimeException e) {
        if (e instanceof TransactionLostException) {
            connection.transactionLost(tx);
        }
        return SqlExceptions.map(e);
    }
}
