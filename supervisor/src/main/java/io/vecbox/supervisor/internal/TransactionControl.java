package io.vecbox.supervisor.internal;

import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.internal.sandbox.SqlSyntaxException;
import io.vecbox.supervisor.internal.sandbox.SqlTokenizer;
import io.vecbox.supervisor.internal.sandbox.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses transaction control ({@code BEGIN}, {@code COMMIT}, {@code END}, {@code ROLLBACK},
 * {@code SAVEPOINT}, {@code RELEASE}) in single requests. A pool runs each execute in
 * autocommit and each batch in a transaction of its own: a stray {@code BEGIN} would keep every
 * later write uncommitted (invisible to readers, lost at close), and a {@code COMMIT} inside a
 * batch would commit half of it. The worker checks again and verifies autocommit after every
 * request; this is the early, clear refusal. Stateless.
 */
final class TransactionControl {
    private static final Set<String> KEYWORDS = Set.of("begin", "commit", "end", "rollback", "savepoint", "release");

    private TransactionControl() {
    }

    /**
     * @param kind the request's kind
     * @param sql its SQL (for a batch, the first statement's)
     * @param statements a batch's statements, else null
     * @param inTransaction whether it runs inside a {@code Transaction}
     * @return why the request is refused, or null if no statement of it is transaction control
     */
    static String refusal(RequestKind kind, String sql, List<SqlStatement> statements, boolean inTransaction) {
        return refusal(kind, sql, statements, inTransaction, TransactionControl::keyword);
    }

    /**
     * As {@link #refusal(RequestKind, String, List, boolean)}, with the keyword of each SQL text
     * from {@code keywordOf} ({@link #keyword} or a memo of it).
     */
    static String refusal(RequestKind kind, String sql, List<SqlStatement> statements, boolean inTransaction,
                          Function<String, String> keywordOf) {
        if (kind == RequestKind.BATCH) {
            for (int i = 0; i < statements.size(); i++) {
                String keyword = keywordOf.apply(statements.get(i).sql());
                if (keyword != null && inTransaction) {
                    return "batch statement " + i + " is transaction control (" + keyword + ") inside a transaction:"
                            + " end it with Transaction.commit() or rollback()";
                }
                if (keyword != null) {
                    return "batch statement " + i + " is transaction control (" + keyword + "): executeBatch already"
                            + " runs its statements in one transaction, all or nothing; leave it out";
                }
            }
            return null;
        }
        String keyword = keywordOf.apply(sql);
        if (keyword == null) {
            return null;
        }
        if (inTransaction) {
            return kind.wireName() + " cannot run transaction control (" + keyword + ") inside a transaction: end it"
                    + " with Transaction.commit() or rollback()";
        }
        if (kind == RequestKind.QUERY || kind == RequestKind.OPEN_CURSOR) {
            return (kind == RequestKind.QUERY ? "query" : "stream") + " cannot run transaction control (" + keyword
                    + "): each runs alone in a read transaction of its own";
        }
        return kind.wireName() + " cannot run transaction control (" + keyword + "): each execute() commits on its"
                + " own, and executeBatch() and executeMany() each run in one transaction of their own; use"
                + " executeBatch(List<Statement>) for statements that must commit together, or"
                + " WorkerPool.transaction(...)";
    }

    /** @return the statement's first keyword, upper case, if it is transaction control; else null */
    static String keyword(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlSyntaxException e) {
            return null; // not SQLite's tokens either: SQLite reports it
        }
        if (tokens.isEmpty() || tokens.get(0).type() != Token.Type.WORD) {
            return null;
        }
        String word = tokens.get(0).text().toLowerCase(Locale.ROOT);
        return KEYWORDS.contains(word) ? word.toUpperCase(Locale.ROOT) : null;
    }
}
