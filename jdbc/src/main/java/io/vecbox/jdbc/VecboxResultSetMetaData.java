package io.vecbox.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of a {@link VecboxResultSet}: their names, and types taken from the values of the
 * first row. SQLite is dynamically typed: a column's values may differ in type from row to row,
 * and the declared types of table columns do not reach the driver. So each column's type is the
 * storage class of its value in the first row, reported under the JDBC type that holds it without
 * loss: INTEGER as {@code BIGINT} ({@code Long}), REAL as {@code DOUBLE} ({@code Double}), TEXT as
 * {@code VARCHAR} ({@code String}), BLOB as {@code BLOB} ({@code byte[]}, vectors included), and
 * NULL (or no row at all) as {@code NULL} ({@code Object}). Whatever the reported type, every
 * getter converts as {@link VecboxResultSet} documents. Nullability is unknown; no column is
 * writable.
 *
 * <p>Immutable; safe to share.
 */
public final class VecboxResultSetMetaData implements ResultSetMetaData {
    private static final int MAX_LENGTH = 1_000_000_000; // SQLITE_MAX_LENGTH

    private final List<String> columns;
    private final List<Integer> types;

    /**
     * @param columns the column names
     * @param sample the first row's values, or null if there is none
     */
    VecboxResultSetMetaData(List<String> columns, List<Object> sample) {
        this.columns = List.copyOf(columns);
        List<Integer> t = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            t.add(typeOf(sample == null ? null : sample.get(i)));
        }
        this.types = Collections.unmodifiableList(t);
    }

    private static int typeOf(Object v) {
        if (v instanceof Long) {
            return Types.BIGINT;
        } else if (v instanceof Double) {
            return Types.DOUBLE;
        } else if (v instanceof String) {
            return Types.VARCHAR;
        } else if (v instanceof byte[]) {
            return Types.BLOB;
        }
        return Types.NULL;
    }

    private int type(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("no column " + column + ": the result has " + columns.size()
                    + " (columns count from 1)", "07009");
        }
        return types.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        type(column);
        return columns.get(column - 1);
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return getColumnLabel(column);
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return type(column);
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return switch (type(column)) {
            case Types.BIGINT -> "BIGINT";
            case Types.DOUBLE -> "DOUBLE";
            case Types.VARCHAR -> "VARCHAR";
            case Types.BLOB -> "BLOB";
            default -> "NULL";
        };
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return switch (type(column)) {
            case Types.BIGINT -> Long.class.getName();
            case Types.DOUBLE -> Double.class.getName();
            case Types.VARCHAR -> String.class.getName();
            case Types.BLOB -> byte[].class.getName();
            default -> Object.class.getName();
        };
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return type(column) == Types.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        type(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        type(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int t = type(column);
        return t == Types.BIGINT || t == Types.DOUBLE;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return switch (type(column)) {
            case Types.BIGINT -> 20;
            case Types.DOUBLE -> 25;
            default -> MAX_LENGTH;
        };
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return switch (type(column)) {
            case Types.BIGINT -> 19;
            case Types.DOUBLE -> 17;
            default -> 0;
        };
    }

    @Override
    public int getScale(int column) throws SQLException {
        type(column);
        return 0;
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        type(column);
        return "";
    }

    @Override
    public String getTableName(int column) throws SQLException {
        type(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        type(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        type(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface, "VecboxResultSetMetaData");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
