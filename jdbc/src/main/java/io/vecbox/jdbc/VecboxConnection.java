package io.vecbox.jdbc;

import io.vecbox.supervisor.WorkerPool;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/** A JDBC connection over a vecbox {@link WorkerPool} (skeleton; statements to come). */
public final class VecboxConnection implements Connection {
    private final WorkerPool pool;
    private final String url;

    VecboxConnection(WorkerPool pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /** @return the URL this connection was opened with */
    String url() {
        return url;
    }

    /** @return the pool this connection runs on */
    WorkerPool pool() {
        return pool;
    }

    /** @return SQLite's version, as {@code sqlite_version()} gives it */
    String sqliteVersion() throws SQLException {
        return pool.query("select sqlite_version()").rows().get(0).getString(0);
    }

    private static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("Connection." + method + " is not supported by vecbox yet");
    }

    @Override
    public DatabaseMetaData getMetaData() {
        return new VecboxDatabaseMetaData(this);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(pool)) {
            return iface.cast(pool);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("VecboxConnection does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(pool);
    }

    @Override
    public void abort(Executor a1) throws SQLException {
        throw unsupported("abort");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw unsupported("clearWarnings");
    }

    @Override
    public void close() throws SQLException {
        throw unsupported("close");
    }

    @Override
    public void commit() throws SQLException {
        throw unsupported("commit");
    }

    @Override
    public Array createArrayOf(String a1, Object[] a2) throws SQLException {
        throw unsupported("createArrayOf");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw unsupported("createBlob");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw unsupported("createClob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw unsupported("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw unsupported("createSQLXML");
    }

    @Override
    public Statement createStatement() throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public Statement createStatement(int a1, int a2) throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public Statement createStatement(int a1, int a2, int a3) throws SQLException {
        throw unsupported("createStatement");
    }

    @Override
    public Struct createStruct(String a1, Object[] a2) throws SQLException {
        throw unsupported("createStruct");
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        throw unsupported("getAutoCommit");
    }

    @Override
    public String getCatalog() throws SQLException {
        throw unsupported("getCatalog");
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        throw unsupported("getClientInfo");
    }

    @Override
    public String getClientInfo(String a1) throws SQLException {
        throw unsupported("getClientInfo");
    }

    @Override
    public int getHoldability() throws SQLException {
        throw unsupported("getHoldability");
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        throw unsupported("getNetworkTimeout");
    }

    @Override
    public String getSchema() throws SQLException {
        throw unsupported("getSchema");
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        throw unsupported("getTransactionIsolation");
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        throw unsupported("getTypeMap");
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        throw unsupported("getWarnings");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw unsupported("isClosed");
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        throw unsupported("isReadOnly");
    }

    @Override
    public boolean isValid(int a1) throws SQLException {
        throw unsupported("isValid");
    }

    @Override
    public String nativeSQL(String a1) throws SQLException {
        throw unsupported("nativeSQL");
    }

    @Override
    public CallableStatement prepareCall(String a1) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String a1, int a2, int a3) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String a1, int a2, int a3, int a4) throws SQLException {
        throw unsupported("prepareCall");
    }

    @Override
    public PreparedStatement prepareStatement(String a1) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String a1, int[] a2) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String a1, String[] a2) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String a1, int a2) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String a1, int a2, int a3) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public PreparedStatement prepareStatement(String a1, int a2, int a3, int a4) throws SQLException {
        throw unsupported("prepareStatement");
    }

    @Override
    public void releaseSavepoint(Savepoint a1) throws SQLException {
        throw unsupported("releaseSavepoint");
    }

    @Override
    public void rollback() throws SQLException {
        throw unsupported("rollback");
    }

    @Override
    public void rollback(Savepoint a1) throws SQLException {
        throw unsupported("rollback");
    }

    @Override
    public void setAutoCommit(boolean a1) throws SQLException {
        throw unsupported("setAutoCommit");
    }

    @Override
    public void setCatalog(String a1) throws SQLException {
        throw unsupported("setCatalog");
    }

    @Override
    public void setClientInfo(Properties a1) {
        // skeleton: client info is accepted and ignored until the connection is written
    }

    @Override
    public void setClientInfo(String a1, String a2) {
        // skeleton: client info is accepted and ignored until the connection is written
    }

    @Override
    public void setHoldability(int a1) throws SQLException {
        throw unsupported("setHoldability");
    }

    @Override
    public void setNetworkTimeout(Executor a1, int a2) throws SQLException {
        throw unsupported("setNetworkTimeout");
    }

    @Override
    public void setReadOnly(boolean a1) throws SQLException {
        throw unsupported("setReadOnly");
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw unsupported("setSavepoint");
    }

    @Override
    public Savepoint setSavepoint(String a1) throws SQLException {
        throw unsupported("setSavepoint");
    }

    @Override
    public void setSchema(String a1) throws SQLException {
        throw unsupported("setSchema");
    }

    @Override
    public void setTransactionIsolation(int a1) throws SQLException {
        throw unsupported("setTransactionIsolation");
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a1) throws SQLException {
        throw unsupported("setTypeMap");
    }
}
