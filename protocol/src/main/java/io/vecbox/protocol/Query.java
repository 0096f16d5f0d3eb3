package io.vecbox.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Run one statement and return its rows.
 *
 * @param id request id
 * @param sql the statement
 * @param params positional parameters: null, Long, Double, String or byte[] (see {@link Values})
 * @param maxRows stop after this many rows and set {@code truncated}; 0 means the worker's default
 * @param maxResultBytes stop before the encoded rows pass this size; 0 means the worker's default
 * @param timeoutMillis interrupt the statement after this long; 0 means no deadline
 * @param shard which part of a scattered nearest-neighbour query this worker answers, from 0
 * @param shards how many parts the query was split into; 0 means not split (the whole statement).
 *     A worker that cannot answer a part of this statement answers {@link ErrorCode#NOT_SHARDABLE}.
 */
public record Query(long id, String sql, List<Object> params, int maxRows, long maxResultBytes,
                    long timeoutMillis, int shard, int shards) implements Request {
    /** Wire type name. */
    public static final String TYPE = "query";

    public Query {
        Objects.requireNonNull(sql, "sql");
        params = Values.copyRow(params);
        if (shards < 0 || shard < 0 || (shards == 0 ? shard != 0 : shard >= shards)) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
    }

    /** A query that is not split: the whole statement. */
    public Query(long id, String sql, List<Object> params, int maxRows, long maxResultBytes, long timeoutMillis) {
        this(id, sql, params, maxRows, maxResultBytes, timeoutMillis, 0, 0);
    }

    /** @return whether this is one part of a scattered query */
    public boolean isShard() {
        return shards > 0;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isWork() {
        return true;
    }
}
