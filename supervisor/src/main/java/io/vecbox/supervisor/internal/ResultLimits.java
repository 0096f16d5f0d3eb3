package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Result;
import io.vecbox.supervisor.PoolConfig;
import io.vecbox.supervisor.ResultTooLargeException;
import java.time.Duration;
import java.util.Locale;

/**
 * Decides what a query result the worker cut at a limit becomes: an exception naming the limit
 * (the default), or the rows read so far with {@code truncated} set, if the pool was built with
 * {@code truncateResults(true)}.
 *
 * <p>The worker reads at most {@code maxRows} rows and stops before a row that would take the
 * encoded result past {@code maxResultBytes}; it sets {@code truncated} only if another row
 * existed. It checks rows first, so a cut result holding exactly {@code maxRows} rows hit
 * {@code maxRows}, and one holding fewer hit {@code maxResultBytes}: the host can tell which
 * without a protocol change. Only queries: the rows a write returned keep their
 * {@code truncated} flag, since the write has committed and must not be reported as failed.
 * Stateless.
 */
final class ResultLimits {
    private ResultLimits() {
    }

    /**
     * @param pool the pool's name, for the message
     * @param r the finished query
     * @param result the worker's answer
     * @param config the pool's limits and {@code truncateResults}
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the failure to report instead of the result, or null to return the result
     */
    static ResultTooLargeException exceeded(String pool, PendingRequest r, Result result, PoolConfig config,
                                            long nowNanos) {
        if (r.kind != RequestKind.QUERY || r.shards > 0 || !result.truncated() || config.truncateResults()) {
            return null;
        }
        String where = pool + " - " + r.kind.wireName() + " #" + result.id() + " on " + r.worker + ": ";
        String limit;
        long value;
        String what;
        String raise;
        if (result.rows().size() >= config.maxRows()) {
            limit = ResultTooLargeException.MAX_ROWS;
            value = config.maxRows();
            what = "the result has more than maxRows=" + value + " rows";
            raise = "raise the limit with WorkerPool.Builder.maxRows(int)";
        } else {
            limit = ResultTooLargeException.MAX_RESULT_BYTES;
            value = config.maxResultBytes();
            what = "the result passed maxResultBytes=" + value + " (" + mebibytes(value) + " encoded) after "
                    + result.rows().size() + " rows";
            raise = "raise the limit with WorkerPool.Builder.maxResultBytes(long) (at most 48 MiB)";
        }
        String message = where + what + ", so none are returned; stream it with WorkerPool.stream(sql, params) "
                + "(pages of bounded size, no cap on the rows), " + raise
                + ", read it in parts (LIMIT with a keyset such as WHERE rowid > ?), or build the pool with "
                + "truncateResults(true) to get the rows up to the limit with QueryResult.truncated() set: "
                + Text.sql(r.sql);
        return new ResultTooLargeException(message, result.id(), r.worker,
                Duration.ofNanos(nowNanos - r.submittedNanos), limit, value);
    }

    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
