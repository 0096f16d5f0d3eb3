package io.vecbox.supervisor;

/**
 * SQLite run-time limits ({@code sqlite3_limit}) lowered for untrusted queries, after SQLite's
 * own security guidance ("Defense Against The Dark Arts"), each tuned so that real vector
 * queries still pass. The default and the reason for it are part of each constant's
 * documentation; change them with {@link SandboxPolicy.Builder#limit}.
 */
public enum SqliteLimit {
    /**
     * Largest string or blob, 16 MiB. Bounds {@code zeroblob}, {@code randomblob},
     * {@code printf} widths, {@code group_concat} and {@code replace} growth. Not lower: vec0
     * keeps vectors in chunk blobs of 1,024 vectors (a float[1536] chunk is 6 MiB) and reading
     * one is checked against this limit.
     */
    LENGTH(16 * 1024 * 1024),
    /**
     * Longest SQL text, 100,000 bytes (guidance: 100,000). Vectors belong in parameters, but a
     * JSON vector literal of 1,536 floats is about 15 KB and still fits. The statement gate
     * refuses longer SQL before it reaches a worker.
     */
    SQL_LENGTH(100_000),
    /** Columns in a result, table or index, 100 (guidance: 100). */
    COLUMN(100),
    /**
     * Depth of an expression tree, 100 (guidance: 10). Ten is too few for ordinary filters:
     * every {@code AND} adds a level. Deeply nested expressions fail at prepare time.
     */
    EXPR_DEPTH(100),
    /** Terms of a compound SELECT, 10 (guidance: 3); UNION chains longer than that are rare by hand. */
    COMPOUND_SELECT(10),
    /**
     * VM instructions in one prepared statement, 25,000 (guidance: 25,000). Bounds program
     * size, not running time: time is the deadline's job.
     */
    VDBE_OP(25_000),
    /**
     * Arguments of one function call, 32 (guidance: 8). Eight would break {@code json_object}
     * with more than four keys.
     */
    FUNCTION_ARG(32),
    /** Attached databases, 0 (guidance: 0): {@code ATTACH} fails even if the gate were off. */
    ATTACHED(0),
    /** Length of a LIKE or GLOB pattern, 50 (guidance: 50): bounds pattern-matching blow-ups. */
    LIKE_PATTERN_LENGTH(50),
    /**
     * Highest parameter number, 1,000 (guidance: 10). Allows {@code IN (?, ?, ...)} lists of
     * realistic size; each parameter still travels in a bounded frame.
     */
    VARIABLE_NUMBER(1000),
    /** Depth of trigger recursion, 10 (guidance: 10). Readers cannot write, so this is belt and braces. */
    TRIGGER_DEPTH(10);

    private final int defaultValue;

    SqliteLimit(int defaultValue) {
        this.defaultValue = defaultValue;
    }

    /** @return the value {@link SandboxPolicy#untrusted()} sets */
    public int defaultValue() {
        return defaultValue;
    }
}
