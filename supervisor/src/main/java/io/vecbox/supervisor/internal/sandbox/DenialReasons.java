package io.vecbox.supervisor.internal.sandbox;

import java.util.Map;

/**
 * Why each of the sandbox policy's default denied functions is denied, and what to do instead,
 * for the gate's messages. The full table is {@code SANDBOX-FUNCTIONS.md}. Thread-safe.
 */
final class DenialReasons {
    private static final String FILES = "it reads or writes files; do that work in the host instead";
    private static final String STACK = "sqlite-jdbc's extension aggregate keeps its values in an unbalanced tree"
            + " that it walks recursively, so sorted input of about 40,000 rows exhausts the native stack and kills"
            + " the worker; ";
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("load_extension", "it loads native code from outside the database; load extensions in the"
                    + " host instead"),
            Map.entry("fts3_tokenizer", "it installs or reveals a native tokenizer pointer; register tokenizers"
                    + " in the host instead"),
            Map.entry("readfile", FILES),
            Map.entry("writefile", FILES),
            Map.entry("edit", FILES),
            Map.entry("fsdir", FILES),
            Map.entry("zipfile", FILES),
            Map.entry("sqlar_compress", FILES),
            Map.entry("sqlar_uncompress", FILES),
            Map.entry("lsmode", FILES),
            Map.entry("mode", STACK + "use GROUP BY x ORDER BY count(*) DESC LIMIT 1 instead"),
            Map.entry("lower_quartile", STACK + "use percentile_cont(x, 0.25) instead"),
            Map.entry("upper_quartile", STACK + "use percentile_cont(x, 0.75) instead"),
            Map.entry("sqlite_log", "it writes the caller's text into SQLite's error log"));

    private DenialReasons() {
    }

    /**
     * @param name a denied function, lower-case
     * @return why it is denied, to follow "denied in untrusted queries because"
     */
    static String of(String name) {
        return REASONS.getOrDefault(name, "the pool's sandbox policy denies it");
    }
}
