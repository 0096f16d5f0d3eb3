package io.vecbox.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * What a forward-only, read-only {@link ResultSet} refuses: updates, scrolling, SQL types SQLite
 * has not got. Each throws {@link SQLFeatureNotSupportedException} (SQLState 0A000) saying what
 * to do instead.
 */
abstract class ReadOnlyResultSet implements ResultSet {
    static SQLFeatureNotSupportedException readOnly() {
        return new SQLFeatureNotSupportedException("vecbox ResultSets are read-only (CONCUR_READ_ONLY): change rows "
                + "with UPDATE, INSERT or DELETE statements");
    }

    static SQLFeatureNotSupportedException forwardOnly(String method) {
        return new SQLFeatureNotSupportedException("ResultSet." + method + ": vecbox ResultSets are forward-only "
                + "(TYPE_FORWARD_ONLY), read with next(); run the query again to start over");
    }

    static SQLFeatureNotSupportedException noSuchType(String type) {
        return new SQLFeatureNotSupportedException("SQLite has no " + type + " type: read the value with getString, "
                + "getBytes, getObject or getObject(i, float[].class) for a vector");
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw forwardOnly("setFetchDirection(" + direction + ")");
        }
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly("previous");
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly("first");
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly("last");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly("beforeFirst");
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly("afterLast");
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw forwardOnly("absolute");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw forwardOnly("relative");
    }

    @Override
    public boolean rowUpdated() {
        return false;
    }

    @Override
    public boolean rowInserted() {
        return false;
    }

    @Override
    public boolean rowDeleted() {
        return false;
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("vecbox has no named cursors (positioned UPDATE ... WHERE CURRENT OF "
                + "is not SQLite's): update by rowid or primary key");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw noSuchType("REF");
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        throw noSuchType("REF");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw noSuchType("ARRAY");
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        throw noSuchType("ARRAY");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw noSuchType("ROWID object (select the rowid column and read it with getLong)");
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        throw noSuchType("ROWID object (select the rowid column and read it with getLong)");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw noSuchType("XML");
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        throw noSuchType("XML");
    }

    @Override
    public java.net.URL getURL(int columnIndex) throws SQLException {
        throw noSuchType("DATALINK");
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        throw noSuchType("DATALINK");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw noSuchType("NCLOB (text is Unicode already: use getString)");
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        throw noSuchType("NCLOB (text is Unicode already: use getString)");
    }

    @Override
    public void cancelRowUpdates() throws SQLException { throw readOnly(); }
    @Override
    public void deleteRow() throws SQLException { throw readOnly(); }
    @Override
    public void insertRow() throws SQLException { throw readOnly(); }
    @Override
    public void moveToCurrentRow() throws SQLException { throw readOnly(); }
    @Override
    public void moveToInsertRow() throws SQLException { throw readOnly(); }
    @Override
    public void refreshRow() throws SQLException { throw readOnly(); }
    @Override
    public void updateArray(String columnLabel, Array x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateArray(int columnIndex, Array x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateAsciiStream(String columnLabel, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateAsciiStream(int columnIndex, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateAsciiStream(String columnLabel, InputStream x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateAsciiStream(String columnLabel, InputStream x1, long x2) throws SQLException {
        throw readOnly();
    }
    @Override
    public void updateAsciiStream(int columnIndex, InputStream x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateAsciiStream(int columnIndex, InputStream x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBinaryStream(String columnLabel, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBinaryStream(int columnIndex, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBinaryStream(String columnLabel, InputStream x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateBinaryStream(String columnLabel, InputStream x1, long x2) throws SQLException {
        throw readOnly();
    }
    @Override
    public void updateBinaryStream(int columnIndex, InputStream x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateBinaryStream(int columnIndex, InputStream x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateBlob(String columnLabel, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBlob(String columnLabel, Blob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBlob(int columnIndex, InputStream x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBlob(int columnIndex, Blob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBlob(String columnLabel, InputStream x1, long x2) throws SQLException {
        throw readOnly();
    }
    @Override
    public void updateBlob(int columnIndex, InputStream x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateBoolean(String columnLabel, boolean x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBoolean(int columnIndex, boolean x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateByte(String columnLabel, byte x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateByte(int columnIndex, byte x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBytes(String columnLabel, byte[] x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateBytes(int columnIndex, byte[] x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(String columnLabel, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(int columnIndex, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(String columnLabel, Reader x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(String columnLabel, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(int columnIndex, Reader x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateCharacterStream(int columnIndex, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(String columnLabel, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(String columnLabel, Clob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(int columnIndex, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(int columnIndex, Clob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(String columnLabel, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateClob(int columnIndex, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateDate(String columnLabel, Date x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateDate(int columnIndex, Date x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateDouble(String columnLabel, double x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateDouble(int columnIndex, double x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateFloat(String columnLabel, float x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateFloat(int columnIndex, float x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateInt(String columnLabel, int x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateInt(int columnIndex, int x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateLong(String columnLabel, long x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateLong(int columnIndex, long x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNCharacterStream(String columnLabel, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNCharacterStream(int columnIndex, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNCharacterStream(String columnLabel, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateNCharacterStream(int columnIndex, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(String columnLabel, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(String columnLabel, NClob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(int columnIndex, Reader x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(int columnIndex, NClob x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(String columnLabel, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateNClob(int columnIndex, Reader x1, long x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateNString(String columnLabel, String x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNString(int columnIndex, String x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateNull(String columnLabel) throws SQLException { throw readOnly(); }
    @Override
    public void updateNull(int columnIndex) throws SQLException { throw readOnly(); }
    @Override
    public void updateObject(String columnLabel, Object x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateObject(int columnIndex, Object x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateObject(String columnLabel, Object x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateObject(int columnIndex, Object x1, int x2) throws SQLException { throw readOnly(); }
    @Override
    public void updateRef(String columnLabel, Ref x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateRef(int columnIndex, Ref x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateRow() throws SQLException { throw readOnly(); }
    @Override
    public void updateRowId(String columnLabel, RowId x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateRowId(int columnIndex, RowId x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateSQLXML(String columnLabel, SQLXML x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateSQLXML(int columnIndex, SQLXML x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateShort(String columnLabel, short x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateShort(int columnIndex, short x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateString(String columnLabel, String x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateString(int columnIndex, String x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateTime(String columnLabel, Time x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateTime(int columnIndex, Time x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateTimestamp(String columnLabel, Timestamp x1) throws SQLException { throw readOnly(); }
    @Override
    public void updateTimestamp(int columnIndex, Timestamp x1) throws SQLException { throw readOnly(); }

}
