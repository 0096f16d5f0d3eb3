package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The Java replacements of sqlite-jdbc's extension string functions, in process: on valid input
 * (and only there is it safe to call the native ones) they give exactly the native results; past
 * their bounds they refuse instead of corrupting memory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedFunctionsTest {
    private static final List<Object> TEXTS = Arrays.asList(null, "", "a", "abc", "héllo wörld", "日本語テキスト",
            "emoji 😀 end", "  two  words\tand TABS", "MiXeD cAsE", "o'neil", 42L, 1.5, -7L);
    private static final List<Object> COUNTS = Arrays.asList(null, -1L, 0L, 1L, 2L, 3L, 5L, 17L, "4", "x", 2.9);
    private static final List<Object> NEEDLES = Arrays.asList(null, "", "a", "b", "lo", "ö", "😀", "zz", "wörld", 4L);

    SQLiteConnection nativeConn;
    SQLiteConnection javaConn;

    @BeforeEach
    void open() throws SQLException {
        nativeConn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:");
        javaConn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:");
        BoundedFunctions.register(javaConn, List.copyOf(BoundedFunctions.ARITIES.keySet()));
    }

    @AfterEach
    void close() throws SQLException {
        nativeConn.close();
        javaConn.close();
    }

    @Test
    void giveTheNativeResultsOnValidInput() throws SQLException {
        int compared = 0;
        for (Object s : TEXTS) {
            for (String f : List.of("reverse", "proper")) {
                compared += compare(f, s);
            }
            for (Object n : COUNTS) {
                for (String f : List.of("replicate", "padl", "padr", "padc", "leftstr", "rightstr")) {
                    // the native rightstr walks past its string for a negative count: not on this JVM
                    if (!(f.equals("rightstr") && n instanceof Long l && l < 0)) {
                        compared += compare(f, s, n);
                    }
                }
            }
            for (Object t : TEXTS) {
                compared += compare("strfilter", s, t);
            }
            for (Object needle : NEEDLES) {
                compared += compare("charindex", needle, s);
                for (Object start : Arrays.asList(null, -5L, 0L, 1L, 2L, 3L, 100L)) {
                    compared += compare("charindex", needle, s, start);
                }
            }
        }
        assertThat(compared).isGreaterThan(1500);
    }

    @Test
    void replaceEveryArityTheNativeFunctionsHave() throws SQLException {
        List<String> nativeArities = new ArrayList<>();
        try (PreparedStatement ps = nativeConn.prepareStatement(
                "select name, narg from pragma_function_list where builtin = 0 order by name, narg");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (BoundedFunctions.ARITIES.containsKey(rs.getString(1))) {
                    nativeArities.add(rs.getString(1) + "/" + rs.getInt(2));
                }
            }
        }
        List<String> ours = new ArrayList<>();
        BoundedFunctions.ARITIES.forEach((name, arities) -> arities.forEach(n -> ours.add(name + "/" + n)));
        assertThat(nativeArities).containsExactlyInAnyOrderElementsOf(ours);
    }

    @Test
    void refuseResultsPastTheLengthLimitWithSqliteTooBig() throws SQLException {
        javaConn.close();
        javaConn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:");
        javaConn.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, 1000);
        BoundedFunctions.register(javaConn, List.of("replicate", "padl", "padc"));
        assertThat(call(javaConn, "replicate", "ab", 500L)).isEqualTo("ab".repeat(500));
        assertThatThrownBy(() -> call(javaConn, "replicate", "ab", 501L))
                .hasMessageContaining("replicate(): 501 copies of 2 bytes make a result of 1002 bytes")
                .hasMessageContaining("limit of 1000 bytes").hasMessageNotContaining("Exception");
        assertThat(BoundedFunctions.takeRefusal()).contains("replicate()");
        assertThat(BoundedFunctions.takeRefusal()).isNull();
        assertThatThrownBy(() -> call(javaConn, "replicate", "xxxxxxxx", 4611686018427387904L))
                .hasMessageContaining("make a result of 36893488147419103232 bytes");
        assertThatThrownBy(() -> call(javaConn, "padl", "x", 4294967300L))
                .hasMessageContaining("padl(): padding to 4294967300 characters makes a result of 4294967300 bytes");
        assertThat((String) call(javaConn, "padc", "x", 1000L)).hasSize(1000);
        assertThat(call(javaConn, "replicate", "", Long.MAX_VALUE)).isEqualTo("");
    }

    @Test
    void clampCountsTheNativeFunctionsGetWrong() throws SQLException {
        assertThat(call(javaConn, "rightstr", "abc", -100_000_000L)).isEqualTo("");
        assertThat(call(javaConn, "rightstr", "abc", 4294967297L)).isEqualTo("c"); // 32-bit count, as native
        assertThat(call(javaConn, "leftstr", "abc", -1L)).isEqualTo("");
        assertThat(call(javaConn, "charindex", "b", "abc", -2147483648L)).isEqualTo(2); // C: INT_MIN - 1
        assertThat(call(javaConn, "replicate", "a\0b", 3L)).isEqualTo("aaa"); // text ends at its first NUL
    }

    @Test
    void searchAndFilterInLinearTime() throws SQLException {
        // Quadratic algorithms would run for hours on these; the test's timeout would catch them.
        String haystack = "a".repeat(4_000_000);
        String needle = "a".repeat(2_000_000) + "b";
        assertThat(BoundedFunctions.charindex(needle, haystack, 1)).isZero();
        assertThat(BoundedFunctions.charindex("a".repeat(2_000_000), haystack + "b", 1)).isEqualTo(1);
        assertThat(BoundedFunctions.strfilter(haystack, "b".repeat(4_000_000) + "a")).hasSize(4_000_000);
    }

    @Test
    void refuseNamesWithoutAnImplementation() {
        assertThatThrownBy(() -> BoundedFunctions.register(javaConn, List.of("instr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no bounded implementation of function instr()")
                .hasMessageContaining("replicate");
    }

    private int compare(String function, Object... args) throws SQLException {
        String expected = outcome(nativeConn, function, args);
        String actual = outcome(javaConn, function, args);
        assertThat(actual).as("%s%s", function, Arrays.toString(args)).isEqualTo(expected);
        return 1;
    }

    private static String outcome(Connection c, String function, Object... args) {
        try {
            Object v = call(c, function, args);
            return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
        } catch (SQLException e) {
            return "error:" + e.getMessage();
        }
    }

    private static Object call(Connection c, String function, Object... args) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(args.length, "?"));
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(" + marks + ")")) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }
}
