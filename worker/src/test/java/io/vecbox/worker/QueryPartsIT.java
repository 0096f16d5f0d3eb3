package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.TransactionRequest;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A {@code query} answer or cursor page sent in {@code part}s ahead of its {@code result} / {@code rows} ({@code configure.partBytes}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryPartsIT {
    /** 1,000 rows of about 110 encoded bytes each. */
    private static final String SERIES = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000) "
            + "select x, printf('%.100c', 'a') as s from c";
    private static final long PART_BYTES = 2_000;

    @TempDir
    Path dir;

    /** What came back for one request: its parts, then the answer. */
    private record Answer(List<Part> parts, Message last) {
        List<List<Object>> rows() {
            List<List<Object>> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.rows()));
            if (last instanceof Result r) {
                all.addAll(r.rows());
            } else if (last instanceof Rows r) {
                all.addAll(r.rows());
            }
            return all;
        }
    }

    private static Answer ask(WorkerProcess w, Request q) throws Exception {
        w.writer.write(q);
        List<Part> parts = new ArrayList<>();
        while (true) {
            Message m = w.reader.read();
            if (m instanceof Part p) {
                assertThat(p.id()).isEqualTo(q.id());
                parts.add(p);
            } else {
                return new Answer(parts, m);
            }
        }
    }

    private WorkerProcess start(long partBytes) throws Exception {
        WorkerProcess w = WorkerProcess.start();
        w.handshake(WorkerProcess.config(Role.WRITER, dir.resolve("t.db")).withPartBytes(partBytes));
        return w;
    }

    @Test
    void largeAnswerTravelsInPartsAheadOfItsResultWithEveryRowInOrder() throws Exception {
        try (WorkerProcess w = start(PART_BYTES)) {
            Answer a = ask(w, new Query(1, SERIES, List.of(), 0, 0, 0));
            assertThat(a.last()).isInstanceOf(Result.class);
            assertThat(a.parts()).hasSizeGreaterThanOrEqualTo(40);
            for (Part p : a.parts()) {
                assertThat(p.columns()).containsExactly("x", "s");
                // a part is sent once its rows pass partBytes: never much more than that
                assertThat(p.rows().size()).isBetween(1, 20);
            }
            List<List<Object>> rows = a.rows();
            assertThat(rows).hasSize(1000);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).get(0)).isEqualTo(i + 1L);
            }
            assertThat(((Result) a.last()).truncated()).isFalse();
            assertThat(((Result) a.last()).columns()).containsExactly("x", "s");
        }
    }

    @Test
    void withoutPartBytesEveryAnswerIsOneResult() throws Exception {
        try (WorkerProcess w = start(0)) {
            Answer a = ask(w, new Query(1, SERIES, List.of(), 0, 0, 0));
            assertThat(a.parts()).isEmpty();
            assertThat(a.rows()).hasSize(1000);
        }
    }

    @Test
    void smallAnswerIsOneResultEvenWithParts() throws Exception {
        try (WorkerProcess w = start(PART_BYTES)) {
            Answer a = ask(w, new Query(1, "select 1, 'x'", List.of(), 0, 0, 0));
            assertThat(a.parts()).isEmpty();
            assertThat(a.rows()).containsExactly(List.of(1L, "x"));
        }
    }

    @Test
    void capsCountTheRowsOfAllPartsTogether() throws Exception {
        try (WorkerProcess w = start(PART_BYTES)) {
            Answer byRows = ask(w, new Query(1, SERIES, List.of(), 300, 0, 0));
            assertThat(byRows.parts()).isNotEmpty();
            assertThat(byRows.rows()).hasSize(300);
            assertThat(((Result) byRows.last()).truncated()).isTrue();

            Answer byBytes = ask(w, new Query(2, SERIES, List.of(), 0, 20_000, 0));
            assertThat(byBytes.parts()).isNotEmpty();
            assertThat(((Result) byBytes.last()).truncated()).isTrue();
            // the same cut as in one frame: 2 column names, then rows of 5 + 9 + 105 bytes by the worker's measure
            long columns = (5 + 1) * 2;
            assertThat(byBytes.rows()).hasSize((int) ((20_000 - columns) / (5 + 9 + 105)));
        }
    }

    @Test
    void anErrorAfterPartsFollowsThemAndTheWorkerStaysUsable() throws Exception {
        String failsLate = "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000) "
                + "select x, case when x < 500 then printf('%.100c', 'a') else abs(-9223372036854775807 - 1) end from c";
        try (WorkerProcess w = start(PART_BYTES)) {
            Answer a = ask(w, new Query(7, failsLate, List.of(), 0, 0, 0));
            assertThat(a.parts()).isNotEmpty();
            assertThat(a.last()).isInstanceOfSatisfying(ErrorReply.class, e -> {
                assertThat(e.id()).isEqualTo(7);
                assertThat(e.code()).isEqualTo(ErrorCode.SQL_ERROR);
                assertThat(e.message()).contains("integer overflow");
            });
            Answer next = ask(w, new Query(8, SERIES, List.of(), 0, 0, 0));
            assertThat(next.rows()).hasSize(1000);
        }
    }

    @Test
    void aCursorPageTravelsInPartsAheadOfItsRowsWithinItsFetchBytes() throws Exception {
        try (WorkerProcess w = start(PART_BYTES)) {
            // a writer keeps a cursor only inside a held transaction
            assertThat(ask(w, new TransactionRequest(99, TransactionRequest.Action.BEGIN, 0)).last())
                    .isInstanceOf(Result.class);
            long fetchBytes = 20_000;
            Answer page = ask(w, new OpenCursor(1, SERIES, List.of(), 0, fetchBytes, 0));
            List<List<Object>> all = new ArrayList<>(page.rows());
            assertThat(page.parts()).hasSizeGreaterThanOrEqualTo(5);
            // the same page as in one frame: rows of 5 + 9 + 105 bytes up to fetchBytes
            assertThat(page.rows()).hasSize((int) (fetchBytes / (5 + 9 + 105)));
            long id = 2;
            while (!((Rows) page.last()).done()) {
                page = ask(w, new Fetch(id++, 1, 0, fetchBytes, 0));
                assertThat(page.last()).isInstanceOf(Rows.class);
                all.addAll(page.rows());
            }
            assertThat(all).hasSize(1000);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).get(0)).isEqualTo(i + 1L);
            }
            Answer rowsCapped = ask(w, new OpenCursor(100, SERIES, List.of(), 50, fetchBytes, 0));
            assertThat(rowsCapped.parts()).isNotEmpty();
            assertThat(rowsCapped.rows()).hasSize(50);
        }
    }
}
