package io.vecbox.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The parts of a {@link VecboxConnection} that are settings rather than statements: isolation,
 * holdability, catalog and schema, client info, warnings, and the factories SQLite has no use for.
 */
abstract class ConnectionSettings implements Connection {
    private final Properties clientInfo = new Properties();

    abstract void checkOpen() throws SQLException;

    static void checkResultSetKind(int type, int concurrency, int holdability) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw new SQLFeatureNotSupportedException("result set type " + type + ": vecbox ResultSets are "
                    + "TYPE_FORWARD_ONLY (rows stream from the worker); run the query again to start over");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("result set concurrency " + concurrency + ": vecbox ResultSets "
                    + "are CONCUR_READ_ONLY; change rows with UPDATE, INSERT or DELETE");
        }
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLFeatureNotSupportedException("result set holdability " + holdability + ": a transaction's "
                    + "ResultSets close at commit (CLOSE_CURSORS_AT_COMMIT); read them first");
        }
    }

    /**
     * Accepts every isolation level: SQLite's transactions are serializable, which is at least as
     * strong as any level asked for (JDBC allows a stronger one).
     *
     * @throws SQLException (HY024) for {@code TRANSACTION_NONE} or an unknown level
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("transaction isolation " + level + " is no JDBC level (NONE is not supported: "
                    + "every statement runs in a transaction)", "HY024");
        }
    }

    /** @return {@code TRANSACTION_SERIALIZABLE}, what SQLite gives whatever was asked for */
    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        checkResultSetKind(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    /** SQLite has no catalogs: ignored, as JDBC asks of a driver without them. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    /**
     * @param schema {@code main} (or null): the only schema every worker has; attached databases
     *     would be per worker
     * @throws SQLFeatureNotSupportedException for another schema
     */
    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema != null && !schema.equalsIgnoreCase("main")) {
            throw new SQLFeatureNotSupportedException("schema '" + schema + "': only main is supported (each worker "
                    + "is a connection of its own, so ATTACH would reach one worker only)");
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return "main";
    }

    /** @return {@code sql} unchanged: the driver does no JDBC escape processing */
    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("SQLite has no user-defined types: the type map stays empty");
        }
    }

    /** Kept for {@link #getClientInfo}; sent nowhere. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (name == null) {
            throw new SQLClientInfoException("client info name is null", Map.of());
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                clientInfo.setProperty(name, properties.getProperty(name));
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("there is no network: the pool's queryTimeout, writeTimeout and "
                + "acquireTimeout (URL options) bound every call");
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        throw new SQLFeatureNotSupportedException("there is no network: the pool's queryTimeout, writeTimeout and "
                + "acquireTimeout (URL options) bound every call");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw noLobs("Clob");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw noLobs("Blob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw noLobs("NClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLite has no XML type: bind the document with setString");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLite has no ARRAY type: bind a vector as setObject(i, float[]), "
                + "other lists as JSON text");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLite has no STRUCT type: bind the fields one by one, or as JSON "
                + "text");
    }

    private static SQLFeatureNotSupportedException noLobs(String type) {
        return new SQLFeatureNotSupportedException("create" + type + ": LOB locators are not supported; bind the "
                + "value itself with setBytes, setString, setBinaryStream or setCharacterStream");
    }
}
