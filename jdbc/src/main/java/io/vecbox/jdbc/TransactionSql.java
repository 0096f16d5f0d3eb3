package io.vecbox.jdbc;

import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises transaction control written as SQL ({@code BEGIN}, {@code COMMIT}, {@code END},
 * {@code ROLLBACK}, {@code SAVEPOINT}, {@code RELEASE}): its first keyword, after whitespace and
 * comments. These keywords start no other SQLite statement, so the first one decides. A
 * connection refuses them: the driver holds the transaction, and a {@code BEGIN} run on a
 * reader, or a {@code COMMIT} behind the driver's back, would leave it out of step.
 */
final class TransactionSql {
    private static final Set<String> KEYWORDS = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");

    private TransactionSql() {
    }

    /**
     * @param sql a statement
     * @return its first keyword in upper case, or "" if it starts with no word
     */
    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /**
     * @param sql a statement
     * @throws SQLFeatureNotSupportedException (0A000) if it is transaction control, saying what to
     *     call instead
     */
    static void refuse(String sql) throws SQLFeatureNotSupportedException {
        String keyword = firstKeyword(sql);
        if (KEYWORDS.contains(keyword)) {
            boolean savepoint = keyword.equals("SAVEPOINT") || keyword.equals("RELEASE")
                    || keyword.equals("ROLLBACK") && sql.toUpperCase(Locale.ROOT).matches("(?s).*\\bTO\\b.*");
            throw new SQLFeatureNotSupportedException(keyword + " is transaction control, which the driver does itself: "
                    + (savepoint ? "savepoints are not supported; use " : "use ")
                    + "Connection.setAutoCommit(false) to begin, commit() and rollback() to end", "0A000");
        }
    }
}
