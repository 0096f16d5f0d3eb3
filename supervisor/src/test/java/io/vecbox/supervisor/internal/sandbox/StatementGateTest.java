package io.vecbox.supervisor.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementGateTest {
    private static final Set<String> ALLOWED_PRAGMAS = Set.of("pragma_table_info", "pragma_index_list");
    private static final Set<String> DENIED = Set.of("load_extension", "fts3_tokenizer", "readfile", "writefile");
    private static final int MAX = 10_000;

    private final StatementGate gate = new StatementGate(ALLOWED_PRAGMAS, DENIED, MAX);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "select 1",
            "select rowid, distance from items where embedding match ? and k = 10",
            "select rowid, distance from items where embedding match :q and k = 10 order by distance",
            "select a.id, b.name from a join b on a.id = b.a_id left outer join c using (id) where a.x in (1, 2)",
            "select * from t where exists (select 1 from u where u.id = t.id) and x in (select y from v)",
            "with x as (select 1) select * from x",
            "with x(a, b) as (select 1, 2), y as materialized (select a from x) select * from y",
            "with x as not materialized (select 1) select * from x",
            "with recursive cnt(n) as (select 1 union all select n + 1 from cnt where n < 10) select n from cnt",
            "with a(x) as (with b(y) as (select 1) select y from b), c as (select (1 + (2)) as z) select * from a, c",
            "with \"quoted name\" as (select 1) select * from \"quoted name\"",
            "with x as (select 1) values (1)",
            "values (1, 'a'), (2, 'b')",
            "explain query plan select * from items where id = ?",
            "explain select 1",
            "EXPLAIN QUERY PLAN WITH x AS (SELECT 1) SELECT * FROM x",
            "select id, row_number() over (partition by g order by id) as rn,"
                    + " sum(v) filter (where v > 0) over w from t window w as (order by id)",
            "select * from pragma_table_info('items')",
            "select name from main.pragma_table_info('items')",
            "select * from \"pragma_index_list\"('items')",
            "select 1;",
            "select 1;;",
            ";select 1",
            "select 1; -- trailing comment",
            "/* leading */ -- comment\nselect 1 /* trailing */",
            "select '; drop table x' as s",
            "select 'x''; delete from t; --' from t",
            "select \"insert\", [delete], `update` from t",
            "select replace('a', 'b', 'c')",
            "select 1 as \"select\"",
            "SELECT Id FROM Items WHERE Name LIKE 'a%' ORDER BY Id DESC LIMIT 5 OFFSET 10",
            "SeLeCt 1",
            "select json_extract(doc, '$.a') -> 'b', x'00ff', 1e5, .5, 0x1F from t",
            "select * from t where name like 'pragma_%'",
            "select 'see pragma_database_list in the docs'",
            "select 'pragma_'",
            "select load_extension from t",
            "select \"load_extension\" from t",
            "select vec_distance_l2(embedding, ?) from items",
            "select cast(x as text), case when a then b else c end from t",
    })
    void allows(String sql) {
        assertThat(gate.check(sql)).isEmpty();
    }

    static List<Arguments> denied() {
        return List.of(
                // writes, in every disguise
                Arguments.of("insert into t values (1)", Violation.WRITE),
                Arguments.of("update t set a = 1", Violation.WRITE),
                Arguments.of("delete from t", Violation.WRITE),
                Arguments.of("replace into t values (1)", Violation.WRITE),
                Arguments.of("/* x */ delete from t", Violation.WRITE),
                Arguments.of("-- x\ndelete from t", Violation.WRITE),
                Arguments.of("DeLeTe FROM t", Violation.WRITE),
                Arguments.of("with x as (select 1) delete from t where a in (select * from x)", Violation.WRITE),
                Arguments.of("with recursive x(n) as (select 1) insert into t select n from x", Violation.WRITE),
                Arguments.of("with a as (select ')'), b as (select \"(\") update t set c = 1", Violation.WRITE),
                Arguments.of("with x as materialized (select 1) replace into t select * from x", Violation.WRITE),
                Arguments.of("explain delete from t", Violation.WRITE),
                Arguments.of("explain query plan insert into t values (1)", Violation.WRITE),
                Arguments.of("explain query plan with x as (select 1) update t set a = 1", Violation.WRITE),
                Arguments.of(";;delete from t", Violation.WRITE),
                Arguments.of("insert into t select * from pragma_database_list", Violation.WRITE),
                // ddl
                Arguments.of("create table t (a)", Violation.DDL),
                Arguments.of("create temp view v as select 1", Violation.DDL),
                Arguments.of("create virtual table v using vec0(embedding float[4])", Violation.DDL),
                Arguments.of("drop table t", Violation.DDL),
                Arguments.of("alter table t add column b", Violation.DDL),
                // attach / detach
                Arguments.of("attach 'x.db' as x", Violation.ATTACH),
                Arguments.of("ATTACH DATABASE '/tmp/x.db' AS x", Violation.ATTACH),
                Arguments.of("detach x", Violation.ATTACH),
                // vacuum
                Arguments.of("vacuum", Violation.VACUUM),
                Arguments.of("vacuum into '/tmp/x.db'", Violation.VACUUM),
                Arguments.of("VACUUM main INTO '/tmp/x.db'", Violation.VACUUM),
                // pragma statements
                Arguments.of("pragma writable_schema=1", Violation.PRAGMA),
                Arguments.of("pragma query_only=0", Violation.PRAGMA),
                Arguments.of("PRAGMA main.journal_mode=delete", Violation.PRAGMA),
                Arguments.of("pragma table_info('items')", Violation.PRAGMA),
                Arguments.of("explain pragma query_only=0", Violation.PRAGMA),
                // pragma functions not on the allow-list
                Arguments.of("select * from pragma_database_list", Violation.PRAGMA),
                Arguments.of("select * from main.pragma_compile_options", Violation.PRAGMA),
                Arguments.of("select * from PRAGMA_DATABASE_LIST", Violation.PRAGMA),
                Arguments.of("select * from \"pragma_database_list\"", Violation.PRAGMA),
                Arguments.of("select * from [pragma_database_list]", Violation.PRAGMA),
                Arguments.of("select * from `main`.`pragma_compile_options`", Violation.PRAGMA),
                Arguments.of("select * from 'pragma_database_list'", Violation.PRAGMA),
                Arguments.of("select * from t join 'pragma_database_list'", Violation.PRAGMA),
                Arguments.of("select * from main.'pragma_database_list'", Violation.PRAGMA),
                Arguments.of("select * from 'pragma_table_list'('x')", Violation.PRAGMA),
                Arguments.of("select * from ('pragma_database_list')", Violation.PRAGMA),
                Arguments.of("select * from (('PRAGMA_DATABASE_LIST'))", Violation.PRAGMA),
                Arguments.of("select * from t where a in 'pragma_database_list'", Violation.PRAGMA),
                Arguments.of("select * from t where a in main.'pragma_database_list'", Violation.PRAGMA),
                // a known false positive, documented: such a string is refused even as data
                Arguments.of("select * from t where name = 'pragma_database_list'", Violation.PRAGMA),
                Arguments.of("select * from t, pragma_function_list() f", Violation.PRAGMA),
                Arguments.of("with x as (select * from pragma_database_list) select * from x", Violation.PRAGMA),
                Arguments.of("select (select file from pragma_database_list)", Violation.PRAGMA),
                // transaction control
                Arguments.of("begin", Violation.TRANSACTION),
                Arguments.of("begin immediate transaction", Violation.TRANSACTION),
                Arguments.of("commit", Violation.TRANSACTION),
                Arguments.of("end transaction", Violation.TRANSACTION),
                Arguments.of("rollback", Violation.TRANSACTION),
                Arguments.of("savepoint a", Violation.TRANSACTION),
                Arguments.of("release a", Violation.TRANSACTION),
                Arguments.of("release savepoint a", Violation.TRANSACTION),
                // maintenance
                Arguments.of("reindex", Violation.MAINTENANCE),
                Arguments.of("analyze t", Violation.MAINTENANCE),
                // anything else
                Arguments.of("(select 1)", Violation.STATEMENT_KIND),
                Arguments.of("\"select\" 1", Violation.STATEMENT_KIND),
                Arguments.of("explain", Violation.STATEMENT_KIND),
                Arguments.of("explain query plan", Violation.STATEMENT_KIND),
                Arguments.of("with x as (select 1)", Violation.STATEMENT_KIND),
                Arguments.of("with x as (select 1", Violation.STATEMENT_KIND),
                Arguments.of("with x (select 1) select 1", Violation.STATEMENT_KIND),
                Arguments.of("with x as not (select 1) select 1", Violation.STATEMENT_KIND),
                Arguments.of("with x as (select 1), select 1", Violation.STATEMENT_KIND),
                Arguments.of("with x as (select 1) with y as (select 2) select 1", Violation.STATEMENT_KIND),
                Arguments.of("with x as (select 1) (select 1)", Violation.STATEMENT_KIND),
                Arguments.of("selectx 1", Violation.STATEMENT_KIND),
                Arguments.of("select\u00a01", Violation.STATEMENT_KIND),
                Arguments.of("1", Violation.STATEMENT_KIND),
                Arguments.of("?", Violation.STATEMENT_KIND),
                // multi-statement smuggling
                Arguments.of("select 1; delete from t", Violation.SINGLE_STATEMENT),
                Arguments.of("select 1; select 2", Violation.SINGLE_STATEMENT),
                Arguments.of("select ';'; delete from t", Violation.SINGLE_STATEMENT),
                Arguments.of("select 1 /* ; */ ; drop table t", Violation.SINGLE_STATEMENT),
                Arguments.of("select 1 -- x\n; drop table t", Violation.SINGLE_STATEMENT),
                Arguments.of("select $a(') ; delete from t --'", Violation.SINGLE_STATEMENT),
                Arguments.of("select 1;;x", Violation.SINGLE_STATEMENT),
                Arguments.of("delete from t; select 1", Violation.WRITE),
                Arguments.of("create trigger t after insert on x begin delete from x; end", Violation.DDL),
                // denied functions
                Arguments.of("select load_extension('x')", Violation.FUNCTION),
                Arguments.of("select \"load_extension\"('x')", Violation.FUNCTION),
                Arguments.of("select [load_extension]('x')", Violation.FUNCTION),
                Arguments.of("select LOAD_EXTENSION('x')", Violation.FUNCTION),
                Arguments.of("select load_extension /* c */ ('x')", Violation.FUNCTION),
                Arguments.of("select load_extension\n('x')", Violation.FUNCTION),
                Arguments.of("select 'load_extension'('x')", Violation.FUNCTION),
                Arguments.of("select fts3_tokenizer('simple')", Violation.FUNCTION),
                Arguments.of("select * from t where x = (select readfile('/etc/passwd'))", Violation.FUNCTION),
                Arguments.of("with x as (select writefile('/tmp/x', 'y')) select * from x", Violation.FUNCTION),
                Arguments.of("explain select load_extension('x')", Violation.FUNCTION),
                Arguments.of("select load_extension('x');", Violation.FUNCTION),
                // syntax and empty
                Arguments.of("select 'unterminated", Violation.SYNTAX),
                Arguments.of("select \"unterminated", Violation.SYNTAX),
                Arguments.of("select 1 /* unterminated", Violation.SYNTAX),
                Arguments.of("select 1 /*", Violation.SYNTAX),
                Arguments.of("select 1\u0000; delete from t", Violation.SYNTAX),
                Arguments.of("delete from t where a = 'x", Violation.SYNTAX),
                Arguments.of("", Violation.EMPTY),
                Arguments.of(";", Violation.EMPTY),
                Arguments.of(" ;; ; ", Violation.EMPTY),
                Arguments.of("  -- only a comment", Violation.EMPTY),
                Arguments.of("/* only */ /* comments */", Violation.EMPTY));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("denied")
    void denies(String sql, String rule) {
        Optional<Violation> v = gate.check(sql);
        assertThat(v).as(sql).isPresent();
        assertThat(v.get().rule()).as(v.get().message()).isEqualTo(rule);
        assertThat(v.get().message()).isNotBlank();
    }

    @Test
    void sqlLengthIsCheckedBeforeTokenizing() {
        StatementGate small = new StatementGate(ALLOWED_PRAGMAS, DENIED, 20);
        assertThat(small.check("select 1234567890123")).isEmpty(); // exactly 20 chars
        Violation v = small.check("select 12345678901234").orElseThrow();
        assertThat(v.rule()).isEqualTo(Violation.SQL_LENGTH);
        assertThat(v.message()).contains("21 chars", "limit of 20", "parameters");
        // An unterminated string over the limit still reports the length, not the syntax.
        assertThat(small.check("select 'xxxxxxxxxxxxxxxxxxxx").orElseThrow().rule()).isEqualTo(Violation.SQL_LENGTH);
    }

    @Test
    void messagesSayWhatWasDeniedAndWhatToDoInstead() {
        assertThat(message("delete from t")).contains("writes (DELETE)", "execute() on the writer");
        assertThat(message("with x as (select 1) delete from t")).contains("DELETE behind WITH");
        assertThat(message("create table t(a)")).contains("CREATE", "execute() on the writer");
        assertThat(message("attach 'x.db' as x")).contains("ATTACH", "another pool");
        assertThat(message("vacuum into '/tmp/x'")).contains("VACUUM INTO", "execute() on the writer");
        assertThat(message("pragma query_only=0")).contains("PRAGMA statements", "pragma_table_info");
        assertThat(message("begin")).contains("BEGIN", "own read transaction");
        assertThat(message("analyze")).contains("ANALYZE", "execute() on the writer");
        assertThat(message("(select 1)")).contains("'('", "only SELECT");
        assertThat(message("select * from main.pragma_compile_options"))
                .contains("pragma_compile_options", "position 19", "pragma_index_list, pragma_table_info",
                        "allowPragmaFunction");
        assertThat(message("select \"LOAD_extension\"('x')"))
                .contains("\"LOAD_extension\"()", "position 7", "outside the database", "in the host");
        assertThat(message("select 1; drop table t")).contains("position 10", "drop", "one statement per query");
        assertThat(message("select 'abc")).contains("unterminated string literal at position 7");
        assertThat(message("")).contains("no statement", "SELECT");
    }

    @Test
    void reportsTheFirstRuleInOrder() {
        // kind before pragma before function
        assertThat(rule("delete from t where x = load_extension('y') and y in pragma_database_list"))
                .isEqualTo(Violation.WRITE);
        assertThat(rule("select load_extension('y') from pragma_database_list")).isEqualTo(Violation.PRAGMA);
        // the first statement's kind before single statement (a trigger body holds ';' of its own)
        assertThat(rule("delete from t; delete from u")).isEqualTo(Violation.WRITE);
        assertThat(rule("select 1; delete from u")).isEqualTo(Violation.SINGLE_STATEMENT);
        // syntax before single statement
        assertThat(rule("select 1; select 'x")).isEqualTo(Violation.SYNTAX);
    }

    @Test
    void pragmaFunctionsFollowTheAllowList() {
        StatementGate none = new StatementGate(Set.of(), DENIED, MAX);
        assertThat(none.check("select * from pragma_table_info('items')").orElseThrow().message()).contains("allowed: none");
        StatementGate more = new StatementGate(Set.of("pragma_table_info", "pragma_database_list"), DENIED, MAX);
        assertThat(more.check("select * from pragma_database_list")).isEmpty();
        assertThat(more.check("select * from Pragma_Table_Info('t')")).isEmpty();
    }

    @Test
    void deniedFunctionsFollowTheDenyList() {
        StatementGate none = new StatementGate(ALLOWED_PRAGMAS, Set.of(), MAX);
        assertThat(none.check("select load_extension('x')")).isEmpty();
        StatementGate custom = new StatementGate(ALLOWED_PRAGMAS, Set.of("abs"), MAX);
        assertThat(custom.check("select ABS(-1)").orElseThrow().rule()).isEqualTo(Violation.FUNCTION);
        // keywords followed by '(' are not function calls unless someone denies them by name
        assertThat(custom.check("select 1 where 1 in (1) and exists (select 1) and cast(1 as int)")).isEmpty();
    }

    @Test
    void deniedFunctionMessagesSayWhyAndWhatToUseInstead() {
        StatementGate aggregates = new StatementGate(ALLOWED_PRAGMAS, Set.of("mode", "upper_quartile", "abs"), MAX);
        assertThat(aggregates.check("select Mode(x) from t").orElseThrow().message())
                .contains("Mode()", "position 7", "native stack", "GROUP BY x ORDER BY count(*) DESC LIMIT 1");
        assertThat(aggregates.check("select upper_quartile(x) from t").orElseThrow().message())
                .contains("upper_quartile()", "percentile_cont(x, 0.75)");
        assertThat(aggregates.check("select abs(x) from t").orElseThrow().message())
                .contains("abs()", "sandbox policy denies it");
    }

    @Test
    void foldsAsciiCaseOnlyLikeSqlite() {
        // U+212A KELVIN SIGN lower-cases to 'k' in Java but not in SQLite, so it is another name.
        StatementGate custom = new StatementGate(ALLOWED_PRAGMAS, Set.of("kill"), MAX);
        assertThat(custom.check("select \u212Aill(1)")).isEmpty();
        assertThat(custom.check("select KILL(1)")).isPresent();
    }

    @Test
    void constructorFailsFastOnBadOptions() {
        assertThatThrownBy(() -> new StatementGate(ALLOWED_PRAGMAS, DENIED, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSqlLength < 1: 0");
        assertThatThrownBy(() -> new StatementGate(Set.of("Pragma_table_info"), DENIED, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not lower-case: Pragma_table_info");
        assertThatThrownBy(() -> new StatementGate(Set.of("table_info"), DENIED, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a pragma function: table_info");
        assertThatThrownBy(() -> new StatementGate(ALLOWED_PRAGMAS, Set.of(" "), MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deniedFunctions: blank name");
        assertThatThrownBy(() -> new StatementGate(null, DENIED, MAX)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> gate.check(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void copiesItsSets() {
        Set<String> denied = new HashSet<>(Set.of("abs"));
        StatementGate g = new StatementGate(ALLOWED_PRAGMAS, denied, MAX);
        denied.clear();
        assertThat(g.check("select abs(1)")).isPresent();
    }

    @Test
    // A gate that is quadratic in the SQL's length or depth takes minutes on these inputs; a linear one
    // takes well under a second. The bound is the JUnit timeout, not a stopwatch, so a loaded machine
    // cannot fail it.
    @org.junit.jupiter.api.Timeout(30)
    void staysFastOnLongAndDeeplyNestedSql() {
        StatementGate big = new StatementGate(ALLOWED_PRAGMAS, DENIED, Integer.MAX_VALUE);
        String nested = "with x as (" + "(".repeat(50_000) + "select 1" + ")".repeat(50_000) + ") select * from x";
        String wide = "select " + "f(a, b), ".repeat(100_000) + "1 from t";
        assertThat(big.check(nested)).isEmpty();
        assertThat(big.check(wide)).isEmpty();
        assertThat(big.check(wide + "; delete from t").orElseThrow().rule()).isEqualTo(Violation.SINGLE_STATEMENT);
    }

    private String message(String sql) {
        return gate.check(sql).orElseThrow().message();
    }

    private String rule(String sql) {
        return gate.check(sql).orElseThrow().rule();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "select 1|-1",
        "select 1;|-1",
        "select 1; -- done|-1",
        "select 1;;|-1",
        "select ';'|-1",
        "create table a(x); create table b(x)|19",
        "insert into t values (1); delete from t|26",
        "create trigger t after insert on x begin delete from y; update z set a = 1; end|-1",
        "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN DELETE FROM y; END; select 1|66",
        "create table trigger_log(x); select 1|29",
    })
    void secondStatementStartFindsTrailingStatementsOnTheTrustedPath(String sql, int expected) {
        java.util.OptionalInt at = StatementGate.secondStatementStart(sql);
        if (expected < 0) {
            assertThat(at).as(sql).isEmpty();
        } else {
            assertThat(at).as(sql).hasValue(expected);
        }
    }
}
