package io.vecbox.jdbc;

import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed, checked {@code jdbc:vecbox:<path>[?option=value&...]} URL merged with the
 * {@code Properties} given beside it. Immutable.
 *
 * <p>The path is taken as written (relative paths against the working directory); an empty path
 * means a temporary database, deleted when its pool closes. Option values may be percent-encoded
 * ({@code %26} for {@code &}). {@code user} and {@code password} are accepted and ignored: the
 * database is a local file. An option given both in the URL and in the properties must have the
 * same value in both.
 */
final class ConnectionOptions {
    /** Names a client may pass that mean nothing to a file database; accepted and ignored. */
    private static final Set<String> IGNORED = Set.of("user", "password");

    private final String url;
    private final Path database;
    private final Map<UrlOption, String> values;
    private final FetchSize fetchSize;

    private ConnectionOptions(String url, Path database, Map<UrlOption, String> values) {
        this.url = url;
        this.database = database;
        this.values = Collections.unmodifiableMap(values);
        int rows = Integer.parseInt(get(UrlOption.FETCH_SIZE));
        long bytes = Long.parseLong(get(UrlOption.FETCH_BYTES));
        if (rows < 0) {
            throw new IllegalArgumentException("fetchSize < 0: " + rows);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("fetchBytes < 1: " + bytes);
        }
        this.fetchSize = new FetchSize(rows, bytes);
    }

    /**
     * @param url a {@code jdbc:vecbox:} URL
     * @param info more options, may be null
     * @return the options
     * @throws SQLNonTransientConnectionException (SQLState 08001) naming the problem: not a vecbox
     *     URL, an unknown option (listing the known ones), a value that does not parse or is out
     *     of range, an option given twice with different values
     */
    static ConnectionOptions parse(String url, Properties info) throws SQLException {
        try {
            return parseOrThrow(url, info);
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
        }
    }

    private static ConnectionOptions parseOrThrow(String url, Properties info) {
        if (url == null || !url.startsWith(VecboxDriver.PREFIX)) {
            throw new IllegalArgumentException("not a vecbox URL: " + url + " (expected " + VecboxDriver.PREFIX
                    + "<path>[?option=value&...])");
        }
        String rest = url.substring(VecboxDriver.PREFIX.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<UrlOption, String> values = new EnumMap<>(UrlOption.class);
        Set<String> unknown = new TreeSet<>();
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("option without a value: '" + pair + "' in " + url);
                }
                put(values, unknown, decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)), "the URL");
            }
        }
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                put(values, unknown, name, info.getProperty(name), "the properties");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known options: " + UrlOption.knownKeys());
        }
        WorkerPool.Builder check = WorkerPool.builder();
        values.forEach((o, v) -> o.apply(check, v));
        return new ConnectionOptions(url, database(path), values);
    }

    private static void put(Map<UrlOption, String> values, Set<String> unknown, String key, String value,
                            String where) {
        if (IGNORED.contains(key)) {
            return;
        }
        UrlOption option = UrlOption.byKey(key);
        if (option == null) {
            unknown.add(key);
            return;
        }
        String canonical = option.canonical(value);
        String before = values.putIfAbsent(option, canonical);
        if (before != null && !before.equals(canonical)) {
            throw new IllegalArgumentException(key + " is given twice, as " + before + " and as " + canonical
                    + " (the second in " + where + ")");
        }
    }

    private static Path database(String path) {
        if (path.isEmpty()) {
            return null;
        }
        if (path.equals(":memory:") || path.startsWith("file:")) {
            throw new IllegalArgumentException("'" + path + "' is not supported: each worker is a process of its "
                    + "own and they share one database file; give a file path, or none for a temporary database");
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Percent-decoding as in URLs, without {@code +} for space (it may be part of a value). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("bad percent-encoding in '" + s + "'");
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** @return the URL as given */
    String url() {
        return url;
    }

    /** @return the database file, absolute and normalised; null for a temporary database */
    Path database() {
        return database;
    }

    /**
     * @param option an option
     * @return its canonical value, or its default text if not set
     */
    String get(UrlOption option) {
        String v = values.get(option);
        return v != null ? v : option.defaultText();
    }

    /** @return the options that were set, canonical values */
    Map<UrlOption, String> values() {
        return values;
    }

    /** @return the default fetch size of the connections' result sets */
    FetchSize fetchSize() {
        return fetchSize;
    }

    /**
     * The key under which {@link java.sql.DriverManager} connections share a pool: the normalised
     * path and the options that were set, in canonical form and a fixed order. Two URLs that differ
     * only in spelling ({@code 5s} and {@code 5000ms}, option order, {@code ./a.db} and {@code a.db})
     * share a pool.
     *
     * @return the key
     */
    String poolKey() {
        StringBuilder sb = new StringBuilder(VecboxDriver.PREFIX).append(database == null ? "" : database);
        char sep = '?';
        for (Map.Entry<UrlOption, String> e : values.entrySet()) {
            sb.append(sep).append(e.getKey().key()).append('=').append(e.getValue());
            sep = '&';
        }
        return sb.toString();
    }

    /** @return a builder for this URL's pool: its database and options, sandbox {@code trusted} by default */
    WorkerPool.Builder builder() {
        WorkerPool.Builder b = WorkerPool.builder().sandbox(SandboxPolicy.trusted());
        if (database != null) {
            b.database(database);
        }
        values.forEach((o, v) -> o.apply(b, v));
        return b;
    }

    /** @return the options as {@code key=value} for the driver's property info, set ones first */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        values.forEach((o, v) -> out.add(o.key() + "=" + v));
        return out;
    }
}
