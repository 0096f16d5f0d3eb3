package io.vecbox.worker;

import static io.vecbox.worker.Replies.described;
import static io.vecbox.worker.Replies.failed;
import static io.vecbox.worker.Replies.ok;
import static io.vecbox.worker.Replies.query;
import static io.vecbox.worker.Replies.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Describe;
import io.vecbox.protocol.Description;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Execute;
import io.vecbox.protocol.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code describe}: SQLite's read-only verdict, columns, parameters and tail, without running anything. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DescribeIT {
    @TempDir
    Path dir;

    private long id;

    private Description describe(WorkerProcess w, String sql) throws Exception {
        return described(w.send(new Describe(++id, sql)));
    }

    private void schema(WorkerProcess writer) throws Exception {
        ok(writer.send(new Execute(++id, "create table t(id integer primary key, x text)", List.of(), 0)));
        ok(writer.send(new Execute(++id, "create virtual table v using vec0(embedding float[2])", List.of(), 0)));
    }

    @Test
    void readsAreReadOnlyAndWritesAreNot() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("d.db")));
            schema(w);
            Description select = describe(w, "select id, x as label from t where id > ?");
            assertThat(select.readOnly()).isTrue();
            assertThat(select.columns()).containsExactly("id", "label");
            assertThat(select.parameterCount()).isEqualTo(1);
            assertThat(select.tail()).isFalse();
            assertThat(describe(w, "select rowid, distance from v where embedding match ? and k = 3").readOnly())
                    .isTrue();
            assertThat(describe(w, "pragma user_version").readOnly()).isTrue();
            assertThat(describe(w, "pragma user_version").columns()).containsExactly("user_version");
            assertThat(describe(w, "explain query plan select * from t").readOnly()).isTrue();

            for (String write : List.of("insert into t(x) values (?)", "update t set x = ?2 where id = ?1",
                    "delete from t", "insert into v(rowid, embedding) values (1, ?)", "delete from v where rowid = 1",
                    "create table u(a)", "drop table t", "pragma user_version = 1", "vacuum",
                    "pragma journal_mode = wal", "pragma wal_checkpoint(truncate)", "explain insert into t values (1, 'a')",
                    "begin immediate")) {
                Description d = describe(w, write);
                assertThat(d.readOnly()).as(write).isFalse();
                assertThat(d.tail()).as(write).isFalse();
            }
            Description update = describe(w, "update t set x = ?2 where id = ?1 returning id");
            assertThat(update.parameterCount()).isEqualTo(2);
            assertThat(update.columns()).containsExactly("id");
            assertThat(describe(w, "insert into t(x) values (?)").columns()).isEmpty();
            // As sqlite3_stmt_readonly documents: transaction control itself changes nothing.
            assertThat(describe(w, "begin").readOnly()).isTrue();
            assertThat(describe(w, "commit").readOnly()).isTrue();
        }
    }

    @Test
    void tailIsTextOtherThanWhitespaceCommentsAndSemicolonsAfterTheFirstStatement() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("d.db")));
            schema(w);
            assertThat(describe(w, "select 1; select 2").tail()).isTrue();
            assertThat(describe(w, "select 1; select 2").columns()).containsExactly("1");
            assertThat(describe(w, "select 1;").tail()).isFalse();
            assertThat(describe(w, "  -- lead\n select ';' ; ;  /* c */ -- end").tail()).isFalse();
            assertThat(describe(w, "select 'a;b' as \"x;\" ; x").tail()).isTrue();
            assertThat(describe(w, "create trigger tr after insert on t begin select 1; select 2; end; select 3")
                    .tail()).as("a trigger body's semicolons are inside its statement").isTrue();
            assertThat(describe(w, "create trigger tr after insert on t begin select 1; select 2; end")
                    .tail()).isFalse();
        }
    }

    @Test
    void invalidSqlIsAnSqlErrorAndNoStatementIsABadRequest() throws Exception {
        try (WorkerProcess w = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("d.db")));
            ErrorReply syntax = failed(w.send(new Describe(1, "selec 1")), ErrorCode.SQL_ERROR);
            assertThat(syntax.sqliteCode()).isEqualTo(1);
            assertThat(syntax.message()).contains("syntax error");
            assertThat(failed(w.send(new Describe(2, "select * from missing")), ErrorCode.SQL_ERROR).message())
                    .contains("no such table: missing");
            for (String empty : List.of("", "  ", "-- nothing\n", ";;", "/* only */ ;")) {
                assertThat(failed(w.send(new Describe(3, empty)), ErrorCode.BAD_REQUEST).message()).as(empty)
                        .contains("no statement");
            }
            assertThat(scalar(w.send(query(4, "select 1")))).isEqualTo(1L);
        }
    }

    @Test
    void describingRunsNothingNotEvenAPragmaSqliteAppliesWhileCompiling() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(); WorkerProcess r = WorkerProcess.start()) {
            w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("d.db")));
            schema(w);
            r.handshake(WorkerProcess.config(Role.READER, dir.resolve("d.db")));
            assertThat(describe(w, "insert into t(x) values ('never')").readOnly()).isFalse();
            assertThat(describe(w, "pragma user_version = 7").readOnly()).isFalse();
            assertThat(describe(w, "pragma foreign_keys = 1").readOnly()).isTrue();
            assertThat(describe(r, "pragma query_only = 0").readOnly()).isTrue();
            assertThat(describe(r, "insert into t(x) values ('never')").readOnly()).as("on a reader").isFalse();

            assertThat(scalar(w.send(query(100, "select count(*) from t")))).isEqualTo(0L);
            assertThat(scalar(w.send(query(101, "pragma user_version")))).isEqualTo(0L);
            assertThat(scalar(w.send(query(102, "pragma foreign_keys")))).as("foreign_keys").isEqualTo(0L);
            assertThat(scalar(r.send(query(103, "pragma query_only")))).as("the reader's query_only").isEqualTo(1L);
        }
    }
}
