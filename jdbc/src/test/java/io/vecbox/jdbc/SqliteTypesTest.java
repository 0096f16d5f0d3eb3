package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTypesTest {
    private static final List<String> DECLARED = List.of("INTEGER", "int", "BIGINT", "UNSIGNED BIG INT", "BOOLEAN",
            "TEXT", "varchar(20)", "CHARACTER(10)", "NCHAR(55)", "CLOB", "BLOB", "", "  ", "REAL", "DOUBLE",
            "DOUBLE PRECISION", "FLOAT", "NUMERIC", "DECIMAL(10,5)", "DATE", "DATETIME", "TIMESTAMP", "JSON",
            "float[4]", "INT8[16]", "bit[8]", "CHARINT", "POINT", "my_type%");

    @Test
    void followsSqliteAffinityOrderWithSqliteJdbcNames() {
        assertThat(SqliteTypes.jdbcType("INTEGER")).isEqualTo(Types.INTEGER);
        assertThat(SqliteTypes.jdbcType("unsigned big int")).isEqualTo(Types.INTEGER);
        assertThat(SqliteTypes.jdbcType("BOOLEAN")).isEqualTo(Types.INTEGER);
        assertThat(SqliteTypes.jdbcType("varchar(20)")).isEqualTo(Types.VARCHAR);
        assertThat(SqliteTypes.jdbcType("CLOB")).isEqualTo(Types.VARCHAR);
        assertThat(SqliteTypes.jdbcType("BLOB")).isEqualTo(Types.BLOB);
        assertThat(SqliteTypes.jdbcType("")).isEqualTo(Types.BLOB);
        assertThat(SqliteTypes.jdbcType(null)).isEqualTo(Types.BLOB);
        assertThat(SqliteTypes.jdbcType("DOUBLE PRECISION")).isEqualTo(Types.FLOAT);
        assertThat(SqliteTypes.jdbcType("DECIMAL(10,5)")).isEqualTo(Types.FLOAT);
        assertThat(SqliteTypes.jdbcType("DATETIME")).isEqualTo(Types.VARCHAR);
        assertThat(SqliteTypes.jdbcType("float[4]")).isEqualTo(Types.BLOB);
        assertThat(SqliteTypes.jdbcType("int8[16]")).isEqualTo(Types.BLOB);
        // first match wins, as in SQLite: "POINT" holds "INT", "CHARINT" holds "INT" before "CHAR"
        assertThat(SqliteTypes.jdbcType("POINT")).isEqualTo(Types.INTEGER);
        assertThat(SqliteTypes.jdbcType("CHARINT")).isEqualTo(Types.INTEGER);
    }

    @Test
    void sqlCaseGivesTheSameAnswerAsJava(@TempDir Path dir) throws Exception {
        try (Connection c = InProcessSqlite.open(dir);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + SqliteTypes.sqlCase("u") + " FROM (SELECT upper(trim(?)) AS u)")) {
            for (String declared : DECLARED) {
                ps.setString(1, declared);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(declared).isEqualTo(SqliteTypes.jdbcType(declared));
                }
            }
        }
    }
}
