package io.vecbox.supervisor.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.supervisor.SandboxPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqlMemoTest {
    private static final List<String> SEEDS = List.of(
            "select 1",
            "select rowid, distance from items where embedding match ? and k = 10",
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 9) select n from c",
            "values (1, 'a'), (2, 'b')",
            "explain query plan select * from items where id = ?",
            "select * from pragma_table_info('items')",
            "select * from pragma_database_list",
            "select name from 'pragma_function_list'",
            "select readfile('/etc/passwd')",
            "select load_extension('x')",
            "select \"readfile\" ('x')",
            "select 1; select 2",
            "select 1;",
            "insert into t values (1)",
            "with x as (select 1) delete from t",
            "create table t(x)",
            "attach 'x.db' as x",
            "vacuum into 'copy.db'",
            "pragma journal_mode",
            "begin",
            "analyze",
            "select 'unterminated",
            "/* open comment",
            ";;",
            "",
            "select aa(1)",
            "select Aa(1)",
            "select BB(1)");
    private static final List<String> FRAGMENTS = List.of(" ", ";", "'", "\"", "(", ")", "--", "/*", "*/", "select",
            "insert", "pragma_table_info", "readfile(", "aa(", "x", "1", ",", "with", "explain", "\n");

    /** The pool's default gate, and one with other lists and a short length limit. */
    private static final List<StatementGate> GATES = List.of(
            new StatementGate(SandboxPolicy.DEFAULT_ALLOWED_PRAGMA_FUNCTIONS, SandboxPolicy.DEFAULT_DENIED_FUNCTIONS,
                    100_000),
            new StatementGate(Set.of("pragma_database_list"), Set.of("aa", "readfile"), 60));

    @Test
    void rememberedDecisionsAreWhatTheGateSaysForEveryTextAndPolicy() {
        List<String> corpus = corpus();
        for (StatementGate gate : GATES) {
            SqlMemo<Optional<Violation>> memo = new SqlMemo<>(gate::check);
            List<String> order = new ArrayList<>(corpus);
            order.addAll(corpus);
            Collections.shuffle(order, new Random(7));
            for (String sql : order) { // each text twice: computed, then (unless its slot was taken) remembered
                assertThat(memo.get(sql)).as("%s on %s", gate, sql).isEqualTo(gate.check(sql));
            }
        }
    }

    @Test
    void textsWithTheSameHashKeepTheirOwnDecisions() {
        // "Aa" and "BB" hash alike: both texts land in one slot, one denied and one allowed.
        assertThat("select Aa(1)".hashCode()).isEqualTo("select BB(1)".hashCode());
        StatementGate gate = GATES.get(1);
        SqlMemo<Optional<Violation>> memo = new SqlMemo<>(gate::check);
        for (int i = 0; i < 3; i++) {
            assertThat(memo.get("select Aa(1)")).map(Violation::rule).contains(Violation.FUNCTION);
            assertThat(memo.get("select BB(1)")).isEmpty();
        }
    }

    @Test
    void aTextSentAgainIsNotCheckedAgain() {
        AtomicInteger calls = new AtomicInteger();
        SqlMemo<Optional<Violation>> memo = new SqlMemo<>(sql -> {
            calls.incrementAndGet();
            return GATES.get(0).check(sql);
        });
        for (int i = 0; i < 5; i++) {
            memo.get("select 1");
            memo.get(new String("select 1".toCharArray())); // equal text, another instance
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void longTextsAreCheckedEveryTimeAndNeverHeld() {
        AtomicInteger calls = new AtomicInteger();
        SqlMemo<Integer> memo = new SqlMemo<>(sql -> calls.incrementAndGet());
        String atLimit = "x".repeat(SqlMemo.MAX_SQL_CHARS);
        String over = "x".repeat(SqlMemo.MAX_SQL_CHARS + 1);
        memo.get(atLimit);
        memo.get(atLimit);
        memo.get(over);
        memo.get(over);
        assertThat(calls).hasValue(3);
    }

    /** The seeds, and a few thousand mutations of them: fragments inserted at random places. */
    private static List<String> corpus() {
        List<String> out = new ArrayList<>(SEEDS);
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sql = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int k = random.nextInt(4); k >= 0; k--) {
                sql.insert(random.nextInt(sql.length() + 1), FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
            out.add(sql.toString());
        }
        out.add("select " + "1 + ".repeat(1100) + "1"); // past the memo's length limit
        return out;
    }
}
