package io.vecbox.worker;

import io.vecbox.protocol.ErrorCode;
import io.vecbox.protocol.ErrorReply;
import io.vecbox.protocol.Request;
import io.vecbox.protocol.Response;
import io.vecbox.protocol.Role;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.sqlite.core.DB;

/**
 * Keeps the writer in autocommit between requests, which is what makes an acknowledged write a
 * committed one. Two layers: statements that control transactions are refused before they run,
 * and after every request {@link #probe} asks SQLite whether a transaction is still open (and
 * rolls it back if so), so that nothing that slipped past the first layer is acknowledged.
 */
final class Transactions {
    /** The statements that open, close or nest a transaction: their first keyword is enough to know. */
    private static final Set<String> CONTROL = Set.of("begin", "commit", "end", "rollback", "savepoint", "release");

    /** Where to send the caller instead; the same words as the supervisor's refusal. */
    static final String ADVICE = "each execute() commits on its own, and executeBatch()/executeMany() run in a"
            + " transaction of their own; use executeBatch() for statements that must commit together, or"
            + " WorkerPool.transaction(...) for a transaction that spans calls";

    /** What {@link #probe} found. */
    enum State {
        /** No transaction was open: every statement of the request is committed. */
        AUTOCOMMIT,
        /** A transaction was open and is now rolled back: the request's writes since it began are gone. */
        ROLLED_BACK,
        /** SQLite would neither confirm autocommit nor roll back: the outcome cannot be confirmed. */
        UNKNOWN
    }

    private Transactions() {
    }

    /**
     * @param sql one statement
     * @return its first keyword in lower case if the statement is transaction control
     *     ({@code BEGIN}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code SAVEPOINT},
     *     {@code RELEASE}), else null. Leading whitespace and comments are skipped as SQLite does.
     */
    static String controlKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
        return CONTROL.contains(word) ? word : null;
    }

    /**
     * The answer to a request, after making sure the connection is back in autocommit: a request
     * that left a transaction open is rolled back and answered with an error, never acknowledged,
     * because nothing it wrote would ever be committed. Run it after the request's last statement
     * was reset and once a cancel can no longer reach the connection.
     *
     * @param probe the connection's prepared probe
     * @param db the connection
     * @param role the worker's role, for the message
     * @param request the request just run
     * @param response its answer so far
     * @param start when the request started ({@link System#nanoTime()})
     * @return the answer to send
     */
    static Response inAutocommit(AutocommitProbe probe, DB db, Role role, Request request, Response response,
            long start) {
        State state = quickProbe(probe);
        if (state == State.AUTOCOMMIT) {
            return response;
        }
        StringBuilder why = new StringBuilder();
        state = state == null ? probe(db, why) : commitProbe(db, why);
        if (state == State.AUTOCOMMIT) {
            return response;
        }
        String what;
        ErrorCode code;
        if (state == State.ROLLED_BACK) {
            what = "the request left a transaction open on the " + role.wireName() + "; it was rolled back, so"
                    + " nothing written since the transaction began was kept (" + ADVICE + ")";
            code = ErrorCode.BAD_REQUEST;
        } else {
            StderrLog.warn("cannot confirm autocommit after request " + request.id() + ": " + why);
            what = "the " + role.wireName() + " cannot confirm that the request was committed: " + why;
            code = ErrorCode.INTERNAL;
        }
        if (response instanceof ErrorReply e) {
            return new ErrorReply(e.id(), e.code(), e.sqliteCode(), e.message() + "; " + what, e.rule(),
                    e.elapsedNanos());
        }
        return new ErrorReply(request.id(), code, 0, what, "", System.nanoTime() - start);
    }

    /**
     * The common case, asked through statements prepared once ({@link AutocommitProbe}): BEGIN
     * succeeds only in autocommit, and the COMMIT that follows ends the empty transaction it opened.
     *
     * @return {@link State#AUTOCOMMIT} if both succeeded; null if BEGIN failed (or the statements
     *     are gone), which changed nothing, for {@link #probe(DB, StringBuilder)} to find out the state
     *     and why; {@link State#UNKNOWN} if COMMIT failed, so the empty probe transaction is still
     *     open, for {@link #commitProbe} to end
     */
    private static State quickProbe(AutocommitProbe probe) {
        try {
            if (!probe.begin()) {
                return null;
            }
            return probe.commit() ? State.AUTOCOMMIT : State.UNKNOWN;
        } catch (SQLException closed) {
            return null;
        }
    }

    /**
     * Commits the empty probe transaction through {@code sqlite3_exec}: after the exec'd BEGIN, and
     * once more after the prepared COMMIT failed, for SQLite's message.
     */
    private static State commitProbe(DB db, StringBuilder failures) {
        try {
            db._exec("commit");
            return State.AUTOCOMMIT;
        } catch (SQLException commit) {
            failures.append("commit of the empty probe transaction: ").append(commit.getMessage());
            return State.UNKNOWN;
        }
    }

    /**
     * The question asked through {@code sqlite3_exec}, for the answer and its message when the
     * prepared BEGIN failed: a {@code BEGIN} succeeds only in autocommit, so BEGIN + COMMIT
     * is the question. If BEGIN fails, a ROLLBACK that succeeds proves a transaction was open (now
     * undone). Run it with no statement of the request still active and no cancel pending for it.
     *
     * @param db the connection
     * @param failures receives the reasons when the state is {@link State#UNKNOWN}
     * @return the state found
     */
    private static State probe(DB db, StringBuilder failures) {
        try {
            db._exec("begin");
        } catch (SQLException begin) {
            try {
                db._exec("rollback");
                return State.ROLLED_BACK;
            } catch (SQLException rollback) {
                failures.append("begin: ").append(begin.getMessage()).append("; rollback: ")
                        .append(rollback.getMessage());
                return State.UNKNOWN;
            }
        }
        return commitProbe(db, failures);
    }
}
