package io.vecbox.supervisor;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a pool treats the SQL that reaches {@link WorkerPool#query}: SQL written by end users,
 * agents or plugins, not by the host. Writes ({@code execute}, {@code executeBatch},
 * {@code executeMany}) are the host's trusted path and are never gated.
 *
 * <p>The layers, each with its own tests:
 * <ol>
 *   <li>readers open the database read-only with {@code query_only} (always, even trusted);</li>
 *   <li>the statement gate, on a real tokenizer: one statement; only {@code SELECT},
 *       {@code WITH … SELECT}, {@code VALUES} and {@code EXPLAIN [QUERY PLAN]} of those; table-valued
 *       pragma functions only from {@link #allowedPragmaFunctions()}; no denied function;</li>
 *   <li>denied functions replaced in the worker by ones that refuse to run
 *       ({@link #deniedFunctions()}), bounded functions replaced by implementations that check
 *       their arguments first ({@link #boundedFunctions()}), SQL {@code load_extension()} switched
 *       off after sqlite-vec loads (always);</li>
 *   <li>SQLite limits ({@link SqliteLimit}), {@code cell_size_check=ON},
 *       {@code temp_store=MEMORY} and a hard heap limit, so big sorts and temp tables count against
 *       it; {@code trusted_schema=ON}, because the schema is the host's own (untrusted SQL cannot
 *       define any), so the host's views over vec0 work. Sandboxed readers read the file through
 *       the pool's {@code mmapSize} mapping like trusted ones: SQLite's advice to turn mapping off
 *       is about database files an attacker can change under the reader, and here the file is the
 *       host's, written only by its own writer (see {@link #hardHeapLimitBytes()} for how the
 *       mapped pages are kept out of the memory limit);</li>
 *   <li>the deadline, inside the worker and again by the pool's kill ({@code queryTimeout},
 *       {@code killGracePeriod});</li>
 *   <li>result size ({@code maxRows}, {@code maxResultBytes}): the pool's own limits, the same
 *       for trusted and untrusted queries; past one a query fails with
 *       {@link ResultTooLargeException} unless the pool was built with
 *       {@code truncateResults(true)} (then {@link QueryResult#truncated()});</li>
 *   <li>the process: heap cap, exit on OOM, no inherited environment, an optional
 *       {@code commandPrefix} such as {@code prlimit}.</li>
 * </ol>
 * Layers 5 to 7 are pool options; this policy holds 2 to 4. Every function and module of the
 * worker's build has a written verdict (allowed, bounded or denied, with the reason) in
 * {@code SANDBOX-FUNCTIONS.md}, and a test sweeps all of them with boundary arguments.
 * Immutable and thread-safe.
 */
public final class SandboxPolicy {
    /**
     * Table-valued pragma functions an untrusted query may use: they describe the schema and
     * the SQL engine, change nothing, and reveal no path. {@code pragma_database_list} (file
     * paths) and the rest are left out.
     */
    public static final Set<String> DEFAULT_ALLOWED_PRAGMA_FUNCTIONS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "pragma_table_info", "pragma_table_xinfo", "pragma_table_list", "pragma_index_list",
            "pragma_index_info", "pragma_index_xinfo", "pragma_foreign_key_list", "pragma_collation_list",
            "pragma_function_list", "pragma_module_list")));

    /**
     * Functions an untrusted query may not call. Of what the bundled SQLite, sqlite-jdbc and
     * sqlite-vec 0.1.9 register ({@code pragma_function_list}):
     * <ul>
     *   <li>two reach outside the database: {@code load_extension} loads native code, and
     *       {@code fts3_tokenizer} installs (two arguments) or reveals (one) a native tokenizer
     *       pointer, as SQLite's security guidance warns;</li>
     *   <li>three of sqlite-jdbc's extension aggregates, {@code mode}, {@code lower_quartile} and
     *       {@code upper_quartile}, keep their values in an unbalanced binary tree that they walk
     *       recursively: sorted input of about 40,000 rows exhausts the native stack and kills the
     *       worker. SQLite's own {@code percentile_cont(x, 0.25)} and {@code (x, 0.75)} give the
     *       quartiles, and {@code GROUP BY x ORDER BY count(*) DESC LIMIT 1} the mode;</li>
     *   <li>{@code sqlite_log} writes the caller's text into SQLite's error log.</li>
     * </ul>
     * The file functions of SQLite's shell and extensions ({@code readfile}, {@code writefile},
     * {@code edit}, {@code fsdir}, {@code zipfile}, {@code sqlar_compress},
     * {@code sqlar_uncompress}, {@code lsmode}) are not registered by this build; they are
     * denied anyway so that a build or extension that adds them stays closed.
     */
    public static final Set<String> DEFAULT_DENIED_FUNCTIONS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "fsdir", "zipfile",
            "sqlar_compress", "sqlar_uncompress", "lsmode", "mode", "lower_quartile", "upper_quartile",
            "sqlite_log")));

    /**
     * Functions an untrusted query may call only through the worker's own implementation, which
     * checks the arguments before computing the result: sqlite-jdbc's bundled string functions
     * (its copy of SQLite's contributed {@code extension-functions.c}). Their C code sizes
     * allocations with 32-bit {@code int}s and walks C strings: {@code replicate('x', 4294967297)}
     * and {@code padl}/{@code padr}/{@code padc('x', 4294967300)} allocate a few bytes and write
     * four gigabytes (a heap overflow with the caller's bytes), {@code rightstr('abc', -100000000)}
     * reads far past the string, {@code replicate('', 9223372036854775807)} spins where no deadline
     * reaches. The replacements give the same results on valid input; a result longer than the
     * connection's {@link SqliteLimit#LENGTH} limit (and at most an eighth of the worker's heap)
     * fails with SQLite code 18 (SQLITE_TOOBIG) and a message naming the function and the bound.
     * This is also the set of names {@link Builder#boundFunction} accepts.
     */
    public static final Set<String> DEFAULT_BOUNDED_FUNCTIONS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "charindex", "leftstr", "padc", "padl", "padr", "proper", "replicate", "reverse", "rightstr",
            "strfilter")));

    /**
     * The memory one untrusted statement may take, 256 MiB. Set as SQLite's
     * {@code hard_heap_limit}, which SQLite enforces only when built with memory statistics on;
     * the bundled sqlite-jdbc build has them off, so the worker also enforces it itself: it
     * samples its resident size while a statement runs and interrupts the statement (SQLITE_NOMEM)
     * once its native growth passes the limit, and exits if an interrupt cannot stop it (Linux,
     * via {@code /proc}; elsewhere bound the worker with {@code commandPrefix}).
     */
    public static final long DEFAULT_HARD_HEAP_LIMIT_BYTES = 256L * 1024 * 1024;

    private static final SandboxPolicy TRUSTED = new SandboxPolicy(false, Map.of(), Set.of(), Set.of(), Set.of(), 0);
    private static final SandboxPolicy UNTRUSTED = builder().build();

    private final boolean gate;
    private final Map<SqliteLimit, Integer> limits;
    private final Set<String> allowedPragmaFunctions;
    private final Set<String> deniedFunctions;
    private final Set<String> boundedFunctions;
    private final long hardHeapLimitBytes;

    private SandboxPolicy(boolean gate, Map<SqliteLimit, Integer> limits, Set<String> allowedPragmaFunctions,
                          Set<String> deniedFunctions, Set<String> boundedFunctions, long hardHeapLimitBytes) {
        this.gate = gate;
        this.limits = limits.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(limits));
        this.allowedPragmaFunctions = Collections.unmodifiableSet(new TreeSet<>(allowedPragmaFunctions));
        this.deniedFunctions = Collections.unmodifiableSet(new TreeSet<>(deniedFunctions));
        this.boundedFunctions = Collections.unmodifiableSet(new TreeSet<>(boundedFunctions));
        this.hardHeapLimitBytes = hardHeapLimitBytes;
    }

    /** @return the default for {@link WorkerPool#query}: every layer on, every default as documented */
    public static SandboxPolicy untrusted() {
        return UNTRUSTED;
    }

    /**
     * @return the policy for SQL the host wrote itself: no gate, no lowered limits, no denied or
     *     bounded functions (SQL {@code load_extension()} stays off); readers stay read-only. The
     *     native functions that {@link #DEFAULT_BOUNDED_FUNCTIONS} replaces for untrusted SQL run
     *     as they are, and crash the worker on the arguments named there
     */
    public static SandboxPolicy trusted() {
        return TRUSTED;
    }

    /** @return a builder that starts from {@link #untrusted()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the statement gate runs */
    public boolean gate() {
        return gate;
    }

    /** @return the SQLite limits set on reader connections */
    public Map<SqliteLimit, Integer> limits() {
        return limits;
    }

    /** @return table-valued pragma functions a query may use (lower-case) */
    public Set<String> allowedPragmaFunctions() {
        return allowedPragmaFunctions;
    }

    /** @return functions a query may not call (lower-case); default {@link #DEFAULT_DENIED_FUNCTIONS} */
    public Set<String> deniedFunctions() {
        return deniedFunctions;
    }

    /**
     * @return functions a query calls through the worker's checked implementation (lower-case);
     *     default {@link #DEFAULT_BOUNDED_FUNCTIONS}; never overlaps {@link #deniedFunctions()}
     */
    public Set<String> boundedFunctions() {
        return boundedFunctions;
    }

    /**
     * The memory one statement may take on a reader: SQLite's hard heap limit and the worker's
     * memory guard, which samples the process's resident size while the statement runs. The
     * guard counts private memory only, resident minus shared pages ({@code /proc/self/statm}):
     * pages of the database file mapped by {@code mmapSize} are file-backed and shared, and a
     * scan of a file larger than the limit through the mapping is not a memory-limit violation;
     * Java heap growth is left out too (the heap has its own cap).
     *
     * @return the limit in bytes, 0 for none
     */
    public long hardHeapLimitBytes() {
        return hardHeapLimitBytes;
    }

    /** @return the longest SQL the gate accepts: the {@link SqliteLimit#SQL_LENGTH} limit, or unbounded */
    public int maxSqlLength() {
        return limits.getOrDefault(SqliteLimit.SQL_LENGTH, Integer.MAX_VALUE);
    }

    /** @return whether this is the trusted profile (no gate, no limits) */
    public boolean isTrusted() {
        return !gate && limits.isEmpty() && deniedFunctions.isEmpty() && boundedFunctions.isEmpty()
                && hardHeapLimitBytes == 0;
    }

    @Override
    public String toString() {
        return isTrusted() ? "SandboxPolicy[trusted]" : "SandboxPolicy[gate=" + gate + ", limits=" + limits
                + ", hardHeapLimitBytes=" + hardHeapLimitBytes + ", deniedFunctions=" + deniedFunctions
                + ", boundedFunctions=" + boundedFunctions
                + ", allowedPragmaFunctions=" + allowedPragmaFunctions + "]";
    }

    /** Mutable, not thread-safe; starts from the untrusted defaults. */
    public static final class Builder {
        private boolean gate = true;
        private final Map<SqliteLimit, Integer> limits = new EnumMap<>(SqliteLimit.class);
        private final Set<String> allowedPragmaFunctions = new TreeSet<>(DEFAULT_ALLOWED_PRAGMA_FUNCTIONS);
        private final Set<String> deniedFunctions = new TreeSet<>(DEFAULT_DENIED_FUNCTIONS);
        private final Set<String> boundedFunctions = new TreeSet<>(DEFAULT_BOUNDED_FUNCTIONS);
        private long hardHeapLimitBytes = DEFAULT_HARD_HEAP_LIMIT_BYTES;

        private Builder() {
            for (SqliteLimit l : SqliteLimit.values()) {
                limits.put(l, l.defaultValue());
            }
        }

        /**
         * @param gate whether the statement gate runs; default true
         * @return this
         */
        public Builder gate(boolean gate) {
            this.gate = gate;
            return this;
        }

        /**
         * @param limit which limit
         * @param value its value, {@code >= 0} ({@link SqliteLimit#ATTACHED} may be 0; SQLite
         *     caps each at its compile-time maximum)
         * @return this
         * @throws IllegalArgumentException if negative, or 0 where 0 would make every query fail
         */
        public Builder limit(SqliteLimit limit, int value) {
            Objects.requireNonNull(limit, "limit");
            boolean zeroOk = limit == SqliteLimit.ATTACHED || limit == SqliteLimit.TRIGGER_DEPTH
                    || limit == SqliteLimit.VARIABLE_NUMBER;
            if (value < 0 || (value == 0 && !zeroOk)) {
                throw new IllegalArgumentException("limit " + limit + " < " + (zeroOk ? 0 : 1) + ": " + value);
            }
            limits.put(limit, value);
            return this;
        }

        /**
         * @param name a table-valued pragma function to allow, e.g. {@code pragma_index_list}
         * @return this
         * @throws IllegalArgumentException if the name does not start with {@code pragma_}
         */
        public Builder allowPragmaFunction(String name) {
            String n = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
            if (!n.startsWith("pragma_")) {
                throw new IllegalArgumentException("allowPragmaFunction: not a pragma function: " + name);
            }
            allowedPragmaFunctions.add(n);
            return this;
        }

        /**
         * @param name a function to deny (also takes it off the bounded functions)
         * @return this
         */
        public Builder denyFunction(String name) {
            String n = requireName(name);
            deniedFunctions.add(n);
            boundedFunctions.remove(n);
            return this;
        }

        /**
         * @param name a function to take off the denied and the bounded functions: the native
         *     function then runs unchecked, at your own risk
         * @return this
         */
        public Builder allowFunction(String name) {
            String n = requireName(name);
            deniedFunctions.remove(n);
            boundedFunctions.remove(n);
            return this;
        }

        /**
         * @param name a function to call through the worker's checked implementation (also takes
         *     it off the denied functions)
         * @return this
         * @throws IllegalArgumentException if the worker has no checked implementation of it (the
         *     names are {@link #DEFAULT_BOUNDED_FUNCTIONS})
         */
        public Builder boundFunction(String name) {
            String n = requireName(name);
            if (!DEFAULT_BOUNDED_FUNCTIONS.contains(n)) {
                throw new IllegalArgumentException("boundFunction: no checked implementation of " + name
                        + "(); known: " + String.join(", ", DEFAULT_BOUNDED_FUNCTIONS));
            }
            boundedFunctions.add(n);
            deniedFunctions.remove(n);
            return this;
        }

        /**
         * @param bytes SQLite's hard heap limit per reader process; 0 for none; default 256 MiB
         * @return this
         * @throws IllegalArgumentException if negative or below 8 MiB (SQLite itself needs room)
         */
        public Builder hardHeapLimitBytes(long bytes) {
            if (bytes < 0 || (bytes > 0 && bytes < 8L * 1024 * 1024)) {
                throw new IllegalArgumentException("hardHeapLimitBytes not 0 or >= 8 MiB: " + bytes);
            }
            this.hardHeapLimitBytes = bytes;
            return this;
        }

        /** @return the policy */
        public SandboxPolicy build() {
            return new SandboxPolicy(gate, limits, allowedPragmaFunctions, deniedFunctions, boundedFunctions,
                    hardHeapLimitBytes);
        }

        private static String requireName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("function name is blank: '" + name + "'");
            }
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
