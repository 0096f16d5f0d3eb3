package io.vecbox.worker;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The sandbox's bounded functions: sqlite-jdbc's bundled string functions (its copy of SQLite's
 * contributed {@code extension-functions.c}) re-implemented in Java, registered over the native
 * ones under the same names and arities, so that the native code never runs on untrusted SQL.
 *
 * <p>Why: the C code sizes its allocations with 32-bit {@code int}s and C strings. {@code
 * replicate('x', 4294967297)} and {@code padl('x', 4294967300)} allocate a few bytes and then write
 * four gigabytes (a heap overflow with the caller's bytes); {@code rightstr('abc', -100000000)}
 * walks a hundred megabytes past the string (SIGSEGV); {@code replicate('', 9223372036854775807)}
 * spins in native code where no deadline reaches it. Each replacement checks its arguments first:
 * a result longer than {@link #maxResultBytes} fails with SQLITE_TOOBIG and a message naming the
 * function and the bound; counts are clamped the way the C functions meant them.
 *
 * <p>Semantics follow the C functions on valid UTF-8: text arguments end at their first NUL (C
 * strings), lengths and positions count characters, {@code proper} changes ASCII letters only.
 * Malformed UTF-8 (a blob read as text) is decoded with U+FFFD replacements instead of being read
 * past its end. Results are text, as before.
 *
 * <p>Registered on the statement thread; called by SQLite on it. Not otherwise thread-safe.
 */
final class BoundedFunctions {
    /** Every function this class can replace, with the arities sqlite-jdbc registers it with. */
    static final Map<String, List<Integer>> ARITIES = arities();

    private static final ThreadLocal<String> TOO_BIG = new ThreadLocal<>();
    private static final int SQLITE_UTF8 = 1;
    private static final int SQLITE_NULL = 5;

    private BoundedFunctions() {
    }

    private static Map<String, List<Integer>> arities() {
        Map<String, List<Integer>> m = new TreeMap<>();
        m.put("charindex", List.of(2, 3));
        m.put("leftstr", List.of(2));
        m.put("padc", List.of(2));
        m.put("padl", List.of(2));
        m.put("padr", List.of(2));
        m.put("proper", List.of(1));
        m.put("replicate", List.of(2));
        m.put("reverse", List.of(1));
        m.put("rightstr", List.of(2));
        m.put("strfilter", List.of(2));
        return m;
    }

    /**
     * @param conn the connection, its limits already set
     * @param names functions to replace (lower-case)
     * @throws IllegalArgumentException if a name has no implementation here
     * @throws SQLException if SQLite refuses a registration
     */
    static void register(SQLiteConnection conn, List<String> names) throws SQLException {
        long maxResultBytes = maxResultBytes(conn.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), -1),
                Runtime.getRuntime().maxMemory());
        for (String name : names) {
            List<Integer> arities = ARITIES.get(name);
            if (arities == null) {
                throw new IllegalArgumentException("no bounded implementation of function " + name + "(); known: "
                        + String.join(", ", ARITIES.keySet()));
            }
            for (int args : arities) {
                // SQLITE_UTF8 in the flags for the reason DeniedFunctions gives: the native ones are UTF-8.
                Function.create(conn, name, new Bounded(name, maxResultBytes), args, SQLITE_UTF8);
            }
        }
    }

    /**
     * The longest result a replacement builds: SQLite's LENGTH limit of the connection, and at
     * most an eighth of the Java heap, since a result is held as a string and again as UTF-8 bytes
     * while it is handed to SQLite (32 MiB with the default {@code -Xmx256m}).
     */
    static long maxResultBytes(int lengthLimit, long maxHeapBytes) {
        return Math.min(lengthLimit, maxHeapBytes / 8);
    }

    /** @return the refusal raised on this thread by the last statement, cleared; or null */
    static String takeRefusal() {
        String r = TOO_BIG.get();
        TOO_BIG.remove();
        return r;
    }

    /** One registration: dispatches on the name, so the implementations stay plain static methods. */
    private static final class Bounded extends Function {
        private final String name;
        private final long maxResultBytes;

        Bounded(String name, long maxResultBytes) {
            this.name = name;
            this.maxResultBytes = maxResultBytes;
        }

        @Override
        protected void xFunc() throws SQLException {
            try {
                call();
            } catch (Refusal e) {
                error(e.getMessage()); // as the C functions report theirs: the message alone
            }
        }

        private void call() throws SQLException, Refusal {
            int argc = args();
            String s = cString(0);
            switch (name) {
                case "replicate" -> text(s == null ? null : replicate(s, value_long(1)));
                case "padl", "padr", "padc" -> text(s == null ? null : pad(s, value_long(1)));
                case "leftstr" -> text(s == null || isNull(1) ? null : leftstr(s, value_int(1)));
                case "rightstr" -> text(s == null || isNull(1) ? null : rightstr(s, value_int(1)));
                case "reverse" -> text(s == null ? null : new StringBuilder(s).reverse().toString());
                case "proper" -> text(s == null ? null : proper(s));
                case "strfilter" -> text(s == null || isNull(1) ? null : strfilter(s, cString(1)));
                case "charindex" -> {
                    if (s == null || isNull(1)) {
                        result();
                    } else {
                        result(charindex(s, cString(1), argc == 3 ? value_int(2) : 1));
                    }
                }
                default -> throw new SQLException("no bounded implementation of " + name + "()");
            }
        }

        private boolean isNull(int arg) throws SQLException {
            return value_type(arg) == SQLITE_NULL;
        }

        /** The argument as the C functions read it: text up to its first NUL; null for SQL NULL. */
        private String cString(int arg) throws SQLException {
            if (isNull(arg)) {
                return null;
            }
            String s = value_text(arg);
            if (s == null) {
                return null;
            }
            int nul = s.indexOf('\0');
            return nul < 0 ? s : s.substring(0, nul);
        }

        private void text(String s) throws SQLException {
            if (s == null) {
                result();
            } else {
                result(s);
            }
        }

        private String replicate(String s, long count) throws Refusal {
            if (count < 0) {
                throw new Refusal("domain error");
            }
            long bytes = utf8Length(s);
            if (bytes > 0 && count > maxResultBytes / bytes) {
                throw overLimit(count + " copies of " + bytes + " bytes make a result of "
                        + BigInteger.valueOf(bytes).multiply(BigInteger.valueOf(count)) + " bytes");
            }
            return bytes == 0 ? "" : s.repeat((int) count);
        }

        private String pad(String s, long width) throws Refusal {
            if (width < 0) {
                throw new Refusal("domain error");
            }
            long chars = s.codePointCount(0, s.length());
            if (chars >= width) {
                return s;
            }
            long padding = width - chars;
            long bytes = utf8Length(s) + padding;
            if (bytes > maxResultBytes) {
                throw overLimit("padding to " + width + " characters makes a result of " + bytes + " bytes");
            }
            int left = switch (name) {
                case "padl" -> (int) padding;
                case "padr" -> 0;
                default -> (int) (padding / 2);
            };
            return " ".repeat(left) + s + " ".repeat((int) padding - left);
        }

        private Refusal overLimit(String what) {
            String message = name + "(): " + what + ", over the sandbox's limit of " + maxResultBytes
                    + " bytes (the connection's LENGTH limit, at most an eighth of the worker's heap)";
            TOO_BIG.set(message);
            return new Refusal(message);
        }
    }

    /** An argument the function refuses; its message becomes the SQL error's. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    static String leftstr(String s, int count) {
        if (count <= 0) {
            return "";
        }
        int chars = s.codePointCount(0, s.length());
        return count >= chars ? s : s.substring(0, s.offsetByCodePoints(0, count));
    }

    static String rightstr(String s, int count) {
        if (count <= 0) {
            return "";
        }
        int chars = s.codePointCount(0, s.length());
        return count >= chars ? s : s.substring(s.offsetByCodePoints(0, chars - count));
    }

    /** Upper-cases the first ASCII letter of each word and lower-cases the rest; words split at space and tab. */
    static String proper(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                start = true;
            } else {
                if (c < 0x80) {
                    c = start ? Character.toUpperCase(c) : Character.toLowerCase(c);
                }
                start = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The characters of s that occur in allowed, in order; linear in both lengths. */
    static String strfilter(String s, String allowed) {
        BitSet set = new BitSet();
        allowed.codePoints().forEach(set::set);
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(set::get).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * 1-based character position of needle in haystack at or after character start, 0 if absent.
     * Knuth-Morris-Pratt, so that no pair of arguments costs more than linear time (a naive search
     * of a 8 MB needle in a 16 MB haystack runs for hours inside one call, out of the deadline's
     * reach until the worker is killed).
     */
    static int charindex(String needle, String haystack, int start) {
        if (needle.isEmpty()) {
            return 0;
        }
        long skip = Math.max(0, (long) start - 1);
        int chars = haystack.codePointCount(0, haystack.length());
        if (skip >= chars) {
            return 0;
        }
        int from = haystack.offsetByCodePoints(0, (int) skip);
        int at = indexOf(haystack, needle, from);
        return at < 0 ? 0 : haystack.codePointCount(0, at) + 1;
    }

    static int indexOf(String haystack, String needle, int from) {
        int m = needle.length();
        int[] fail = new int[m];
        for (int i = 1, k = 0; i < m; i++) {
            while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
                k = fail[k - 1];
            }
            if (needle.charAt(i) == needle.charAt(k)) {
                k++;
            }
            fail[i] = k;
        }
        for (int i = from, k = 0; i < haystack.length(); i++) {
            while (k > 0 && haystack.charAt(i) != needle.charAt(k)) {
                k = fail[k - 1];
            }
            if (haystack.charAt(i) == needle.charAt(k)) {
                k++;
            }
            if (k == m) {
                return i - m + 1;
            }
        }
        return -1;
    }

    static long utf8Length(String s) {
        return io.vecbox.protocol.EncodedSize.utf8Length(s);
    }
}
