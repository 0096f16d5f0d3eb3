package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Configure;
import io.vecbox.protocol.Protocol;
import io.vecbox.protocol.Role;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.SandboxPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker is told to be after its hello: its database, role, limits and pragmas, and for an
 * untrusted reader the sandbox layers that live in SQLite itself. Pure: derived from the pool's
 * configuration alone.
 */
final class WorkerConfiguration {
    /**
     * How many encoded bytes of rows a worker reads before it sends them ahead of a query's answer
     * ({@code configure.partBytes}), so that a large result travels and is decoded while the rest is
     * read. Below the 1 MiB up to which the host reads a frame into its reused buffer.
     */
    static final long PART_BYTES = 256 * 1024;

    private WorkerConfiguration() {
    }

    /**
     * The configuration a worker gets after its hello.
     *
     * @param config the pool's configuration
     * @param database the database file
     * @param sqliteVec the sqlite-vec library the worker loads
     * @param worker the worker's name ({@code worker-<slot>#<generation>})
     * @param role its role
     * @return the message
     */
    static Configure configure(PoolConfig config, Path database, Path sqliteVec, String worker, Role role) {
        String name = config.name();
        int busyMillis = (int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis());
        SandboxPolicy policy = config.sandbox();
        if (role == Role.WRITER || policy.isTrusted()) {
            Map<String, String> pragmas = pageCachePragmas(config, role);
            if (role == Role.WRITER) {
                // Only the writer commits, and an autocheckpoint runs on the connection that commits.
                pragmas.put("wal_autocheckpoint", Integer.toString(config.walAutocheckpoint()));
            }
            return new Configure(name + "/" + worker, role, database.toString(), sqliteVec.toString(), pragmas,
                    busyMillis, config.maxRows(), config.maxResultBytes(), config.statementCacheSize(), Map.of(),
                    false, Protocol.DEFAULT_MAX_FRAME_BYTES, List.of(), 0).withCursorIdleMillis(cursorIdleMillis(config))
                    .withKnnCacheBytes(config.knnCacheBytes())
                    .withPartBytes(PART_BYTES)
                    .withCheckpointOnClose(role != Role.WRITER || config.checkpointOnClose())
                    .withKnnWarmUp(role == Role.READER && config.knnWarmUp());
        }
        // Untrusted readers: the layers that live in SQLite itself.
        Map<String, String> pragmas = new LinkedHashMap<>();
        // The schema is the host's (views are created through execute on the writer; untrusted SQL
        // can define nothing: the gate refuses DDL and readers are read-only), so it is trusted,
        // and views over vec0 (not registered innocuous) work. Denied functions stay denied inside
        // views: their replacements run wherever they are called from.
        pragmas.put("trusted_schema", "ON");
        pragmas.put("cell_size_check", "ON");
        pragmas.putAll(pageCachePragmas(config, role));
        pragmas.put("temp_store", "MEMORY");
        if (policy.hardHeapLimitBytes() > 0) {
            pragmas.put("hard_heap_limit", Long.toString(policy.hardHeapLimitBytes()));
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        policy.limits().forEach((limit, value) -> limits.put(limit.name(), value.longValue()));
        return new Configure(name + "/" + worker, role, database.toString(), sqliteVec.toString(), pragmas,
                busyMillis, config.maxRows(), config.maxResultBytes(), config.statementCacheSize(), limits,
                policy.gate(), Protocol.DEFAULT_MAX_FRAME_BYTES, List.copyOf(policy.deniedFunctions()),
                policy.hardHeapLimitBytes(), List.copyOf(policy.boundedFunctions())).withCursorIdleMillis(cursorIdleMillis(config))
                .withKnnCacheBytes(config.knnCacheBytes())
                .withPartBytes(PART_BYTES)
                .withKnnWarmUp(role == Role.READER && config.knnWarmUp());
    }

    /**
     * {@code mmap_size} and {@code cache_size} of a worker's connection: readers map
     * {@link PoolConfig#mmapSize()} bytes of the file, the writer none (see
     * {@link PoolConfig#mmapSize()} for why); every connection gets the page cache.
     */
    static Map<String, String> pageCachePragmas(PoolConfig config, Role role) {
        Map<String, String> pragmas = new LinkedHashMap<>();
        pragmas.put("mmap_size", Long.toString(role == Role.READER ? config.mmapSize() : 0));
        // Negative: in KiB rather than pages, so the budget does not depend on the page size.
        pragmas.put("cache_size", Long.toString(-Math.max(1, config.cacheSize() / 1024)));
        return pragmas;
    }

    private static long cursorIdleMillis(PoolConfig config) {
        return Math.max(1, config.cursorIdleTimeout().toMillis());
    }
}
