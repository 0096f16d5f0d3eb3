package io.vecbox.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * {@code ResultSet.getObject(i, Class)}: a stored value as the Java type asked for, NULL as null
 * whatever the type.
 */
final class ObjectConversions {
    private ObjectConversions() {
    }

    /** The Java types {@link #as} gives, for the message of one it does not. */
    static final String SUPPORTED = "Object, String, Long, Integer, Short, Byte, Double, Float, Boolean (or their "
            + "primitive classes), BigDecimal, BigInteger, Number, byte[], float[] and double[] (vectors), "
            + "java.sql.Date/Time/Timestamp, java.util.Date, LocalDate, LocalTime, LocalDateTime, OffsetDateTime, "
            + "ZonedDateTime, Instant, UUID, Blob, Clob";

    /**
     * @param raw the stored value
     * @param type the type wanted
     * @param column the column, for messages
     * @param <T> the type
     * @return the value as {@code type}, or null for NULL
     * @throws SQLFeatureNotSupportedException if {@code type} is none of {@link #SUPPORTED}
     * @throws SQLException if the value does not convert (as the typed getters say)
     */
    @SuppressWarnings("unchecked")
    static <T> T as(Object raw, Class<T> type, String column) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject: type is null", "HY009");
        }
        Class<?> t = boxed(type);
        if (!TYPES.contains(t)) {
            throw new SQLFeatureNotSupportedException("getObject cannot give a " + type.getName() + "; it gives "
                    + SUPPORTED);
        }
        if (raw == null) {
            return null;
        }
        Object out = numberOrText(raw, t, column);
        return (T) (out != NOT_HANDLED ? out : other(raw, t, column));
    }

    private static final Set<Class<?>> TYPES = Set.of(Object.class, String.class, Long.class, Integer.class,
            Short.class, Byte.class, Double.class, Float.class, Boolean.class, BigDecimal.class, BigInteger.class,
            Number.class, byte[].class, float[].class, double[].class, Date.class, Time.class, Timestamp.class,
            java.util.Date.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
            ZonedDateTime.class, Instant.class, UUID.class, Blob.class, Clob.class);

    private static final Object NOT_HANDLED = new Object();

    private static Object numberOrText(Object raw, Class<?> t, String column) throws SQLException {
        if (t == Object.class) {
            return raw instanceof byte[] b ? b.clone() : raw;
        }
        if (t == String.class) {
            return Conversions.string(raw);
        } else if (t == Long.class) {
            return Conversions.longValue(raw, column);
        } else if (t == Integer.class) {
            return Conversions.intValue(raw, column);
        } else if (t == Short.class) {
            return Conversions.shortValue(raw, column);
        } else if (t == Byte.class) {
            return Conversions.byteValue(raw, column);
        } else if (t == Double.class) {
            return Conversions.doubleValue(raw, column);
        } else if (t == Float.class) {
            return Conversions.floatValue(raw, column);
        } else if (t == Boolean.class) {
            return Conversions.booleanValue(raw, column);
        } else if (t == BigDecimal.class) {
            return Conversions.bigDecimal(raw, column);
        } else if (t == BigInteger.class) {
            return Conversions.bigInteger(raw, column);
        } else if (t == Number.class) {
            return raw instanceof Number ? raw : Conversions.bigDecimal(raw, column);
        } else if (t == byte[].class) {
            return Conversions.bytes(raw);
        } else if (t == float[].class) {
            return Conversions.floats(raw, column);
        } else if (t == double[].class) {
            return Conversions.doubles(raw, column);
        }
        return NOT_HANDLED;
    }

    private static Object other(Object raw, Class<?> t, String column) throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        if (t == LocalDate.class) {
            return Temporals.localDateTime(raw, zone, column).toLocalDate();
        } else if (t == LocalTime.class) {
            return Temporals.localTime(raw, zone, column);
        } else if (t == LocalDateTime.class) {
            return Temporals.localDateTime(raw, zone, column);
        } else if (t == OffsetDateTime.class) {
            return Temporals.offsetDateTime(raw, column);
        } else if (t == ZonedDateTime.class) {
            return Temporals.offsetDateTime(raw, column).toZonedDateTime();
        } else if (t == Instant.class) {
            return Temporals.instant(raw, zone, column);
        } else if (t == Timestamp.class || t == java.util.Date.class) {
            return Timestamp.from(Temporals.instant(raw, zone, column));
        } else if (t == Date.class) {
            return Date.valueOf(Temporals.localDateTime(raw, zone, column).toLocalDate());
        } else if (t == Time.class) {
            return Time.valueOf(Temporals.localTime(raw, zone, column));
        } else if (t == UUID.class) {
            return uuid(raw, column);
        } else if (t == Blob.class) {
            return new SerialBlob(Conversions.bytes(raw));
        }
        return new SerialClob(Conversions.string(raw).toCharArray());
    }

    private static UUID uuid(Object raw, String column) throws SQLException {
        try {
            return UUID.fromString(Conversions.string(raw).trim());
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLDataException("column " + column + " holds " + Conversions.describe(raw)
                    + ", not a UUID", "22018", e);
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == long.class) {
            return Long.class;
        } else if (type == int.class) {
            return Integer.class;
        } else if (type == short.class) {
            return Short.class;
        } else if (type == byte.class) {
            return Byte.class;
        } else if (type == double.class) {
            return Double.class;
        } else if (type == float.class) {
            return Float.class;
        } else if (type == boolean.class) {
            return Boolean.class;
        }
        return type;
    }
}
