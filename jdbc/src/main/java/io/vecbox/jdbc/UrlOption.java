package io.vecbox.jdbc;

import io.vecbox.supervisor.FetchSize;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options a {@code jdbc:vecbox:} URL (or the {@code Properties} given to
 * {@link VecboxDriver#connect}) may set: the {@link WorkerPool.Builder} options that make sense as
 * text, plus the default fetch size of the driver's result sets. Each option parses and checks its
 * value ({@link #canonical}, which also gives the form used to tell two URLs apart) and applies it
 * to a builder ({@link #apply}).
 */
enum UrlOption {
    READERS("readers", "processors, at most 4", "read-only worker JVMs", UrlOption::integer,
            (b, v) -> b.readers(Integer.parseInt(v))),
    QUERY_TIMEOUT("queryTimeout", "30s", "deadline of a query and of each fetch of a ResultSet",
            UrlOption::duration, (b, v) -> b.queryTimeout(millis(v))),
    WRITE_TIMEOUT("writeTimeout", "60s", "deadline of a write", UrlOption::duration,
            (b, v) -> b.writeTimeout(millis(v))),
    ACQUIRE_TIMEOUT("acquireTimeout", "10s", "how long a statement waits for a free worker (or for the writer "
            + "another transaction holds)", UrlOption::duration, (b, v) -> b.acquireTimeout(millis(v))),
    BUSY_TIMEOUT("busyTimeout", "5s", "SQLite busy timeout of each worker's connection", UrlOption::duration,
            (b, v) -> b.busyTimeout(millis(v))),
    TRANSACTION_IDLE_TIMEOUT("transactionIdleTimeout", "60s", "an open transaction idle longer is rolled back "
            + "and the writer released", UrlOption::duration, (b, v) -> b.transactionIdleTimeout(millis(v))),
    CURSOR_IDLE_TIMEOUT("cursorIdleTimeout", "60s", "a ResultSet not read for longer is closed by its worker",
            UrlOption::duration, (b, v) -> b.cursorIdleTimeout(millis(v))),
    SHUTDOWN_GRACE_PERIOD("shutdownGracePeriod", "10s", "how long closing the pool lets running statements "
            + "finish", UrlOption::duration, (b, v) -> b.shutdownGracePeriod(millis(v))),
    KILL_GRACE_PERIOD("killGracePeriod", "2s", "how long past its deadline a worker may take before it is "
            + "killed", UrlOption::duration, (b, v) -> b.killGracePeriod(millis(v))),
    STARTUP_TIMEOUT("startupTimeout", "30s", "launch-to-ready limit of a worker", UrlOption::duration,
            (b, v) -> b.startupTimeout(millis(v))),
    QUARANTINE_PERIOD("quarantinePeriod", "10m", "how long a statement that crashed workers is refused",
            UrlOption::duration, (b, v) -> b.quarantinePeriod(millis(v))),
    SANDBOX("sandbox", "trusted", "trusted (the host's own SQL) or untrusted (the statement gate and limits "
            + "on reads)", UrlOption::sandbox,
            (b, v) -> b.sandbox(v.equals("trusted") ? SandboxPolicy.trusted() : SandboxPolicy.untrusted())),
    MAX_ROWS("maxRows", "10000", "rows a write's RETURNING clause gives back at most", UrlOption::integer,
            (b, v) -> b.maxRows(Integer.parseInt(v))),
    MAX_RESULT_BYTES("maxResultBytes", "16777216", "encoded size of the rows a write's RETURNING clause gives "
            + "back at most", UrlOption::longInteger, (b, v) -> b.maxResultBytes(Long.parseLong(v))),
    MAX_QUEUED("maxQueued", "1000", "statements that may wait for a worker before more are refused",
            UrlOption::integer, (b, v) -> b.maxQueued(Integer.parseInt(v))),
    STATEMENT_CACHE_SIZE("statementCacheSize", "64", "prepared statements cached per worker", UrlOption::integer,
            (b, v) -> b.statementCacheSize(Integer.parseInt(v))),
    READ_ONLY("readOnly", "false", "readers only, no writer, over a file something else maintains (a Litestream "
            + "restore, a snapshot); every connection is read-only and every write fails with SQLState 25006",
            UrlOption::bool, (b, v) -> b.readOnly(Boolean.parseBoolean(v))),
    NAME("name", "vecbox-N", "the pool's name, prefix of its log lines and thread names", UrlOption::text,
            WorkerPool.Builder::name),
    CACHE_DIRECTORY("cacheDirectory", "~/.cache/vecbox", "where the worker jar and native libraries are unpacked",
            UrlOption::path, (b, v) -> b.cacheDirectory(Path.of(v))),
    CRASH_LOG_DIRECTORY("crashLogDirectory", "<cacheDirectory>/crash-logs", "where workers write JVM crash logs",
            UrlOption::path, (b, v) -> b.crashLogDirectory(Path.of(v))),
    JVM_OPTIONS("jvmOptions", "", "extra worker JVM options, separated by spaces (e.g. -Xmx1g)", UrlOption::text,
            (b, v) -> b.jvmOptions(v.isBlank() ? List.of() : Arrays.asList(v.trim().split("\\s+")))),
    FETCH_SIZE("fetchSize", "0", "rows a ResultSet fetches at a time unless Statement.setFetchSize says; 0: "
            + "bounded by fetchBytes alone", UrlOption::integer, (b, v) -> { }),
    FETCH_BYTES("fetchBytes", String.valueOf(FetchSize.DEFAULT.bytes()), "encoded bytes a ResultSet fetches "
            + "at a time at most", UrlOption::longInteger, (b, v) -> { });

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String key;
    private final String defaultText;
    private final String description;
    private final Function<String, String> canonical;
    private final BiConsumer<WorkerPool.Builder, String> apply;

    UrlOption(String key, String defaultText, String description, Function<String, String> canonical,
              BiConsumer<WorkerPool.Builder, String> apply) {
        this.key = key;
        this.defaultText = defaultText;
        this.description = description;
        this.canonical = canonical;
        this.apply = apply;
    }

    /** @return the option's name in a URL, e.g. {@code queryTimeout} */
    String key() {
        return key;
    }

    /** @return the default, as text */
    String defaultText() {
        return defaultText;
    }

    /** @return what the option does */
    String description() {
        return description;
    }

    /**
     * @param value the value as written
     * @return the value in one canonical form (durations in milliseconds, e.g. {@code 5000ms})
     * @throws IllegalArgumentException naming the option if the value does not parse
     */
    String canonical(String value) {
        try {
            return canonical.apply(value.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param builder the builder to set
     * @param canonicalValue a value from {@link #canonical}
     * @throws IllegalArgumentException from the builder, naming the option, if out of range
     */
    void apply(WorkerPool.Builder builder, String canonicalValue) {
        apply.accept(builder, canonicalValue);
    }

    /**
     * @param key an option name
     * @return the option, or null if there is none of that name (names are case-sensitive)
     */
    static UrlOption byKey(String key) {
        for (UrlOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** @return every option name, comma-separated, in declaration order */
    static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (UrlOption o : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.key);
        }
        return sb.toString();
    }

    /**
     * Parses a duration written as {@code <n>ms}, {@code <n>s}, {@code <n>m} or {@code <n>h}, or
     * in ISO-8601 ({@code PT5S}).
     *
     * @param text the duration as written
     * @return it in milliseconds, e.g. {@code 5000ms}
     * @throws IllegalArgumentException if it is none of those forms
     */
    static String duration(String text) {
        Duration d;
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else if (text.toUpperCase(Locale.ROOT).startsWith("PT")) {
            d = Duration.parse(text);
        } else {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write 500ms, 5s, 2m or 1h)");
        }
        return d.toMillis() + "ms";
    }

    private static Duration millis(String canonical) {
        return Duration.ofMillis(Long.parseLong(canonical.substring(0, canonical.length() - 2)));
    }

    private static String bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("not true or false: '" + text + "'");
        }
        return t;
    }

    private static String integer(String text) {
        try {
            return String.valueOf(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + text + "'");
        }
    }

    private static String longInteger(String text) {
        try {
            return String.valueOf(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + text + "'");
        }
    }

    private static String sandbox(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        if (!v.equals("trusted") && !v.equals("untrusted")) {
            throw new IllegalArgumentException("'" + text + "' is neither trusted nor untrusted");
        }
        return v;
    }

    private static String text(String text) {
        return text;
    }

    private static String path(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return Path.of(text).toAbsolutePath().normalize().toString();
    }
}
