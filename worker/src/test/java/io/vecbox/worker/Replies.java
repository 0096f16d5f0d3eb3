package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vecbox.protocol.Description;
import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Message;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.protocol.Rows;
import io.vecbox.protocol.TransactionRequest;
import java.util.List;

/** Casts answers to what a test expects, failing with the answer itself when it is something else. */
final class Replies {
    private Replies() {
    }

    static Result ok(Message m) {
        if (!(m instanceof Result r)) {
            throw new AssertionError("expected a result, got " + m);
        }
        return r;
    }

    static Rows page(Message m) {
        if (!(m instanceof Rows r)) {
            throw new AssertionError("expected rows, got " + m);
        }
        return r;
    }

    static Description described(Message m) {
        if (!(m instanceof Description d)) {
            throw new AssertionError("expected a description, got " + m);
        }
        return d;
    }

    static ErrorReply failed(Message m, ErrorCode code) {
        if (!(m instanceof ErrorReply e)) {
            throw new AssertionError("expected an error " + code + ", got " + m);
        }
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    static Query query(long id, String sql, Object... params) {
        return new Query(id, sql, List.of(params), 0, 0, 0);
    }

    static TransactionRequest begin(long id) {
        return new TransactionRequest(id, TransactionRequest.Action.BEGIN, 0);
    }

    static TransactionRequest commit(long id) {
        return new TransactionRequest(id, TransactionRequest.Action.COMMIT, 0);
    }

    static TransactionRequest rollback(long id) {
        return new TransactionRequest(id, TransactionRequest.Action.ROLLBACK, 0);
    }

    /** @return the single value of a one-row, one-column result */
    static Object scalar(Message m) {
        Result r = ok(m);
        assertThat(r.rows()).as("rows of %s", r).hasSize(1);
        return r.rows().get(0).get(0);
    }
}
