package io.vecbox.jdbc;

import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;

/**
 * Dates and times as SQLite keeps them: ISO-8601 text that its date functions ({@code date()},
 * {@code datetime()}, {@code julianday()}, {@code strftime()}) read and write.
 *
 * <ul>
 *   <li>written: a date as {@code 2024-01-31}, a time as {@code 13:45:00[.123]}, a timestamp as
 *       {@code 2024-01-31 13:45:00[.123456789]} (the wall-clock time in the JVM's zone, or in the
 *       {@code Calendar}'s zone when one is given; no offset, as {@code CURRENT_TIMESTAMP} writes
 *       it, but in UTC); an {@code OffsetDateTime}, {@code ZonedDateTime} or {@code Instant}
 *       with its offset ({@code +02:00}, {@code Z}), which SQLite's functions turn into UTC;</li>
 *   <li>read: that text, with a {@code T} or a space between date and time, seconds and fraction
 *       optional, an offset optional; an integer as Unix time in milliseconds (the convention of
 *       sqlite-jdbc's default date storage); a real as a Julian day number (SQLite's
 *       {@code julianday()}).</li>
 * </ul>
 */
final class Temporals {
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').append(TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter WRITE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter();
    private static final DateTimeFormatter WRITE_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(WRITE_TIME).toFormatter();
    private static final DateTimeFormatter WRITE_OFFSET = new DateTimeFormatterBuilder()
            .append(WRITE_DATE_TIME).appendOffset("+HH:MM", "Z").toFormatter();
    private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private Temporals() {
    }

    /** @return the text stored for a date: {@code yyyy-MM-dd} */
    static String format(LocalDate date) {
        return date.toString();
    }

    /** @return the text stored for a time: {@code HH:mm:ss}, with a fraction if it has one */
    static String format(LocalTime time) {
        return WRITE_TIME.format(time);
    }

    /** @return the text stored for a timestamp: {@code yyyy-MM-dd HH:mm:ss}, with a fraction if it has one */
    static String format(LocalDateTime dateTime) {
        return WRITE_DATE_TIME.format(dateTime);
    }

    /** @return the text stored for a point in time with an offset: {@code yyyy-MM-dd HH:mm:ss+02:00} or {@code ...Z} */
    static String format(OffsetDateTime dateTime) {
        return WRITE_OFFSET.format(dateTime);
    }

    /** @return a {@code Timestamp} as the wall-clock text of {@code cal}'s zone, or the JVM's if null */
    static String format(Timestamp ts, Calendar cal) {
        return cal == null ? format(ts.toLocalDateTime())
                : format(LocalDateTime.ofInstant(ts.toInstant(), cal.getTimeZone().toZoneId()));
    }

    /** @return a {@code Date} as {@code yyyy-MM-dd} in {@code cal}'s zone, or the JVM's if null */
    static String format(Date date, Calendar cal) {
        return cal == null ? format(date.toLocalDate())
                : format(Instant.ofEpochMilli(date.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate());
    }

    /** @return a {@code Time} as {@code HH:mm:ss[.SSS]} in {@code cal}'s zone, or the JVM's if null */
    static String format(Time time, Calendar cal) {
        ZoneId zone = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
        return format(Instant.ofEpochMilli(time.getTime()).atZone(zone).toLocalTime());
    }

    /**
     * @param raw a stored value (text, integer, real)
     * @param zone the zone of wall-clock text without an offset
     * @param column the column, for messages
     * @return the point in time
     * @throws SQLDataException (22007) if the value is no date or time SQLite would read
     */
    static Instant instant(Object raw, ZoneId zone, String column) throws SQLException {
        if (raw instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        if (raw instanceof Double julian) {
            return Instant.ofEpochMilli(Math.round((julian - UNIX_EPOCH_JULIAN_DAY) * MILLIS_PER_DAY));
        }
        TemporalAccessor t = parse(raw, column);
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (t instanceof LocalDateTime l) {
            return l.atZone(zone).toInstant();
        }
        return ((LocalDate) t).atStartOfDay(zone).toInstant();
    }

    /**
     * @param raw a stored value
     * @param zone the zone of integers, reals and text with an offset
     * @param column the column, for messages
     * @return the wall-clock date and time the value holds
     * @throws SQLDataException (22007) if the value is no date or time SQLite would read
     */
    static LocalDateTime localDateTime(Object raw, ZoneId zone, String column) throws SQLException {
        if (raw instanceof String) {
            TemporalAccessor t = parse(raw, column);
            if (t instanceof LocalDateTime l) {
                return l;
            }
            if (t instanceof LocalDate d) {
                return d.atStartOfDay();
            }
        }
        return LocalDateTime.ofInstant(instant(raw, zone, column), zone);
    }

    /**
     * @param raw a stored value: a time of day ({@code 13:45[:00[.5]]}) or anything
     *     {@link #localDateTime} reads
     * @param zone as {@link #localDateTime}
     * @param column the column, for messages
     * @return the time of day
     * @throws SQLDataException (22007) if the value is no time
     */
    static LocalTime localTime(Object raw, ZoneId zone, String column) throws SQLException {
        if (raw instanceof String s && s.length() >= 3 && s.charAt(2) == ':') {
            try {
                return LocalTime.from(TIME.parse(s.trim()));
            } catch (DateTimeParseException e) {
                throw notTemporal(raw, column, e);
            }
        }
        return localDateTime(raw, zone, column).toLocalTime();
    }

    /**
     * @param raw a stored value
     * @param column the column, for messages
     * @return the value with its offset: text with one as written, text without one in UTC (as
     *     SQLite's functions read it), an integer or real as that instant in UTC
     * @throws SQLDataException (22007) if the value is no date or time
     */
    static OffsetDateTime offsetDateTime(Object raw, String column) throws SQLException {
        if (raw instanceof String) {
            TemporalAccessor t = parse(raw, column);
            if (t instanceof OffsetDateTime o) {
                return o;
            }
        }
        return instant(raw, ZoneOffset.UTC, column).atOffset(ZoneOffset.UTC);
    }

    /** @return the zone of {@code cal}, or the JVM's default zone if null */
    static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    /** @return the text stored for a {@code ZonedDateTime}: with its offset */
    static String format(ZonedDateTime z) {
        return format(z.toOffsetDateTime());
    }

    private static TemporalAccessor parse(Object raw, String column) throws SQLException {
        if (!(raw instanceof String s)) {
            throw notTemporal(raw, column, null);
        }
        String text = s.trim();
        if (text.length() > 10 && (text.charAt(10) == 'T' || text.charAt(10) == 't')) {
            text = text.substring(0, 10) + ' ' + text.substring(11);
        }
        try {
            return DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw notTemporal(raw, column, e);
        }
    }

    private static SQLDataException notTemporal(Object raw, String column, Exception cause) {
        return new SQLDataException("column " + column + " holds " + Conversions.describe(raw)
                + ", not a date or time (ISO-8601 text such as 2024-01-31 13:45:00, Unix milliseconds as an integer, "
                + "or a Julian day as a real)", "22007", cause);
    }
}
