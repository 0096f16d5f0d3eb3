package io.vecbox.supervisor;

import io.vecbox.protocol.Values;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a {@link QueryResult}. Values are {@code null}, {@code Long}, {@code Double},
 * {@code String} or {@code byte[]}, as SQLite stored them. Every getter exists by 0-based index
 * and by column name (exact, else case-insensitive).
 *
 * <p>Typed getters convert only where no information is lost, or where the caller asked for
 * less precision: an integer read as a double, a real read as a float (rounded, but a value
 * beyond float's range is an error, not an infinity), an integer read as an int (if it fits),
 * 0/1 read as a boolean. Anything else throws {@link IllegalStateException} naming the column
 * and what it holds, rather than inventing a value.
 *
 * <p>NULL: the primitive getters ({@link #getLong}, {@link #getInt}, {@link #getDouble},
 * {@link #getFloat}, {@link #getBoolean}) throw {@link IllegalStateException} on NULL, where
 * JDBC would return 0 or false; ask {@link #isNull} first, or use
 * {@link #getObject(int, Class) getObject(i, Long.class)}, which returns null for NULL. The
 * reference getters ({@link #getString}, {@link #getBytes}, {@link #getFloats}) return null.
 *
 * <p>Immutable; safe to share.
 */
public final class Row {
    /** What {@link #getObject(int, Class)} can give, primitive classes boxed. */
    private static final Set<Class<?>> GETTABLE = Set.of(Object.class, Long.class, Integer.class, Double.class,
            Float.class, Boolean.class, Number.class, String.class, byte[].class, float[].class);

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
     * @param column column name
     * @return whether the value is SQL NULL
     * @throws IllegalArgumentException if there is no such column
     */
    public boolean isNull(String column) {
        return isNull(result.indexOf(column));
    }

    /**
     * @param index 0-based column index
     * @return the integer value
     * @throws IllegalStateException if the value is NULL (never 0, as JDBC's would be) or not an integer
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
     * @return the integer value
     * @throws IllegalStateException if the value is NULL, not an integer, or beyond int's range
     */
    public int getInt(int index) {
        long v = getLong(index);
        if (v != (int) v) {
            throw new IllegalStateException("column " + describe(index) + " is " + v + ", beyond int's range; use getLong");
        }
        return (int) v;
    }

    /**
     * @param column column name
     * @return the integer value
     * @throws IllegalStateException if the value is NULL, not an integer, or beyond int's range
     */
    public int getInt(String column) {
        return getInt(result.indexOf(column));
    }

    /**
     * SQLite has no boolean: {@code true} and {@code false} are stored as 1 and 0.
     *
     * @param index 0-based column index
     * @return true for the integer 1, false for 0
     * @throws IllegalStateException if the value is NULL or anything but the integer 0 or 1
     */
    public boolean getBoolean(int index) {
        Object v = nonNull(index);
        if (v instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        throw new IllegalStateException("column " + describe(index) + " is "
                + (v instanceof Long l ? "the integer " + l : sqlType(v)) + ", not a boolean (0 or 1)");
    }

    /**
     * @param column column name
     * @return true for the integer 1, false for 0
     * @throws IllegalStateException if the value is NULL or anything but the integer 0 or 1
     */
    public boolean getBoolean(String column) {
        return getBoolean(result.indexOf(column));
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
     * @return the value rounded to the nearest float (integers are converted too)
     * @throws IllegalStateException if the value is NULL, not a number, or a finite number beyond
     *     float's range (which a cast would turn into an infinity)
     */
    public float getFloat(int index) {
        double d = getDouble(index);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new IllegalStateException("column " + describe(index) + " is " + d
                    + ", beyond float's range; use getDouble");
        }
        return f;
    }

    /**
     * @param column column name
     * @return the value rounded to the nearest float
     * @throws IllegalStateException if the value is NULL, not a number, or beyond float's range
     */
    public float getFloat(String column) {
        return getFloat(result.indexOf(column));
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

    /**
     * The value as {@code type}, converted as the typed getter of that type does, or null for
     * SQL NULL whatever the type (a primitive class stands for its box: {@code long.class} gives a
     * {@code Long}). Types: {@code Object} (the raw value, as {@link #get(int)}), {@code Long},
     * {@code Integer}, {@code Double}, {@code Float}, {@code Boolean}, {@code Number} (the
     * {@code Long} or {@code Double} as stored), {@code String}, {@code byte[]} (a copy),
     * {@code float[]} (a float32 vector blob decoded).
     *
     * @param index 0-based column index
     * @param type the Java type wanted
     * @param <T> the type
     * @return the value, or null for SQL NULL
     * @throws IllegalArgumentException if {@code type} is not one of the above (even for NULL)
     * @throws IllegalStateException if the value cannot be converted, as the typed getter says
     */
    @SuppressWarnings("unchecked")
    public <T> T getObject(int index, Class<T> type) {
        Objects.requireNonNull(type, "type");
        Class<?> want = boxed(type);
        if (!GETTABLE.contains(want)) {
            throw new IllegalArgumentException("getObject cannot give a " + type.getName() + "; use Object, Long, "
                    + "Integer, Double, Float, Boolean (or their primitive classes), Number, String, byte[] or float[]");
        }
        if (values.get(index) == null) {
            return null;
        }
        Object out;
        if (want == Long.class) {
            out = getLong(index);
        } else if (want == Integer.class) {
            out = getInt(index);
        } else if (want == Double.class) {
            out = getDouble(index);
        } else if (want == Float.class) {
            out = getFloat(index);
        } else if (want == Boolean.class) {
            out = getBoolean(index);
        } else if (want == Number.class) {
            if (!(values.get(index) instanceof Number)) {
                throw wrongType(index, "a number");
            }
            out = values.get(index);
        } else if (want == String.class) {
            out = getString(index);
        } else if (want == byte[].class) {
            out = getBytes(index);
        } else if (want == float[].class) {
            out = getFloats(index);
        } else {
            out = values.get(index);
        }
        return (T) out;
    }

    /**
     * @param column column name
     * @param type the Java type wanted; see {@link #getObject(int, Class)}
     * @param <T> the type
     * @return the value, or null for SQL NULL
     * @throws IllegalArgumentException if there is no such column or {@code type} is not supported
     * @throws IllegalStateException if the value cannot be converted
     */
    public <T> T getObject(String column, Class<T> type) {
        return getObject(result.indexOf(column), type);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == long.class ? Long.class : type == int.class ? Integer.class : type == double.class
                ? Double.class : type == float.class ? Float.class : type == boolean.class ? Boolean.class : type;
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
