package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.protocol.Values;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class VecboxResultSetTest {
    private static VecboxResultSet rs(List<String> columns, List<Object>... rows) {
        return VecboxResultSet.inMemory(null, columns, Arrays.asList(rows));
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void gettersConvertAsJdbcAsks() throws SQLException {
        ResultSet r = rs(List.of("i", "d", "t", "n"), row(42L, 2.75, "17", null));
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).isEqualTo(42);
        assertThat(r.getInt(1)).isEqualTo(42);
        assertThat(r.getShort(1)).isEqualTo((short) 42);
        assertThat(r.getByte(1)).isEqualTo((byte) 42);
        assertThat(r.getDouble(1)).isEqualTo(42.0);
        assertThat(r.getString(1)).isEqualTo("42");
        assertThat(r.getBigDecimal(1)).isEqualTo(BigDecimal.valueOf(42));
        assertThat(r.getBoolean(1)).isTrue();
        assertThat(r.getLong(2)).isEqualTo(2);
        assertThat(r.getFloat(2)).isEqualTo(2.75f);
        assertThat(r.getString(2)).isEqualTo("2.75");
        assertThat(r.getInt(3)).isEqualTo(17);
        assertThat(r.getDouble(3)).isEqualTo(17.0);
        assertThat(r.getBytes(3)).containsExactly('1', '7');
        assertThat(r.wasNull()).isFalse();
        assertThat(r.getInt(4)).isZero();
        assertThat(r.wasNull()).isTrue();
        assertThat(r.getBoolean(4)).isFalse();
        assertThat(r.getString(4)).isNull();
        assertThat(r.getObject(4)).isNull();
        assertThat(r.getBigDecimal(4)).isNull();
        assertThat(r.getObject(1)).isEqualTo(42L);
        assertThat(r.getObject(2)).isEqualTo(2.75);
        assertThat(r.next()).isFalse();
    }

    @Test
    void whatWouldLoseTheValueThrows() throws SQLException {
        ResultSet r = rs(List.of("t", "big", "blob"), row("abc", 1L << 40, new byte[] {1}));
        r.next();
        assertThatThrownBy(() -> r.getInt(1)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("column 1 ('t') holds the text 'abc', not a number")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22018"));
        assertThatThrownBy(() -> r.getInt(2)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("beyond int's range")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
        assertThatThrownBy(() -> r.getLong(3)).hasMessageContaining("a blob of 1 bytes, not a number");
        assertThat(r.getLong(2)).isEqualTo(1L << 40);
    }

    @Test
    void labelsMatchExactlyThenCaseInsensitively() throws SQLException {
        ResultSet r = rs(List.of("Id", "id", "Name"), row(1L, 2L, "x"));
        r.next();
        assertThat(r.findColumn("Id")).isEqualTo(1);
        assertThat(r.findColumn("id")).isEqualTo(2);
        assertThat(r.findColumn("NAME")).isEqualTo(3);
        assertThat(r.getString("name")).isEqualTo("x");
        assertThat(r.getLong("id")).isEqualTo(2);
        assertThatThrownBy(() -> r.findColumn("nope")).hasMessageContaining("no column 'nope' in [Id, id, Name]")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S22"));
    }

    @Test
    void vectorsReadAsFloatArrays() throws SQLException {
        float[] v = {0.5f, -1f, 3.25f};
        ResultSet r = rs(List.of("embedding", "odd"), row(Values.floatsToBlob(v), new byte[] {1, 2, 3}));
        r.next();
        assertThat(r.getObject(1, float[].class)).containsExactly(v);
        assertThat(r.getObject("embedding", double[].class)).containsExactly(0.5, -1.0, 3.25);
        assertThat(r.getObject(1)).isInstanceOf(byte[].class);
        assertThatThrownBy(() -> r.getObject(2, float[].class)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("not a float32 vector blob");
        Blob b = r.getBlob(2);
        assertThat(b.getBytes(1, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void getObjectWithAClass() throws SQLException {
        ResultSet r = rs(List.of("i", "t", "n"), row(7L, "2024-01-31 13:45:00", null));
        r.next();
        assertThat(r.getObject(1, Integer.class)).isEqualTo(7);
        assertThat(r.getObject(1, long.class)).isEqualTo(7L);
        assertThat(r.getObject(1, String.class)).isEqualTo("7");
        assertThat(r.getObject(1, BigDecimal.class)).isEqualTo(BigDecimal.valueOf(7));
        assertThat(r.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 31, 13, 45));
        assertThat(r.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(r.getObject(3, Integer.class)).isNull();
        assertThat(r.getObject(3, float[].class)).isNull();
        assertThatThrownBy(() -> r.getObject(1, Thread.class)).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("getObject cannot give a java.lang.Thread");
    }

    @Test
    void datesAndTimesReadFromIsoTextUnixMillisAndJulianDays() throws SQLException {
        long millis = Instant.parse("2024-01-31T13:45:00Z").toEpochMilli();
        ResultSet r = rs(List.of("text", "t", "millis", "julian", "offset", "time"),
                row("2024-01-31 13:45:00.25", "2024-01-31T13:45:00", millis, 2460341.0729166665,
                        "2024-01-31 13:45:00+02:00", "13:45:30"));
        r.next();
        assertThat(r.getTimestamp(1)).isEqualTo(Timestamp.valueOf("2024-01-31 13:45:00.25"));
        assertThat(r.getTimestamp(2)).isEqualTo(Timestamp.valueOf("2024-01-31 13:45:00"));
        assertThat(r.getDate(1)).isEqualTo(Date.valueOf("2024-01-31"));
        assertThat(r.getTime(6)).isEqualTo(Time.valueOf("13:45:30"));
        assertThat(r.getObject(6, LocalTime.class)).isEqualTo(LocalTime.of(13, 45, 30));
        assertThat(r.getTimestamp(3).toInstant()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(r.getTimestamp(4).toInstant()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThat(r.getObject(5, OffsetDateTime.class))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 13, 45, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(r.getTimestamp(5).toInstant()).isEqualTo(Instant.parse("2024-01-31T11:45:00Z"));
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        assertThat(r.getTimestamp(2, utc).toInstant()).isEqualTo(Instant.ofEpochMilli(millis));
        assertThatThrownBy(() -> r.getTimestamp(6)).isInstanceOf(SQLDataException.class);
    }

    @Test
    void metaDataTypesComeFromTheFirstRow() throws SQLException {
        ResultSet r = rs(List.of("i", "d", "t", "b", "n"), row(1L, 1.5, "x", new byte[0], null), row(null, null,
                null, null, 2L));
        ResultSetMetaData m = r.getMetaData();
        assertThat(m.getColumnCount()).isEqualTo(5);
        assertThat(m.getColumnLabel(3)).isEqualTo("t");
        assertThat(m.getColumnName(3)).isEqualTo("t");
        assertThat(new int[] {m.getColumnType(1), m.getColumnType(2), m.getColumnType(3), m.getColumnType(4),
                m.getColumnType(5)}).containsExactly(Types.BIGINT, Types.DOUBLE, Types.VARCHAR, Types.BLOB, Types.NULL);
        assertThat(m.getColumnTypeName(1)).isEqualTo("BIGINT");
        assertThat(m.getColumnClassName(4)).isEqualTo("[B");
        assertThat(m.isNullable(1)).isEqualTo(ResultSetMetaData.columnNullableUnknown);
        assertThat(m.isReadOnly(1)).isTrue();
        assertThatThrownBy(() -> m.getColumnType(6)).hasMessageContaining("no column 6");
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).isEqualTo(1);
    }

    @Test
    void emptyResultHasColumnsOfUnknownType() throws SQLException {
        ResultSet r = rs(List.of("a"));
        assertThat(r.getMetaData().getColumnType(1)).isEqualTo(Types.NULL);
        assertThat(r.isBeforeFirst()).isFalse();
        assertThat(r.next()).isFalse();
        assertThat(r.isAfterLast()).isFalse();
    }

    @Test
    void positionsAndCursorErrors() throws SQLException {
        ResultSet r = rs(List.of("a"), row(1L), row(2L));
        assertThatThrownBy(() -> r.getLong(1)).hasMessageContaining("call next() first");
        assertThat(r.isBeforeFirst()).isTrue();
        r.next();
        assertThat(r.isFirst()).isTrue();
        assertThat(r.isLast()).isFalse();
        assertThat(r.getRow()).isEqualTo(1);
        assertThatThrownBy(() -> r.getLong(2)).hasMessageContaining("no column 2: the result has 1");
        r.next();
        assertThat(r.isLast()).isTrue();
        assertThat(r.next()).isFalse();
        assertThat(r.isAfterLast()).isTrue();
        assertThatThrownBy(() -> r.getLong(1)).hasMessageContaining("next() has returned false");
        r.close();
        assertThat(r.isClosed()).isTrue();
        assertThatThrownBy(r::next).hasMessageContaining("closed");
    }

    @Test
    void maxRowsStopsReading() throws SQLException {
        ResultSet r = new VecboxResultSet(null, new ListRows(List.of("a"), List.of(row(1L), row(2L), row(3L))), 2, 0);
        assertThat(r.next()).isTrue();
        assertThat(r.next()).isTrue();
        assertThat(r.isLast()).isTrue();
        assertThat(r.next()).isFalse();
    }

    @Test
    void forwardOnlyAndReadOnlySayWhatToDoInstead() throws SQLException {
        ResultSet r = rs(List.of("a"), row(1L));
        assertThat(r.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
        assertThat(r.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(r.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        assertThatThrownBy(r::previous).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("forward-only");
        assertThatThrownBy(() -> r.updateLong(1, 2)).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("UPDATE, INSERT or DELETE");
        assertThatThrownBy(() -> r.getArray(1)).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("SQLite has no ARRAY");
        assertThatThrownBy(() -> r.setFetchDirection(ResultSet.FETCH_REVERSE))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void cancelStopsTheReaderWithHy008() throws SQLException {
        VecboxResultSet r = rs(List.of("a"), row(1L), row(2L));
        r.next();
        r.cancel("Statement.cancel() was called");
        assertThatThrownBy(r::next).hasMessageContaining("Statement.cancel() was called")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY008"));
    }

    @Test
    void aPassedDeadlineStopsReadingWithATimeout() throws SQLException {
        VecboxResultSet r = new VecboxResultSet(null, new ListRows(List.of("a"), List.of(row(1L))), 0,
                System.nanoTime() - 1);
        assertThatThrownBy(r::next).isInstanceOf(java.sql.SQLTimeoutException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
    }
}
