package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Ping;
import io.vecbox.protocol.Pong;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox layers that live in the worker, each alone, without the supervisor's statement
 * gate in front: denied functions, SQLite limits, pragmas, the memory guard.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxLayersIT {
    @TempDir
    Path dir;

    private Configure reader(Map<String, String> pragmas, Map<String, Long> limits, List<String> denied, long memory) {
        return new Configure("layers", Role.READER, dir.resolve("l.db").toString(), "", pragmas, 1000, 10_000,
                16L << 20, 16, limits, true, Protocol.DEFAULT_MAX_FRAME_BYTES, denied, memory);
    }

    private void createDatabase() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("l.db")));
            assertThat(w.send(new Execute(1, "create table t(x)", List.of(), 0))).isInstanceOf(Result.class);
        }
    }

    private static ErrorReply error(Message m) {
        assertThat(m).isInstanceOf(ErrorReply.class);
        return (ErrorReply) m;
    }

    @Test
    void deniedFunctionsRefuseToRunWhateverTheSpelling() throws Exception {
        createDatabase();
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(reader(Map.of(), Map.of(), List.of("load_extension", "fts3_tokenizer", "readfile"), 0));
            for (String sql : List.of("select load_extension('x')", "select LOAD_EXTENSION('x', 'y')",
                    "select \"load_extension\"('x')", "select fts3_tokenizer('simple')",
                    "select fts3_tokenizer('evil', x'0000000000000000')", "select readfile('/etc/passwd')")) {
                ErrorReply e = error(w.send(new Query(1, sql, List.of(), 0, 0, 0)));
                assertThat(e.code()).as(sql).isEqualTo(ErrorCode.SANDBOX_DENIED);
                assertThat(e.rule()).as(sql).isEqualTo("function");
                assertThat(e.message()).as(sql).contains("denied by the sandbox");
            }
            assertThat(w.send(new Query(2, "select abs(-3)", List.of(), 0, 0, 0))).isInstanceOf(Result.class);
        }
    }

    @Test
    void deniedAggregatesRefuseInsteadOfExhaustingTheNativeStack() throws Exception {
        createDatabase();
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(reader(Map.of(), Map.of(), List.of("mode", "lower_quartile", "upper_quartile"), 0));
            for (String f : List.of("mode", "lower_quartile", "upper_quartile")) {
                ErrorReply e = error(w.send(new Query(1, "select " + f + "(v) from (with recursive c(v) as (select "
                        + "40000 union all select v - 1 from c where v > 1) select v from c)", List.of(), 0, 0, 0)));
                assertThat(e.code()).as(f).isEqualTo(ErrorCode.SANDBOX_DENIED);
                assertThat(e.message()).as(f).contains(f + "()", "denied by the sandbox");
            }
            assertThat(w.send(new Ping(2))).isInstanceOf(Pong.class);
        }
    }

    @Test
    void boundedFunctionsRefuseResultsPastTheLengthLimitAndTheWorkerStays() throws Exception {
        createDatabase();
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(new Configure("layers", Role.READER, dir.resolve("l.db").toString(), "", Map.of(), 1000,
                    10_000, 16L << 20, 16, Map.of("LENGTH", 1000L), true, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(),
                    0, List.copyOf(BoundedFunctions.ARITIES.keySet())));
            for (String sql : List.of("select replicate('x', 4294967297)", "select replicate(x'4141414141414141', "
                    + "536870913)", "select padl('x', 4294967300)", "select padr('x', 1001)", "select padc('', 1001)")) {
                ErrorReply e = error(w.send(new Query(1, sql, List.of(), 0, 0, 0)));
                assertThat(e.code()).as(sql).isEqualTo(ErrorCode.SQL_ERROR);
                assertThat(e.sqliteCode()).as(sql).isEqualTo(18);
                assertThat(e.message()).as(sql).contains("(): ", "limit of 1000 bytes");
            }
            Result r = (Result) w.send(new Query(2, "select replicate('ab', 500), padl('x', 3), rightstr('abc', "
                    + "-100000000), length(replicate('', 9223372036854775807))", List.of(), 0, 0, 0));
            assertThat(r.rows().get(0)).containsExactly("ab".repeat(500), "  x", "", 0L);
        }
    }

    @Test
    void aBoundedFunctionWithoutAnImplementationStopsTheWorkerBeforeReady() throws Exception {
        createDatabase();
        try (WorkerProcess w = WorkerProcess.start()) {
            w.hello();
            w.writer.write(new Configure("layers", Role.READER, dir.resolve("l.db").toString(), "", Map.of(), 1000,
                    10_000, 16L << 20, 16, Map.of(), true, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0,
                    List.of("replicate", "instr")));
            ErrorReply e = error(w.reader.read());
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_READY);
            assertThat(e.message()).contains("no bounded implementation of function instr()");
            assertThat(w.waitFor(10)).isNotZero();
        }
    }

    @Test
    void sqliteLimitsApply() throws Exception {
        createDatabase();
        Map<String, Long> limits = new LinkedHashMap<>();
        limits.put("LENGTH", 1000L);
        limits.put("ATTACHED", 0L);
        limits.put("EXPR_DEPTH", 10L);
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(reader(Map.of(), limits, List.of(), 0));
            assertThat(error(w.send(new Query(1, "select zeroblob(2000)", List.of(), 0, 0, 0))).sqliteCode())
                    .isEqualTo(18);
            assertThat(error(w.send(new Query(2, "attach ':memory:' as m", List.of(), 0, 0, 0))).message())
                    .contains("too many attached databases");
            assertThat(error(w.send(new Query(3, "select " + "-(".repeat(20) + "1" + ")".repeat(20), List.of(), 0, 0, 0)))
                    .message()).contains("Expression tree is too large");
            assertThat(w.send(new Query(4, "select zeroblob(500)", List.of(), 0, 0, 0))).isInstanceOf(Result.class);
        }
    }

    @Test
    void pragmasAreSetOnTheReader() throws Exception {
        createDatabase();
        Map<String, String> pragmas = new LinkedHashMap<>();
        pragmas.put("trusted_schema", "OFF");
        pragmas.put("cell_size_check", "ON");
        pragmas.put("mmap_size", "0");
        pragmas.put("temp_store", "MEMORY");
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(reader(pragmas, Map.of(), List.of(), 0));
            Message m = w.send(new Query(1, "select * from pragma_trusted_schema, pragma_cell_size_check, "
                    + "pragma_temp_store, pragma_query_only", List.of(), 0, 0, 0));
            assertThat(m).isInstanceOf(Result.class);
            assertThat(((Result) m).rows().get(0)).containsExactly(0L, 1L, 2L, 1L);
            // mmap_size has no table-valued form; this layer runs without the gate, so ask directly.
            assertThat(((Result) w.send(new Query(2, "pragma mmap_size", List.of(), 0, 0, 0))).rows().get(0))
                    .containsExactly(0L);
        }
    }

    @Test
    void memoryGuardStopsAStatementThatOutgrowsItsLimitAndTheWorkerStays() throws Exception {
        createDatabase();
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(reader(Map.of("temp_store", "MEMORY"), Map.of(), List.of(), 64L << 20));
            ErrorReply e = error(w.send(new Query(1, "with recursive c(x) as (select 1 union all select x + 1 from c "
                    + "where x < 1000) select length(b) from (select zeroblob(1000000) || x'01' as b from c order by 1) "
                    + "limit 1", List.of(), 0, 0, 0)));
            assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
            assertThat(e.sqliteCode()).isEqualTo(7);
            assertThat(e.message()).contains("out of memory").contains("64 MiB");
            assertThat(w.send(new Ping(2))).isInstanceOf(Pong.class);
            assertThat(w.send(new Query(3, "select count(*) from t", List.of(), 0, 0, 0))).isInstanceOf(Result.class);
        }
    }
}
