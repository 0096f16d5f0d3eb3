package io.vecbox.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects shell input into statements ended by a {@code ;} outside quotes and comments, so a
 * statement may span lines and a line may hold several. (A trigger body's inner {@code ;} ends the
 * statement too: triggers need one line per {@code ;}-free body, which is rare in a vector shell.)
 * Not thread-safe.
 */
final class StatementSplitter {
    private final StringBuilder buffer = new StringBuilder();

    /**
     * @param line one line of input
     * @return the statements it completed, without their {@code ;}, blank ones dropped
     */
    List<String> add(String line) {
        buffer.append(line).append('\n');
        List<String> done = new ArrayList<>();
        int start = 0;
        int i = 0;
        String s = buffer.toString();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    break; // the quote continues on the next line
                }
                i = end + 1;
            } else if (c == '[') {
                int end = s.indexOf(']', i + 1);
                if (end < 0) {
                    break;
                }
                i = end + 1;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end + 1;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    break;
                }
                i = end + 2;
            } else if (c == ';') {
                String stmt = s.substring(start, i).strip();
                if (!stmt.isEmpty()) {
                    done.add(stmt);
                }
                start = i + 1;
                i++;
            } else {
                i++;
            }
        }
        buffer.delete(0, start);
        if (buffer.toString().isBlank()) {
            buffer.setLength(0);
        }
        return done;
    }

    /** @return whether a statement is partly typed */
    boolean pending() {
        return buffer.length() > 0;
    }

    /** @return the unfinished text, and forget it */
    String drain() {
        String rest = buffer.toString().strip();
        buffer.setLength(0);
        return rest;
    }

    /**
     * @param sql a statement
     * @return true if it reads (select, with, values, explain, pragma): it goes to a reader
     */
    static boolean isQuery(String sql) {
        return switch (firstKeyword(sql)) {
            case "select", "with", "values", "explain", "pragma" -> true;
            default -> false;
        };
    }

    /**
     * @param sql a statement
     * @return its keyword in upper case if it controls a transaction (BEGIN, COMMIT, END, ROLLBACK,
     *     SAVEPOINT, RELEASE), else null
     */
    static String transactionControl(String sql) {
        String keyword = firstKeyword(sql);
        return switch (keyword) {
            case "begin", "commit", "end", "rollback", "savepoint", "release" -> keyword.toUpperCase(Locale.ROOT);
            default -> null;
        };
    }

    /** @return the statement's first word in lower case, after comments and parentheses */
    private static String firstKeyword(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else if (s.startsWith("(")) {
                s = s.substring(1).strip();
            } else {
                break;
            }
        }
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
