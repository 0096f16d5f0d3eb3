package io.vecbox.supervisor;

import io.vecbox.protocol.Values;
import java.util.List;

/**
 * One row of a {@link QueryResult}. Values are {@code null}, {@code Long}, {@code Double},
 * {@code String} or {@code byte[]}, as SQLite stored them. Typed getters convert only where no
 * information is lost (an integer read as a double); anything else, and NULL, throws
 * {@link IllegalStateException} naming the column, rather than inventing a value. Immutable;
 * safe to share.
 */
public final class Row {
    private final QueryResult result;
    private final List<Object> values;

    Row(QueryResult result, List<Object> values) {
        this.result = result;
        this.values = values;
    }

    /** @return the number of columns */
    public int size() {
        return values.size();
    }

    /**
     * @param index 0-based column index
     * @return the raw value: null, Long, Double, String or byte[] (the array is not copied; do not modify)
     * @throws IndexOutOfBoundsException if there is no such column
     */
    public Object get(int index) {
        return values.get(index);
    }

    /**
     * @param column column name (exact, else case-insensitive)
     * @return the raw value
     * @throws IllegalArgumentException if there is no such column
     */
    public Object get(String column) {
        return values.get(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return whether the value is SQL NULL
     */
    public boolean isNull(int index) {
        return values.get(index) == null;
    }

    /**
     * @param index 0-based column index
     * @return the integer value
     * @throws IllegalStateException if the value is NULL or not an integer
     */
    public long getLong(int index) {
        Object v = nonNull(index);
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(index, "an integer");
    }

    /**
     * @param column column name
     * @return the integer value
     * @throws IllegalStateException if the value is NULL or not an integer
     */
    public long getLong(String column) {
        return getLong(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return the value as a double (integers are widened)
     * @throws IllegalStateException if the value is NULL or not a number
     */
    public double getDouble(int index) {
        Object v = nonNull(index);
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(index, "a number");
    }

    /**
     * @param column column name
     * @return the value as a double
     * @throws IllegalStateException if the value is NULL or not a number
     */
    public double getDouble(String column) {
        return getDouble(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return the text value, or null for SQL NULL
     * @throws IllegalStateException if the value is not text
     */
    public String getString(int index) {
        Object v = values.get(index);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(index, "text");
    }

    /**
     * @param column column name
     * @return the text value, or null for SQL NULL
     * @throws IllegalStateException if the value is not text
     */
    public String getString(String column) {
        return getString(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return a copy of the blob value, or null for SQL NULL
     * @throws IllegalStateException if the value is not a blob
     */
    public byte[] getBytes(int index) {
        Object v = values.get(index);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw wrongType(index, "a blob");
    }

    /**
     * @param column column name
     * @return a copy of the blob value, or null for SQL NULL
     * @throws IllegalStateException if the value is not a blob
     */
    public byte[] getBytes(String column) {
        return getBytes(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return the vector in a little-endian float32 blob (sqlite-vec's format), or null for SQL NULL
     * @throws IllegalStateException if the value is not a blob whose length is a multiple of 4
     */
    public float[] getFloats(int index) {
        Object v = values.get(index);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b && b.length % Float.BYTES == 0) {
            return Values.blobToFloats(b);
        }
        throw wrongType(index, "a float32 vector blob");
    }

    /**
     * @param column column name
     * @return the vector, or null for SQL NULL
     * @throws IllegalStateException if the value is not a float32 vector blob
     */
    public float[] getFloats(String column) {
        return getFloats(result.indexOf(column));
    }

    private Object nonNull(int index) {
        Object v = values.get(index);
        if (v == null) {
            throw new IllegalStateException("column " + describe(index) + " is NULL");
        }
        return v;
    }

    private IllegalStateException wrongType(int index, String expected) {
        return new IllegalStateException("column " + describe(index) + " is " + sqlType(values.get(index))
                + ", not " + expected);
    }

    private static String sqlType(Object v) {
        if (v instanceof Long) {
            return "an integer";
        } else if (v instanceof Double) {
            return "a real";
        } else if (v instanceof String) {
            return "text";
        } else if (v instanceof byte[] b) {
            return "a blob of " + b.length + " bytes";
        }
        return "NULL";
    }

    private String describe(int index) {
        return index + " ('" + result.columns().get(index) + "')";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            sb.append(i == 0 ? "" : ", ").append(v instanceof byte[] b ? "<blob " + b.length + " bytes>" : v);
        }
        return sb.append(']').toString();
    }
}
