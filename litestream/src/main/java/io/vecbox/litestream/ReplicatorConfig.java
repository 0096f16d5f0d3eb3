package io.vecbox.litestream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link Replicator}'s validated settings, made by {@link ReplicatorBuilder}. The Litestream
 * ones are written into the configuration file Litestream runs with (keys of Litestream 0.3.13:
 * {@code monitor-interval}, {@code checkpoint-interval}, {@code min-checkpoint-page-count},
 * {@code max-checkpoint-page-count} per database, {@code sync-interval} per replica).
 *
 * @param name prefix of the log lines
 * @param database the primary database file (absolute)
 * @param replicaUrl where Litestream replicates to
 * @param binary the Litestream executable
 * @param syncInterval how often Litestream ships new WAL frames to the replica
 * @param monitorInterval how often Litestream looks at the WAL for new frames
 * @param checkpointInterval Litestream's time-based PASSIVE checkpoint
 * @param minCheckpointPageCount WAL size in pages above which Litestream tries a PASSIVE checkpoint
 * @param maxCheckpointPageCount WAL size in pages above which Litestream forces a RESTART checkpoint
 *     (it waits for readers and blocks writers meanwhile); 0: never
 * @param startupTimeout how long {@link ReplicatorBuilder#start()} waits for Litestream to report
 *     that it replicates
 * @param restartBackoff the first delay before a lost Litestream is restarted; doubles per restart
 * @param maxRestartBackoff the longest delay
 * @param stopGracePeriod how long close() waits after SIGTERM (Litestream's final sync) before it kills
 * @param flushTimeout how long close() first waits for Litestream to report shipping the whole WAL
 *     ({@link Replicator#flush(Duration)})
 */
public record ReplicatorConfig(String name, Path database, String replicaUrl, Path binary, Duration syncInterval,
                               Duration monitorInterval, Duration checkpointInterval, int minCheckpointPageCount,
                               int maxCheckpointPageCount, Duration startupTimeout, Duration restartBackoff,
                               Duration maxRestartBackoff, Duration stopGracePeriod, Duration flushTimeout) {

    /**
     * Pure: the Litestream configuration file for these settings. Strings are written as YAML
     * double-quoted scalars, so any path or URL is safe.
     *
     * @return the YAML text
     */
    String yaml() {
        return "# Written by vecbox for one replicator; deleted when it closes.\n"
                + "logging:\n"
                + "  level: info\n"
                + "dbs:\n"
                + "  - path: " + quote(database.toString()) + "\n"
                + "    monitor-interval: " + go(monitorInterval) + "\n"
                + "    checkpoint-interval: " + go(checkpointInterval) + "\n"
                + "    min-checkpoint-page-count: " + minCheckpointPageCount + "\n"
                + "    max-checkpoint-page-count: " + maxCheckpointPageCount + "\n"
                + "    replicas:\n"
                + "      - url: " + quote(replicaUrl) + "\n"
                + "        sync-interval: " + go(syncInterval) + "\n";
    }

    /** A Go duration literal, exact to the millisecond. */
    static String go(Duration d) {
        return String.format(Locale.ROOT, "%dms", d.toMillis());
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
