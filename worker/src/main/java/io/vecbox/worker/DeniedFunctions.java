package io.vecbox.worker;

import java.sql.SQLException;
import java.util.List;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * The sandbox's function layer inside the worker: each denied function is replaced by an
 * application-defined one of the same name, which SQLite resolves before its built-in, and which
 * refuses to run. It holds whatever the supervisor's statement gate might miss (a name built at
 * run time cannot be called, but a view or an odd spelling could reach one). Aggregates are
 * replaced the same way: a scalar registered under an aggregate's name and arity takes its place.
 */
final class DeniedFunctions {
    private static final ThreadLocal<String> DENIED = new ThreadLocal<>();
    private static final int SQLITE_UTF8 = 1;

    private DeniedFunctions() {
    }

    static void register(SQLiteConnection conn, List<String> names) throws SQLException {
        for (String name : names) {
            Function refuse = new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    String message = "function " + name + "() is denied by the sandbox policy for untrusted "
                            + "queries (it reaches outside the database or cannot be made safe; see the sandbox's "
                            + "function verdicts)";
                    DENIED.set(message);
                    throw new SQLException(message);
                }
            };
            // Every arity a built-in might have, so that the exact-arity match also lands here; and
            // SQLITE_UTF8 in the flags, which sqlite-jdbc ORs with its SQLITE_UTF16 into SQLITE_ANY:
            // a function another extension registered as UTF-8 (FTS3's fts3_tokenizer) would
            // otherwise be the better encoding match and win over this one.
            Function.create(conn, name, refuse, -1, SQLITE_UTF8);
            for (int args = 0; args <= 3; args++) {
                Function.create(conn, name, refuse, args, SQLITE_UTF8);
            }
        }
    }

    /** @return the denial raised on this thread by the last statement, cleared; or null */
    static String takeDenial() {
        String d = DENIED.get();
        DENIED.remove();
        return d;
    }
}
