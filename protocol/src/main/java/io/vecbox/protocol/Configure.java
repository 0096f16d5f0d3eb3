package io.vecbox.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The supervisor's answer to {@link Hello}: everything the worker needs to open its
 * connection. Sent in a frame rather than on the command line so that paths and limits never
 * show up in a process listing and can grow without quoting trouble.
 *
 * @param name the worker's name for its own log lines, e.g. {@code pool/worker-2#3}
 * @param role reader or writer
 * @param database path of the database file
 * @param sqliteVec path of the sqlite-vec loadable extension, or empty to use the copy
 *     bundled with the worker
 * @param pragmas pragmas to run after opening, in order ({@code name → value})
 * @param busyTimeoutMillis SQLite busy timeout
 * @param maxRows default row cap for query results, used when a request gives none
 * @param maxResultBytes default cap on a result's encoded size
 * @param statementCacheSize prepared statements kept per connection (0 disables the cache)
 * @param limits SQLite run-time limits to set ({@code sqlite3_limit} category name without
 *     the {@code SQLITE_LIMIT_} prefix, e.g. {@code LENGTH} → value)
 * @param gate whether queries on this worker are untrusted (the supervisor's statement gate
 *     already ran; the worker adds its own layers: denied functions, limits, pragmas)
 * @param maxFrameBytes largest frame either side may send
 * @param deniedFunctions SQL functions the worker replaces by ones that refuse to run, so that
 *     no statement can call them whatever the gate missed (lower-case names)
 * @param memoryLimitBytes how much a single statement may grow the worker's native memory before
 *     the worker interrupts it (0: no limit); enforced by sampling the process's resident size
 * @param boundedFunctions SQL functions the worker replaces by its own implementations, which
 *     check their arguments against the connection's limits before computing the result, so that
 *     the native code behind the name never runs (lower-case names; the worker refuses to start
 *     on a name it has no implementation for)
 * @param cursorIdleMillis the worker closes a cursor not fetched for this long (its statement reset,
 *     its read snapshot released); at least 1, default {@link Protocol#DEFAULT_CURSOR_IDLE_MILLIS}
 * @param knnCacheBytes how many bytes of vec0 chunk storage a reader's KNN fast path may keep in
 *     its heap between queries (0: no cache); the worker uses at most a quarter of its maximum heap
 *     whatever this says; default {@link Protocol#DEFAULT_KNN_CACHE_BYTES}
 * @param partBytes 0 (the default): every answer travels in one frame; above 0: the worker may send
 *     a {@code query}'s rows ahead of its result in {@link Part}s of about this many encoded bytes
 * @param checkpointOnClose true (the default): a writer checkpoints the WAL into the database file and
 *     truncates it when it shuts down; false: it leaves the WAL as it is, for a process that owns
 *     checkpoints (Litestream). Readers never checkpoint
 * @param knnWarmUp false (the default): a reader's KNN cache fills on its first KNN scans; true: a
 *     reader whose fast path runs fills it before it answers ready, with the chunks of every vec0 table
 *     (without partition keys) its fast path serves, as one KNN query per vector column would, up to the
 *     cache's limit. The writer ignores it
 */
public record Configure(String name, Role role, String database, String sqliteVec,
                        Map<String, String> pragmas, int busyTimeoutMillis, int maxRows,
                        long maxResultBytes, int statementCacheSize, Map<String, Long> limits,
                        boolean gate, int maxFrameBytes, List<String> deniedFunctions, long memoryLimitBytes,
                        List<String> boundedFunctions, long cursorIdleMillis, long knnCacheBytes,
                        long partBytes, boolean checkpointOnClose, boolean knnWarmUp)
        implements Message {
    /** Wire type name. */
    public static final String TYPE = "configure";

    public Configure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sqliteVec, "sqliteVec");
        pragmas = Collections.unmodifiableMap(new LinkedHashMap<>(pragmas));
        limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        deniedFunctions = List.copyOf(deniedFunctions);
        boundedFunctions = List.copyOf(boundedFunctions);
        if (cursorIdleMillis < 1) {
            throw new IllegalArgumentException("cursorIdleMillis < 1: " + cursorIdleMillis);
        }
        if (knnCacheBytes < 0) {
            throw new IllegalArgumentException("knnCacheBytes < 0: " + knnCacheBytes);
        }
        if (partBytes < 0) {
            throw new IllegalArgumentException("partBytes < 0: " + partBytes);
        }
    }

    /** The form without {@code knnWarmUp}: readers fill their KNN cache on first use. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes, List<String> boundedFunctions, long cursorIdleMillis, long knnCacheBytes,
                     long partBytes, boolean checkpointOnClose) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions, cursorIdleMillis,
                knnCacheBytes, partBytes, checkpointOnClose, false);
    }

    /** The form without {@code checkpointOnClose}: a writer checkpoints when it shuts down. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes, List<String> boundedFunctions, long cursorIdleMillis, long knnCacheBytes,
                     long partBytes) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions, cursorIdleMillis,
                knnCacheBytes, partBytes, true);
    }

    /** The form without {@code partBytes}: every answer in one frame. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes, List<String> boundedFunctions, long cursorIdleMillis, long knnCacheBytes) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions, cursorIdleMillis,
                knnCacheBytes, 0);
    }

    /** The form without the KNN cache size, which takes its default, and without parts. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes, List<String> boundedFunctions, long cursorIdleMillis) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions, cursorIdleMillis,
                Protocol.DEFAULT_KNN_CACHE_BYTES);
    }

    /** The form without the cursor idle time, which takes its default (60 s). */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes, List<String> boundedFunctions) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                Protocol.DEFAULT_CURSOR_IDLE_MILLIS);
    }

    /** @return a copy with another {@link #cursorIdleMillis()} */
    public Configure withCursorIdleMillis(long millis) {
        return new Configure(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes,
                statementCacheSize, limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                millis, knnCacheBytes, partBytes, checkpointOnClose, knnWarmUp);
    }

    /** @return a copy with another {@link #knnCacheBytes()} */
    public Configure withKnnCacheBytes(long bytes) {
        return new Configure(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes,
                statementCacheSize, limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                cursorIdleMillis, bytes, partBytes, checkpointOnClose, knnWarmUp);
    }

    /** @return a copy with another {@link #partBytes()} */
    public Configure withPartBytes(long bytes) {
        return new Configure(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes,
                statementCacheSize, limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                cursorIdleMillis, knnCacheBytes, bytes, checkpointOnClose, knnWarmUp);
    }

    /** @return a copy with another {@link #checkpointOnClose()} */
    public Configure withCheckpointOnClose(boolean checkpoint) {
        return new Configure(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes,
                statementCacheSize, limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                cursorIdleMillis, knnCacheBytes, partBytes, checkpoint, knnWarmUp);
    }

    /** @return a copy with another {@link #knnWarmUp()} */
    public Configure withKnnWarmUp(boolean warmUp) {
        return new Configure(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes,
                statementCacheSize, limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, boundedFunctions,
                cursorIdleMillis, knnCacheBytes, partBytes, checkpointOnClose, warmUp);
    }

    /** The form without bounded functions, as protocol version 1 shipped it before them. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes, List<String> deniedFunctions,
                     long memoryLimitBytes) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, deniedFunctions, memoryLimitBytes, List.of(),
                Protocol.DEFAULT_CURSOR_IDLE_MILLIS);
    }

    /** The form without denied functions, as protocol version 1 first shipped it. */
    public Configure(String name, Role role, String database, String sqliteVec, Map<String, String> pragmas,
                     int busyTimeoutMillis, int maxRows, long maxResultBytes, int statementCacheSize,
                     Map<String, Long> limits, boolean gate, int maxFrameBytes) {
        this(name, role, database, sqliteVec, pragmas, busyTimeoutMillis, maxRows, maxResultBytes, statementCacheSize,
                limits, gate, maxFrameBytes, List.of(), 0, List.of(), Protocol.DEFAULT_CURSOR_IDLE_MILLIS);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
