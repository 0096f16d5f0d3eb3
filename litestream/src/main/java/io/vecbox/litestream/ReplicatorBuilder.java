package io.vecbox.litestream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Replicator}. Mutable, not thread-safe; {@link #start()} validates, writes the
 * configuration and starts Litestream.
 */
public final class ReplicatorBuilder {
    private final Path database;
    private final String replicaUrl;
    private String name;
    private Path binary;
    private Duration syncInterval = Duration.ofSeconds(1);
    private Duration monitorInterval = Duration.ofSeconds(1);
    private Duration checkpointInterval = Duration.ofMinutes(1);
    private int minCheckpointPageCount = 1000;
    private int maxCheckpointPageCount = 10000;
    private Duration startupTimeout = Duration.ofSeconds(30);
    private Duration restartBackoff = Duration.ofMillis(200);
    private Duration maxRestartBackoff = Duration.ofSeconds(30);
    private Duration stopGracePeriod = Duration.ofSeconds(10);
    private Duration flushTimeout = Duration.ofSeconds(10);
    private final List<ReplicatorListener> listeners = new ArrayList<>();

    ReplicatorBuilder(Path database, String replicaUrl) {
        this.database = Objects.requireNonNull(database, "database");
        this.replicaUrl = Objects.requireNonNull(replicaUrl, "replicaUrl");
    }

    /** @param name prefix of the log lines; default the database's file name */
    public ReplicatorBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** @param binary a Litestream executable; default {@link LitestreamBinary#path()} */
    public ReplicatorBuilder binary(Path binary) {
        this.binary = Objects.requireNonNull(binary, "binary");
        return this;
    }

    /** @param d how often new WAL frames are shipped to the replica (Litestream's {@code sync-interval}); default 1 s */
    public ReplicatorBuilder syncInterval(Duration d) {
        this.syncInterval = Checks.positive("syncInterval", d);
        return this;
    }

    /** @param d how often Litestream looks for new WAL frames ({@code monitor-interval}); default 1 s */
    public ReplicatorBuilder monitorInterval(Duration d) {
        this.monitorInterval = Checks.positive("monitorInterval", d);
        return this;
    }

    /** @param d Litestream's time-based PASSIVE checkpoint ({@code checkpoint-interval}); default 1 min */
    public ReplicatorBuilder checkpointInterval(Duration d) {
        this.checkpointInterval = Checks.positive("checkpointInterval", d);
        return this;
    }

    /** @param pages WAL pages above which Litestream tries a PASSIVE checkpoint ({@code min-checkpoint-page-count}); default 1000 */
    public ReplicatorBuilder minCheckpointPageCount(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("minCheckpointPageCount < 1: " + pages);
        }
        this.minCheckpointPageCount = pages;
        return this;
    }

    /**
     * @param pages WAL pages above which Litestream forces a RESTART checkpoint, which waits for
     *     readers and blocks writers meanwhile ({@code max-checkpoint-page-count}); 0: never, and the
     *     WAL may grow while readers keep it from being checkpointed; default 10000
     */
    public ReplicatorBuilder maxCheckpointPageCount(int pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("maxCheckpointPageCount < 0: " + pages);
        }
        this.maxCheckpointPageCount = pages;
        return this;
    }

    /** @param d how long {@link #start()} waits for Litestream to report that it replicates; default 30 s */
    public ReplicatorBuilder startupTimeout(Duration d) {
        this.startupTimeout = Checks.positive("startupTimeout", d);
        return this;
    }

    /**
     * @param first delay before the first restart of a Litestream that ended unexpectedly; default 200 ms
     * @param max the longest delay (it doubles per restart); default 30 s
     */
    public ReplicatorBuilder restartBackoff(Duration first, Duration max) {
        Checks.positive("restartBackoff", first);
        Checks.positive("maxRestartBackoff", max);
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("maxRestartBackoff < restartBackoff: " + max + " < " + first);
        }
        this.restartBackoff = first;
        this.maxRestartBackoff = max;
        return this;
    }

    /** @param d how long close() waits after SIGTERM before it kills Litestream; default 10 s */
    public ReplicatorBuilder stopGracePeriod(Duration d) {
        this.stopGracePeriod = Checks.positive("stopGracePeriod", d);
        return this;
    }

    /**
     * @param d how long close() first waits for Litestream to report shipping the whole WAL
     *     ({@link Replicator#flush(Duration)}); default 10 s
     */
    public ReplicatorBuilder flushTimeout(Duration d) {
        this.flushTimeout = Checks.positive("flushTimeout", d);
        return this;
    }

    /** @param listener hears starts, syncs and unexpected exits */
    public ReplicatorBuilder listener(ReplicatorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Starts Litestream and returns once it reports that it replicates.
     *
     * @return the running replicator
     * @throws IllegalArgumentException if the database does not exist or the URL is blank
     * @throws LitestreamException if Litestream cannot run here, exits at start (its output is in
     *     the exception) or does not report replicating within {@code startupTimeout}
     */
    public Replicator start() {
        Path db = database.toAbsolutePath();
        if (!Files.isRegularFile(db)) {
            throw new IllegalArgumentException("database does not exist (open the writer pool first): " + db);
        }
        if (replicaUrl.isBlank()) {
            throw new IllegalArgumentException("replicaUrl is blank");
        }
        ReplicatorConfig config = new ReplicatorConfig(name != null ? name : db.getFileName().toString(), db,
                replicaUrl, binary != null ? binary : LitestreamBinary.path(), syncInterval, monitorInterval,
                checkpointInterval, minCheckpointPageCount, maxCheckpointPageCount, startupTimeout, restartBackoff,
                maxRestartBackoff, stopGracePeriod, flushTimeout);
        Replicator r;
        try {
            r = new Replicator(config, listeners);
        } catch (IOException e) {
            throw new LitestreamException("cannot write the litestream configuration: " + e, e);
        }
        r.start();
        return r;
    }
}
