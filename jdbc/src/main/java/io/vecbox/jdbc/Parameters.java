package io.vecbox.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A prepared statement's parameter values, converted from what JDBC's setters take to what a
 * worker binds: null, Long, Double, String, byte[], or a vector ({@code float[]}; a
 * {@code double[]} is sent as float32 too, sqlite-vec's format).
 *
 * <ul>
 *   <li>booleans as 1 and 0; byte, short, int and long as integers; float and double as reals;</li>
 *   <li>BigDecimal as its text ({@code toPlainString()}): exact, and a column of NUMERIC, REAL
 *       or INTEGER affinity stores it as a number; BigInteger as an integer if it fits, else text;</li>
 *   <li>dates and times as ISO-8601 text ({@link Temporals}); UUID, Character and the like as text;</li>
 *   <li>streams and readers are read whole (up to the length given) into a blob or text.</li>
 * </ul>
 *
 * <p>Not thread-safe (its statement is not).
 */
final class Parameters {
    private static final Object UNSET = new Object();

    private final List<Object> values = new ArrayList<>();

    /**
     * @param index 1-based
     * @param value a value already converted (see the class comment)
     * @throws SQLException (07009) if {@code index < 1}
     */
    void set(int index, Object value) throws SQLException {
        if (index < 1) {
            throw new SQLException("parameter index " + index + " < 1 (parameters count from 1)", "07009");
        }
        while (values.size() < index) {
            values.add(UNSET);
        }
        values.set(index - 1, value);
    }

    /** Forgets every value. */
    void clear() {
        values.clear();
    }

    /** @return the highest index set, 0 if none */
    int highestSet() {
        for (int i = values.size(); i > 0; i--) {
            if (values.get(i - 1) != UNSET) {
                return i;
            }
        }
        return 0;
    }

    /**
     * @param count how many parameters the statement takes
     * @return the values to bind, in order
     * @throws SQLException (07001) naming the first parameter not set, or the count if more are set
     */
    Object[] values(int count) throws SQLException {
        if (highestSet() > count) {
            throw new SQLException("parameter " + highestSet() + " is set, but the statement takes " + count, "07001");
        }
        Object[] out = new Object[count];
        for (int i = 0; i < count; i++) {
            Object v = i < values.size() ? values.get(i) : UNSET;
            if (v == UNSET) {
                throw new SQLException("parameter " + (i + 1) + " is not set (the statement takes " + count + ")",
                        "07001");
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * @param x any value a JDBC application binds with {@code setObject}
     * @return it as a worker binds it
     * @throws SQLFeatureNotSupportedException naming its class if no SQLite type holds it
     */
    static Object convert(Object x) throws SQLException {
        if (x == null || x instanceof String || x instanceof Long || x instanceof Double || x instanceof float[]) {
            return x;
        } else if (x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return ((Number) x).longValue();
        } else if (x instanceof Float f) {
            return f.doubleValue();
        } else if (x instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (x instanceof byte[] b) {
            return b.clone();
        } else if (x instanceof double[] d) {
            return d.clone();
        } else if (x instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (x instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        return convertOther(x);
    }

    private static Object convertOther(Object x) throws SQLException {
        if (x instanceof Timestamp t) {
            return Temporals.format(t, null);
        } else if (x instanceof Date d) {
            return Temporals.format(d, null);
        } else if (x instanceof Time t) {
            return Temporals.format(t, null);
        } else if (x instanceof java.util.Date d) {
            return Temporals.format(new Timestamp(d.getTime()), null);
        } else if (x instanceof LocalDate d) {
            return Temporals.format(d);
        } else if (x instanceof LocalTime t) {
            return Temporals.format(t);
        } else if (x instanceof LocalDateTime t) {
            return Temporals.format(t);
        } else if (x instanceof OffsetDateTime t) {
            return Temporals.format(t);
        } else if (x instanceof ZonedDateTime t) {
            return Temporals.format(t);
        } else if (x instanceof Instant t) {
            return Temporals.format(t.atOffset(ZoneOffset.UTC));
        } else if (x instanceof OffsetTime t) {
            return t.toString();
        } else if (x instanceof UUID || x instanceof Character || x instanceof Enum<?>) {
            return x.toString();
        } else if (x instanceof Number n) {
            return n.doubleValue();
        }
        throw new SQLFeatureNotSupportedException("cannot bind a " + x.getClass().getName() + ": SQLite stores "
                + "integers, reals, text and blobs; bind Long, Double, String, byte[], float[] (a vector), "
                + "BigDecimal, a date or time, or convert the value first");
    }

    /**
     * {@code setObject(i, x, targetSqlType)}: {@code x} converted to the SQL type named.
     *
     * @param x the value
     * @param sqlType a {@link Types} constant
     * @return the value as a worker binds it
     * @throws SQLFeatureNotSupportedException for a type SQLite has not got (ARRAY, STRUCT, REF, ...)
     * @throws SQLDataException (22018) if {@code x} does not convert
     */
    static Object convert(Object x, int sqlType) throws SQLException {
        if (x == null) {
            return null;
        }
        Object v = convert(x);
        String label = "parameter of type " + sqlType;
        switch (sqlType) {
            case Types.BIT, Types.BOOLEAN:
                return Conversions.booleanValue(v, label) ? 1L : 0L;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return Conversions.longValue(v, label);
            case Types.FLOAT, Types.REAL, Types.DOUBLE:
                return Conversions.doubleValue(v, label);
            case Types.NUMERIC, Types.DECIMAL:
                return v instanceof Long ? v : Conversions.bigDecimal(v, label).toPlainString();
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB:
                if (v instanceof float[] || v instanceof double[]) {
                    throw new SQLDataException("a vector cannot be bound as text; bind it as BLOB", "22018");
                }
                return Conversions.string(v);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return v instanceof float[] || v instanceof double[] ? v : Conversions.bytes(v);
            case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE,
                 Types.OTHER, Types.JAVA_OBJECT:
                return v;
            case Types.NULL:
                return null;
            default:
                throw new SQLFeatureNotSupportedException("setObject with SQL type " + sqlType + ": SQLite has no such "
                        + "type; bind as an integer, real, text or blob");
        }
    }

    /**
     * @param in a stream to read whole
     * @param length bytes to read at most, or -1 for all
     * @return the bytes
     * @throws SQLException if reading fails
     */
    static byte[] read(InputStream in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            return length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
        } catch (IOException | ArithmeticException e) {
            throw new SQLException("reading the parameter's stream failed: " + e, "HY000", e);
        }
    }

    /**
     * @param in a reader to read whole
     * @param length characters to read at most, or -1 for all
     * @return the text
     * @throws SQLException if reading fails
     */
    static String read(Reader in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                sb.append(buf, 0, n);
                left -= n;
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("reading the parameter's reader failed: " + e, "HY000", e);
        }
    }

    /** @return ASCII bytes read as text */
    static String ascii(InputStream in, long length) throws SQLException {
        byte[] b = read(in, length);
        return b == null ? null : new String(b, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "Parameters[" + values.size() + " set]"; // never the values: they may be secrets
    }

    /** @return a copy of the values set so far, for a batch */
    Parameters copy() {
        Parameters p = new Parameters();
        p.values.addAll(values);
        return p;
    }
}
