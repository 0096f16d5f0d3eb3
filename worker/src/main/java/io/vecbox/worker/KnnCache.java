package io.vecbox.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * vec0 chunks a reader keeps between KNN scans, as SQLite stores them (validity bitmap, little-endian
 * rowids) but with the float32 vectors of one column decoded to a {@code float[]}, so that a scan reads them from
 * its heap instead of from SQLite.
 *
 * <p>Correct under concurrent writes: every entry belongs to the database state of one
 * {@code PRAGMA data_version}, read inside the scan's read transaction. SQLite changes that value
 * for this connection whenever another connection has committed since the connection's last read,
 * so a scan that sees another value than the one the entries were read at drops them all first
 * ({@link #validate}). A scan's chunks and the version it checked come from the same snapshot.
 *
 * <p>Bounded: entries are added in scan order until {@code limitBytes} is reached and then no more
 * (no eviction: a scan over a table larger than the cache keeps hitting the same first chunks,
 * where an LRU would evict each chunk just before it is needed again). A scan whose chunks would
 * not all fit does not run at all: {@link KnnScan} leaves it to vec0, which reads uncached chunks
 * about as fast. The limit is the configured
 * {@code knnCacheBytes}, but never more than a quarter of the worker's maximum heap, so that the
 * cache cannot make a worker run out of heap (which ends it) whatever the configuration says. The
 * cache lives in the Java heap: it is not native memory, and the sandbox's memory guard, which
 * watches native growth, does not count it. Statement thread only.
 */
final class KnnCache {
    /** One chunk: its validity and rowids blobs, and its vectors blob decoded to floats. */
    record Chunk(byte[] validity, byte[] rowids, float[] vectors) {
        long bytes() {
            return validity.length + rowids.length + (long) vectors.length * Float.BYTES + 64;
        }

        /** @return what {@link #bytes()} is for a chunk of this size and dimension count */
        static long bytes(int chunkSize, int dimensions) {
            return chunkSize / 8 + (long) chunkSize * Long.BYTES + (long) chunkSize * dimensions * Float.BYTES + 64;
        }
    }

    private record Key(String table, int column, long chunkId) {
    }

    private final long limitBytes;
    private final Map<Key, Chunk> chunks = new HashMap<>();
    private long usedBytes;
    private long dataVersion = Long.MIN_VALUE;

    /**
     * @param configuredBytes {@code knnCacheBytes} from the configuration (0: no cache)
     * @param maxHeapBytes the worker's maximum heap, {@link Runtime#maxMemory()}
     */
    KnnCache(long configuredBytes, long maxHeapBytes) {
        this.limitBytes = Math.min(configuredBytes, maxHeapBytes / 4);
    }

    /** @return the bytes this cache may hold */
    long limitBytes() {
        return limitBytes;
    }

    /** @return the bytes it holds now */
    long usedBytes() {
        return usedBytes;
    }

    /** @return whether it holds anything at all */
    boolean enabled() {
        return limitBytes > 0;
    }

    /**
     * Drops every entry if the database changed since they were read.
     *
     * @param version {@code PRAGMA data_version}, read inside the current read transaction
     */
    void validate(long version) {
        if (version != dataVersion) {
            chunks.clear();
            usedBytes = 0;
            dataVersion = version;
        }
    }

    /** Drops every entry (a warm-up that failed half-way leaves the reader cold). */
    void clear() {
        chunks.clear();
        usedBytes = 0;
        dataVersion = Long.MIN_VALUE;
    }

    /** @return the chunk's blobs as of the validated version, or null */
    Chunk get(String table, int column, long chunkId) {
        return chunks.get(new Key(table, column, chunkId));
    }

    /** Keeps a chunk read at the validated version, if it fits. */
    void put(String table, int column, long chunkId, Chunk chunk) {
        long size = chunk.bytes();
        if (usedBytes + size <= limitBytes && chunks.putIfAbsent(new Key(table, column, chunkId), chunk) == null) {
            usedBytes += size;
        }
    }
}
