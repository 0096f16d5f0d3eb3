package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParametersTest {
    @Test
    void javaValuesBecomeSqliteStorageClasses() throws SQLException {
        assertThat(Parameters.convert(null)).isNull();
        assertThat(Parameters.convert(5)).isEqualTo(5L);
        assertThat(Parameters.convert((short) 5)).isEqualTo(5L);
        assertThat(Parameters.convert((byte) 5)).isEqualTo(5L);
        assertThat(Parameters.convert(true)).isEqualTo(1L);
        assertThat(Parameters.convert(false)).isEqualTo(0L);
        assertThat(Parameters.convert(1.5f)).isEqualTo(1.5d);
        assertThat(Parameters.convert(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Parameters.convert(new BigDecimal("0.10"))).isEqualTo("0.10");
        assertThat(Parameters.convert(BigInteger.TEN)).isEqualTo(10L);
        assertThat(Parameters.convert(BigInteger.TWO.pow(70))).isEqualTo("1180591620717411303424");
        UUID u = UUID.randomUUID();
        assertThat(Parameters.convert(u)).isEqualTo(u.toString());
    }

    @Test
    void vectorsStayVectorsAndArraysAreCopied() throws SQLException {
        float[] f = {1f, 2f};
        assertThat(Parameters.convert(f)).isSameAs(f);
        double[] d = {1, 2};
        assertThat(Parameters.convert(d)).isEqualTo(d).isNotSameAs(d);
        byte[] b = {1, 2};
        assertThat(Parameters.convert(b)).isEqualTo(b).isNotSameAs(b);
    }

    @Test
    void datesAndTimesAreIsoText() throws SQLException {
        assertThat(Parameters.convert(Date.valueOf("2024-01-31"))).isEqualTo("2024-01-31");
        assertThat(Parameters.convert(Time.valueOf("13:45:00"))).isEqualTo("13:45:00");
        assertThat(Parameters.convert(Timestamp.valueOf("2024-01-31 13:45:00"))).isEqualTo("2024-01-31 13:45:00");
        assertThat(Parameters.convert(Timestamp.valueOf("2024-01-31 13:45:00.123456789")))
                .isEqualTo("2024-01-31 13:45:00.123456789");
        assertThat(Parameters.convert(LocalDate.of(2024, 1, 31))).isEqualTo("2024-01-31");
        assertThat(Parameters.convert(LocalTime.of(13, 45))).isEqualTo("13:45:00");
        assertThat(Parameters.convert(LocalDateTime.of(2024, 1, 31, 13, 45, 0, 500_000_000)))
                .isEqualTo("2024-01-31 13:45:00.5");
        assertThat(Parameters.convert(OffsetDateTime.of(2024, 1, 31, 13, 45, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("2024-01-31 13:45:00+02:00");
        assertThat(Parameters.convert(Instant.parse("2024-01-31T13:45:00Z"))).isEqualTo("2024-01-31 13:45:00Z");
    }

    @Test
    void aCalendarSetsTheZoneOfTheWallClockText() {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Timestamp ts = Timestamp.from(Instant.parse("2024-01-31T13:45:00Z"));
        assertThat(Temporals.format(ts, utc)).isEqualTo("2024-01-31 13:45:00");
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        assertThat(Temporals.format(ts, tokyo)).isEqualTo("2024-01-31 22:45:00");
    }

    @Test
    void targetSqlTypesConvert() throws SQLException {
        assertThat(Parameters.convert("42", Types.INTEGER)).isEqualTo(42L);
        assertThat(Parameters.convert("2.5", Types.DOUBLE)).isEqualTo(2.5);
        assertThat(Parameters.convert(7, Types.VARCHAR)).isEqualTo("7");
        assertThat(Parameters.convert("true", Types.BOOLEAN)).isEqualTo(1L);
        assertThat(Parameters.convert(1.25, Types.DECIMAL)).isEqualTo("1.25");
        assertThat(Parameters.convert(new float[] {1f}, Types.BLOB)).isEqualTo(new float[] {1f});
        assertThat(Parameters.convert("x", Types.NULL)).isNull();
        assertThatThrownBy(() -> Parameters.convert("abc", Types.INTEGER)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> Parameters.convert(new float[] {1f}, Types.VARCHAR))
                .isInstanceOf(SQLDataException.class);
        assertThatThrownBy(() -> Parameters.convert("x", Types.ARRAY))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void unknownTypesAreRefusedNamingTheClass() {
        assertThatThrownBy(() -> Parameters.convert(new Object()))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("cannot bind a java.lang.Object");
    }

    @Test
    void everyParameterMustBeSet() throws SQLException {
        Parameters p = new Parameters();
        p.set(1, 1L);
        p.set(3, null);
        assertThat(p.highestSet()).isEqualTo(3);
        assertThatThrownBy(() -> p.values(3)).hasMessageContaining("parameter 2 is not set")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
        assertThatThrownBy(() -> p.values(2)).hasMessageContaining("parameter 3 is set, but the statement takes 2");
        p.set(2, "x");
        assertThat(p.values(3)).containsExactly(1L, "x", null);
        Parameters copy = p.copy();
        p.clear();
        assertThat(p.highestSet()).isZero();
        assertThat(copy.values(3)).containsExactly(1L, "x", null);
        assertThatThrownBy(() -> p.set(0, 1L)).hasMessageContaining("parameter index 0 < 1");
    }

    @Test
    void streamsAreReadWholeOrUpToTheLength() throws SQLException {
        assertThat(Parameters.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), -1)).containsExactly(1, 2, 3);
        assertThat(Parameters.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), 2)).containsExactly(1, 2);
        assertThat(Parameters.read(new StringReader("abcdef"), 4)).isEqualTo("abcd");
        assertThat(Parameters.read(new StringReader("abcdef"), -1)).isEqualTo("abcdef");
    }

    @Test
    void toStringNeverShowsValues() throws SQLException {
        Parameters p = new Parameters();
        p.set(1, "secret");
        assertThat(p.toString()).doesNotContain("secret");
    }

    @Test
    void transactionControlIsRecognisedAfterCommentsAndWhitespace() {
        assertThat(TransactionSql.firstKeyword("  -- c\n /* x */ begin immediate")).isEqualTo("BEGIN");
        assertThat(TransactionSql.firstKeyword("select 1")).isEqualTo("SELECT");
        assertThat(TransactionSql.firstKeyword("")).isEmpty();
        assertThatThrownBy(() -> TransactionSql.refuse("COMMIT")).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("setAutoCommit(false)");
        assertThatThrownBy(() -> TransactionSql.refuse("savepoint a"))
                .hasMessageContaining("savepoints are not supported");
        assertThatThrownBy(() -> TransactionSql.refuse("rollback to a"))
                .hasMessageContaining("savepoints are not supported");
        org.assertj.core.api.Assertions.assertThatCode(() -> TransactionSql.refuse("select 'begin'"))
                .doesNotThrowAnyException();
    }
}
