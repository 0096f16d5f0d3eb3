package io.vecbox.protocol;

import java.util.Objects;

/**
 * The worker opened its connection and takes requests.
 *
 * @param pid the worker's process id
 * @param sqliteVersion {@code sqlite_version()} of the open connection
 * @param sqliteVecVersion {@code vec_version()} of the loaded extension
 * @param journalMode the connection's journal mode, e.g. {@code wal}
 */
public record Ready(long pid, String sqliteVersion, String sqliteVecVersion, String journalMode)
        implements Message {
    /** Wire type name. */
    public static final String TYPE = "ready";

    public Ready {
        Objects.requireNonNull(sqliteVersion, "sqliteVersion");
        Objects.requireNonNull(sqliteVecVersion, "sqliteVecVersion");
        Objects.requireNonNull(journalMode, "journalMode");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
