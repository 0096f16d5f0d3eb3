package io.vecbox.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calls that killed both readers of an untrusted pool (issue 9): sqlite-jdbc's bundled extension
 * functions truncate a 64-bit size into a 32-bit allocation and then write the full size
 * ({@code replicate}, {@code padl}, {@code padr}, {@code padc}: heap overflow, SIGSEGV or SIGABRT
 * "malloc(): corrupted top size"), walk past the string for a negative count ({@code rightstr}),
 * spin in native code ({@code replicate} of an empty string), or build an unbalanced recursive
 * tree that exhausts the native stack on sorted input ({@code mode}, {@code lower_quartile},
 * {@code upper_quartile}). Each must now end in a typed error or a correct result, with no
 * worker lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxFunctionCrashersIT {
    private static final int SQLITE_TOOBIG = 18;
    private static final String SORTED_40000 = "(with recursive c(v) as (select 40000 union all select v - 1 from c"
            + " where v > 1) select v from c)";

    @TempDir
    static Path dir;
    WorkerPool pool;
    List<Long> pids;

    /** What a call must end in: a result, a SQL error with a code and message, or a sandbox denial. */
    record Expect(String kind, int sqliteCode, String fragment, Object value) {
        static Expect tooBig(String fragment) {
            return new Expect("failed", SQLITE_TOOBIG, fragment, null);
        }

        static Expect denied(String fragment) {
            return new Expect("denied", 0, fragment, null);
        }

        static Expect value(Object value) {
            return new Expect("value", 0, "", value);
        }

        @Override
        public String toString() {
            return kind + (fragment.isEmpty() ? "" : " '" + fragment + "'") + (value == null ? "" : " " + value);
        }
    }

    @BeforeAll
    void setUp() {
        pool = WorkerPool.builder().name("crashers").database(dir.resolve("crashers.db")).readers(2)
                .queryTimeout(Duration.ofSeconds(20)).crashLogDirectory(dir.resolve("crash-logs")).build();
        pool.query("select 1");
        pool.query("select 2");
        pids = Pools.readerPids(pool);
    }

    @AfterAll
    void tearDown() {
        pool.close();
    }

    static Stream<Arguments> crashers() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of("select length(replicate('x', 4294967297))", Expect.tooBig("replicate()")));
        c.add(Arguments.of("select replicate(x'4141414141414141', 536870913)", Expect.tooBig("replicate()")));
        c.add(Arguments.of("select length(padl('x', 4294967300))", Expect.tooBig("padl()")));
        c.add(Arguments.of("select length(padr('x', 4294967300))", Expect.tooBig("padr()")));
        c.add(Arguments.of("select length(padc('x', 4294967300))", Expect.tooBig("padc()")));
        c.add(Arguments.of("select rightstr('abc', -100000000)", Expect.value("")));
        c.add(Arguments.of("select length(replicate('', 9223372036854775807))", Expect.value(0L)));
        c.add(Arguments.of("select mode(v) from " + SORTED_40000, Expect.denied("mode()")));
        c.add(Arguments.of("select lower_quartile(v) from " + SORTED_40000, Expect.denied("lower_quartile()")));
        c.add(Arguments.of("select upper_quartile(v) from " + SORTED_40000, Expect.denied("upper_quartile()")));
        return c.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("crashers")
    void crashingCallEndsInATypedOutcomeWithoutLosingAWorker(String sql, Expect expect) {
        Throwable thrown = catchThrowable(() -> {
            QueryResult r = pool.query(sql);
            assertThat(expect.kind()).as("outcome of %s", sql).isEqualTo("value");
            assertThat(r.rows()).hasSize(1);
            assertThat(r.rows().get(0).get(0)).isEqualTo(expect.value());
        });
        switch (expect.kind()) {
            case "value" -> assertThat(thrown).isNull();
            case "failed" -> {
                assertThat(thrown).isInstanceOf(QueryFailedException.class);
                QueryFailedException e = (QueryFailedException) thrown;
                assertThat(e.sqliteCode()).as(e.getMessage()).isEqualTo(expect.sqliteCode());
                assertThat(e.getMessage()).contains(expect.fragment()).contains("16777216");
            }
            case "denied" -> {
                assertThat(thrown).isInstanceOf(SandboxViolationException.class);
                SandboxViolationException e = (SandboxViolationException) thrown;
                assertThat(e.rule()).isEqualTo("function");
                assertThat(e.getMessage()).contains(expect.fragment());
            }
            default -> throw new AssertionError(expect.kind());
        }
        PoolStats stats = pool.stats();
        assertThat(stats.crashes()).as("crashes after %s", sql).isZero();
        assertThat(stats.restarts()).as("restarts after %s", sql).isZero();
        assertThat(Pools.readerPids(pool)).as("reader pids after %s", sql).isEqualTo(pids);
        assertThat(pool.query("select 40 + 2").rows().get(0).get(0)).isEqualTo(42L);
    }
}
