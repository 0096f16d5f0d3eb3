package io.vecbox.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The function and keyword lists of {@link VecboxDatabaseMetaData}: SQLite's own function names
 * (not the Open Group names JDBC escapes use, which SQLite does not have), filtered by what the
 * workers register ({@code pragma_function_list}), upper-case and comma-separated. sqlite-vec's
 * {@code vec_*} functions count as numeric. Stateless.
 */
final class SqliteFunctions {
    /** The four lists {@link java.sql.DatabaseMetaData} asks for, with their candidate names. */
    enum Kind {
        NUMERIC("abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh",
                "cot", "coth", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power",
                "radians", "random", "round", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "trunc"),
        STRING("char", "charindex", "concat", "concat_ws", "format", "glob", "hex", "instr", "leftstr", "length",
                "like", "lower", "ltrim", "octet_length", "padc", "padl", "padr", "printf", "proper", "quote",
                "replace", "replicate", "reverse", "rightstr", "rtrim", "soundex", "strfilter", "substr",
                "substring", "trim", "unhex", "unicode", "unistr", "upper"),
        TIME_DATE("date", "datetime", "julianday", "strftime", "time", "timediff", "unixepoch"),
        SYSTEM("changes", "coalesce", "ifnull", "iif", "last_insert_rowid", "likelihood", "likely", "nullif",
                "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_source_id", "sqlite_version",
                "total_changes", "typeof", "unlikely");

        private final List<String> candidates;

        Kind(String... candidates) {
            this.candidates = List.of(candidates);
        }
    }

    /**
     * SQLite's keywords that are not SQL:2003 keywords (https://www.sqlite.org/lang_keywords.html),
     * as {@link java.sql.DatabaseMetaData#getSQLKeywords()} asks.
     */
    static final String KEYWORDS = "ABORT,ANALYZE,ATTACH,AUTOINCREMENT,CONFLICT,DATABASE,DETACH,EXCLUSIVE,"
            + "EXPLAIN,FAIL,GLOB,IF,IGNORE,INDEX,INDEXED,ISNULL,LIMIT,MATERIALIZED,NOTHING,NOTNULL,OFFSET,PLAN,"
            + "PRAGMA,QUERY,RAISE,REGEXP,REINDEX,RENAME,REPLACE,RETURNING,TEMP,VACUUM,VIRTUAL";

    private SqliteFunctions() {
    }

    /**
     * @param kind which list
     * @param registered the lower-case names of the functions the workers have
     * @return the list, sorted, upper-case, comma-separated
     */
    static String list(Kind kind, Set<String> registered) {
        Set<String> out = new TreeSet<>();
        for (String name : registered) {
            if (kind.candidates.contains(name) || kind == Kind.NUMERIC && name.startsWith("vec_")) {
                out.add(name.toUpperCase(Locale.ROOT));
            }
        }
        return String.join(",", out);
    }
}
