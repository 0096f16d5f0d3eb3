package io.vecbox.jdbc;

import java.sql.Types;
import java.util.List;
import java.util.Locale;

/**
 * Maps a column's declared type, as SQLite keeps it, to a {@link Types} constant. SQLite decides a
 * column's affinity by looking for substrings in the declared type, first match wins
 * (https://www.sqlite.org/datatype3.html, "Determination Of Column Affinity"); this mapping follows
 * the same order and, where it can, sqlite-jdbc's {@code DatabaseMetaData.getColumns}:
 * <ol>
 *   <li>sqlite-vec's vector types, {@code float[N]}, {@code int8[N]}, {@code bit[N]} (a {@code [}
 *       in the type) → {@link Types#BLOB}: a vector is stored as a blob;</li>
 *   <li>{@code INT} (also {@code BOOL}, as sqlite-jdbc) → {@link Types#INTEGER};</li>
 *   <li>{@code CHAR}, {@code CLOB}, {@code TEXT} → {@link Types#VARCHAR};</li>
 *   <li>{@code BLOB}, or no declared type at all → {@link Types#BLOB}. sqlite-jdbc says
 *       {@code VARCHAR} here; vecbox does not, because clients bind by the reported type
 *       (Spring's {@code SimpleJdbcInsert} calls {@code setString(value.toString())} for a
 *       {@code VARCHAR} column), and vec0 declares its vector columns with no type;</li>
 *   <li>{@code REAL}, {@code FLOA}, {@code DOUB}, {@code DEC}, {@code NUM} → {@link Types#FLOAT},
 *       as sqlite-jdbc;</li>
 *   <li>anything else ({@code DATE}, {@code DATETIME}, …) → {@link Types#VARCHAR}, as sqlite-jdbc:
 *       SQLite keeps dates as text.</li>
 * </ol>
 * The same rules exist twice: in Java ({@link #jdbcType}) and as an SQL {@code CASE}
 * ({@link #sqlCase}) for the catalog queries, which run in the worker; a test holds them equal.
 */
final class SqliteTypes {
    private record Rule(int jdbcType, List<String> substrings, boolean matchesEmpty) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Types.BLOB, List.of("["), false),
            new Rule(Types.INTEGER, List.of("INT", "BOOL"), false),
            new Rule(Types.VARCHAR, List.of("CHAR", "CLOB", "TEXT"), false),
            new Rule(Types.BLOB, List.of("BLOB"), true),
            new Rule(Types.FLOAT, List.of("REAL", "FLOA", "DOUB", "DEC", "NUM"), false));

    private static final int OTHERWISE = Types.VARCHAR;

    private SqliteTypes() {
    }

    /**
     * @param declaredType the type as declared in {@code CREATE TABLE}, e.g. {@code varchar(20)};
     *     {@code null} or blank when the column has none
     * @return the {@link Types} constant for it
     */
    static int jdbcType(String declaredType) {
        String t = declaredType == null ? "" : declaredType.trim().toUpperCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (t.isEmpty() ? r.matchesEmpty() : r.substrings().stream().anyMatch(t::contains)) {
                return r.jdbcType();
            }
        }
        return OTHERWISE;
    }

    /**
     * @param upperTypeExpr an SQL expression giving the declared type, trimmed and upper-cased
     * @return an SQL {@code CASE} expression computing {@link #jdbcType} of it
     */
    static String sqlCase(String upperTypeExpr) {
        StringBuilder sql = new StringBuilder("CASE");
        for (Rule r : RULES) {
            sql.append(" WHEN ");
            if (r.matchesEmpty()) {
                sql.append(upperTypeExpr).append(" = '' OR ");
            }
            for (int i = 0; i < r.substrings().size(); i++) {
                if (i > 0) {
                    sql.append(" OR ");
                }
                // instr, not LIKE: LIKE would treat '_' and '%' in a type name as wildcards
                sql.append("instr(").append(upperTypeExpr).append(", '").append(r.substrings().get(i)).append("') > 0");
            }
            sql.append(" THEN ").append(r.jdbcType());
        }
        return sql.append(" ELSE ").append(OTHERWISE).append(" END").toString();
    }
}
