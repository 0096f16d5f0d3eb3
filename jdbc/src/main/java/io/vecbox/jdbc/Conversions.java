package io.vecbox.jdbc;

import io.vecbox.protocol.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The ResultSet getters' conversions of a stored value ({@code null}, {@code Long},
 * {@code Double}, {@code String}, {@code byte[]}: SQLite's storage classes) to what the caller
 * asked for. As JDBC asks: NULL gives 0, false or null (and {@code wasNull()}); numbers convert
 * among each other (a real read as an integer is truncated toward zero, as SQLite's
 * {@code CAST} does); text that is a number converts to it; anything is readable as text. What
 * would lose the value instead throws {@link SQLDataException}: text that is no number (22018),
 * a number beyond the type's range (22003), a blob read as a number (22018).
 */
final class Conversions {
    private Conversions() {
    }

    static String string(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    static long longValue(Object v, String column) throws SQLException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return truncate(d, column);
        }
        if (v instanceof String s) {
            String t = s.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                try {
                    return truncate(Double.parseDouble(t), column);
                } catch (NumberFormatException e2) {
                    throw notNumber(v, column);
                }
            }
        }
        throw notNumber(v, column);
    }

    static int intValue(Object v, String column) throws SQLException {
        long l = longValue(v, column);
        if (l != (int) l) {
            throw outOfRange(l, "int", column);
        }
        return (int) l;
    }

    static short shortValue(Object v, String column) throws SQLException {
        long l = longValue(v, column);
        if (l != (short) l) {
            throw outOfRange(l, "short", column);
        }
        return (short) l;
    }

    static byte byteValue(Object v, String column) throws SQLException {
        long l = longValue(v, column);
        if (l != (byte) l) {
            throw outOfRange(l, "byte", column);
        }
        return (byte) l;
    }

    static double doubleValue(Object v, String column) throws SQLException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw notNumber(v, column);
            }
        }
        throw notNumber(v, column);
    }

    static float floatValue(Object v, String column) throws SQLException {
        double d = doubleValue(v, column);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw outOfRange(d, "float", column);
        }
        return f;
    }

    static boolean booleanValue(Object v, String column) throws SQLException {
        if (v == null) {
            return false;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return true;
            }
            if (t.equals("false")) {
                return false;
            }
        }
        return doubleValue(v, column) != 0;
    }

    static BigDecimal bigDecimal(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new SQLDataException("column " + column + " is " + d + ", which no BigDecimal holds", "22003");
            }
            return BigDecimal.valueOf(d);
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw notNumber(v, column);
            }
        }
        throw notNumber(v, column);
    }

    static BigInteger bigInteger(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        return bigDecimal(v, column).toBigInteger();
    }

    static byte[] bytes(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return string(v).getBytes(StandardCharsets.UTF_8);
    }

    static float[] floats(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b && b.length % Float.BYTES == 0) {
            return Values.blobToFloats(b);
        }
        throw new SQLDataException("column " + column + " holds " + describe(v) + ", not a float32 vector blob", "22018");
    }

    static double[] doubles(Object v, String column) throws SQLException {
        float[] f = floats(v, column);
        if (f == null) {
            return null;
        }
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** @return a vector as sqlite-vec stores it: float32, little-endian */
    static byte[] vectorBlob(double[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : vector) {
            b.putFloat((float) d);
        }
        return b.array();
    }

    /**
     * @param v a stored value
     * @return what it is, for messages: {@code the integer 5}, {@code the text 'abc'} (cut at 40
     *     characters), {@code a blob of 12 bytes}, {@code NULL}
     */
    static String describe(Object v) {
        if (v == null) {
            return "NULL";
        } else if (v instanceof Long) {
            return "the integer " + v;
        } else if (v instanceof Double) {
            return "the real " + v;
        } else if (v instanceof String s) {
            return "the text '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        } else if (v instanceof byte[] b) {
            return "a blob of " + b.length + " bytes";
        }
        return "a " + v.getClass().getName();
    }

    private static long truncate(double d, String column) throws SQLException {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            throw outOfRange(d, "long", column);
        }
        return (long) d;
    }

    private static SQLDataException notNumber(Object v, String column) {
        return new SQLDataException("column " + column + " holds " + describe(v) + ", not a number", "22018");
    }

    private static SQLDataException outOfRange(Object n, String type, String column) {
        return new SQLDataException("column " + column + " is " + n + ", beyond " + type + "'s range", "22003");
    }
}
