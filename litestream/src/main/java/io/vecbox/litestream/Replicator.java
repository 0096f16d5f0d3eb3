package io.vecbox.litestream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Runs {@code litestream replicate} for one database and one replica URL, beside whatever writes
 * the database (a vecbox writer pool built with {@code checkpointOnClose(false)}; see the module's
 * README on checkpoints), and keeps it running.
 *
 * <ul>
 *   <li>Settings go into a small configuration file in a private temporary directory (owner-only),
 *       deleted on {@link #close()}.</li>
 *   <li>Litestream's output is passed into SLF4J under {@code io.vecbox.litestream}, each line
 *       prefixed with the replicator's name: its errors at WARN, lifecycle at INFO, every segment it
 *       writes at TRACE.</li>
 *   <li>A Litestream process that ends unexpectedly (a crash, a kill from outside) is restarted after
 *       a backoff that doubles from {@code restartBackoff} up to {@code maxRestartBackoff} and starts
 *       over once a process has run for a minute; {@link #restarts()} counts them and the listener
 *       hears {@link ReplicatorListener#exited} and {@link ReplicatorListener#started}. Nothing
 *       committed is lost by a restart: the new process finds the WAL frames its predecessor had not
 *       shipped yet (or, if the WAL was checkpointed meanwhile, starts a new generation with a
 *       snapshot).</li>
 *   <li>{@link #close()} sends SIGTERM, on which Litestream syncs once more and exits, and kills it
 *       if it has not exited after {@code stopGracePeriod}.</li>
 * </ul>
 *
 * <p>Thread-safe. One watcher thread per replicator ({@code vecbox-litestream-<name>}) and one that
 * reads the process's output.
 */
public final class Replicator implements AutoCloseable {
    private static final Logger LOG = LitestreamLog.LOG;
    private static final Pattern POSITION = Pattern.compile("position=(\\S+)/(\\S+):(\\d+)");
    private static final Pattern SIZE = Pattern.compile("\\bsz=(\\d+)");
    /** A process that ran this long resets the backoff. */
    private static final long STABLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ReplicatorConfig config;
    private final List<ReplicatorListener> listeners;
    private final Path workDirectory;
    private final Path configFile;
    private final Thread watcher;
    private final CompletableFuture<Void> firstStart = new CompletableFuture<>();

    // guarded by this
    private Process process;
    private boolean closed;
    private int restarts;
    private long syncs;
    private String lastPosition;
    private OutputTail tail = new OutputTail(40);

    Replicator(ReplicatorConfig config, List<ReplicatorListener> listeners) throws IOException {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        Path dir;
        try {
            dir = Files.createTempDirectory("vecbox-litestream-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            dir = Files.createTempDirectory("vecbox-litestream-");
        }
        this.workDirectory = dir;
        this.configFile = dir.resolve("litestream.yml");
        Files.writeString(configFile, config.yaml(), StandardCharsets.UTF_8);
        this.watcher = new Thread(this::watch, "vecbox-litestream-" + config.name());
        this.watcher.setDaemon(true);
    }

    /**
     * @param database the primary database file; it must exist (open the writer pool first)
     * @param replicaUrl where to replicate: {@code file:///abs/path}, {@code s3://bucket/path},
     *     {@code sftp://user@host/path}, … (credentials through the environment Litestream reads, e.g.
     *     {@code LITESTREAM_ACCESS_KEY_ID}, or the URL's own syntax)
     * @return a builder
     */
    public static ReplicatorBuilder builder(Path database, String replicaUrl) {
        return new ReplicatorBuilder(database, replicaUrl);
    }

    /** @return the settings it runs with */
    public ReplicatorConfig config() {
        return config;
    }

    /** @return how many times Litestream was restarted after ending unexpectedly */
    public synchronized int restarts() {
        return restarts;
    }

    /** @return how many WAL segments and snapshots Litestream reported writing to the replica */
    public synchronized long syncs() {
        return syncs;
    }

    /** @return the replica's position after the last write Litestream reported, {@code generation/index:offset} */
    public synchronized Optional<String> lastPosition() {
        return Optional.ofNullable(lastPosition);
    }

    /**
     * Waits until Litestream has reported shipping the whole WAL as it is now: a generation exists
     * on the replica and its position has reached the {@code -wal} file's size. Call it after the
     * last write (after the writer pool closed) when the replica must hold everything, e.g. before a
     * planned switch-over; {@link #close()} calls it first. Litestream 0.3.13 opens the database only
     * at its first sync and makes no final sync at SIGTERM before that, so a replicator closed within
     * its first {@code monitorInterval} would otherwise ship nothing.
     *
     * <p>After Litestream checkpointed and restarted the WAL, the file stays as large as it was while
     * the position starts again from its beginning: then this waits out its timeout and returns false.
     *
     * @param timeout how long to wait
     * @return true once caught up; false at the timeout, or if the replicator is closed or interrupted
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path wal = Path.of(config.database() + "-wal");
        long pollNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), config.monitorInterval().toNanos() / 2);
        synchronized (this) {
            while (!closed) {
                if (lastPosition != null && offsetOf(lastPosition) >= walSize(wal)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // woken by each sync; the poll bounds a wait for a WAL that grew meanwhile
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, pollNanos));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private static long offsetOf(String position) {
        return Long.parseLong(position.substring(position.lastIndexOf(':') + 1));
    }

    private static long walSize(Path wal) {
        try {
            return Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return the running Litestream process, if one is running now */
    public synchronized Optional<ProcessHandle> process() {
        return process != null && process.isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    /**
     * Stops Litestream: SIGTERM (it ships what it has not shipped yet and exits), then a kill after
     * {@code stopGracePeriod}. Waits for it to end; deletes the configuration directory. Idempotent.
     */
    @Override
    public void close() {
        close(true);
    }

    private void close(boolean flushFirst) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        if (flushFirst && !flush(config.flushTimeout())) {
            LOG.info("{} - litestream has not reported shipping the whole WAL within {} ms; stopping it anyway "
                    + "(its own final sync follows SIGTERM)", config.name(), config.flushTimeout().toMillis());
        }
        Process p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = process;
            notifyAll();
        }
        if (p != null && p.isAlive()) {
            // SIGTERM through the handle: Process.destroy() also closes our end of its stdout, and
            // Litestream, whose first act on SIGTERM is a log line, then dies of the broken pipe
            // before its final sync.
            p.toHandle().destroy();
            try {
                if (!p.waitFor(config.stopGracePeriod().toNanos(), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} - litestream (pid {}) did not stop within {} ms of SIGTERM; killing it", config.name(),
                            p.pid(), config.stopGracePeriod().toMillis());
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            watcher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(configFile);
            Files.deleteIfExists(workDirectory);
        } catch (IOException e) {
            LOG.trace("{} - cannot delete {}: {}", config.name(), workDirectory, e.toString());
        }
        LOG.info("{} - stopped replicating {} to {}", config.name(), config.database(), config.replicaUrl());
    }

    void start() {
        watcher.start();
        try {
            firstStart.get(config.startupTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            close(false);
            throw (e.getCause() instanceof LitestreamException le) ? le
                    : new LitestreamException(config.name() + " - cannot start litestream: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            String out = currentTail();
            close(false);
            throw new LitestreamException(config.name() + " - litestream did not report replicating within "
                    + config.startupTimeout().toMillis() + " ms; output tail:\n" + out, command(), -1, out);
        } catch (InterruptedException e) {
            close(false);
            Thread.currentThread().interrupt();
            throw new LitestreamException(config.name() + " - interrupted while starting litestream", e);
        }
    }

    private List<String> command() {
        return List.of(config.binary().toString(), "replicate", "-config", configFile.toString());
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized String currentTail() {
        return tail.toString();
    }

    /** The watcher thread: start, wait for the exit, back off, start again, until closed. */
    private void watch() {
        long backoffNanos = config.restartBackoff().toNanos();
        while (true) {
            Process p;
            OutputTail out = new OutputTail(40);
            synchronized (this) {
                if (closed) {
                    break;
                }
                tail = out;
                try {
                    p = new ProcessBuilder(command()).redirectErrorStream(true).start();
                } catch (IOException e) {
                    if (!firstStart.isDone()) {
                        firstStart.completeExceptionally(new LitestreamException(config.name()
                                + " - cannot start " + config.binary() + ": " + e.getMessage(), e));
                        return;
                    }
                    p = null;
                    LOG.warn("{} - cannot restart litestream: {}", config.name(), e.toString());
                }
                process = p;
            }
            long startedAt = System.nanoTime();
            if (p != null) {
                closeStdin(p);
                Thread pump = pump(p, out);
                int code = waitFor(p);
                joinQuietly(pump);
                int restartsSoFar;
                synchronized (this) {
                    process = null;
                    if (closed) {
                        break;
                    }
                    restartsSoFar = restarts;
                }
                if (!firstStart.isDone()) {
                    firstStart.completeExceptionally(new LitestreamException(config.name() + " - litestream exited with "
                            + code + " before it replicated; output tail:\n" + out, command(), code, out.toString()));
                    return;
                }
                LOG.warn("{} - litestream (pid {}) exited unexpectedly with {} after {} ms; restart #{} in {} ms; output tail:\n{}",
                        config.name(), p.pid(), code, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                        restartsSoFar + 1, TimeUnit.NANOSECONDS.toMillis(backoffNanos), out);
                String outText = out.toString();
                listeners.forEach(l -> safely(() -> l.exited(this, code, outText)));
            }
            if (System.nanoTime() - startedAt > STABLE_NANOS) {
                backoffNanos = config.restartBackoff().toNanos();
            }
            synchronized (this) {
                long deadline = System.nanoTime() + backoffNanos;
                for (long left = backoffNanos; !closed && left > 0; left = deadline - System.nanoTime()) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    break;
                }
                restarts++;
            }
            backoffNanos = Math.min(config.maxRestartBackoff().toNanos(), backoffNanos * 2);
        }
    }

    private Thread pump(Process p, OutputTail out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                    if (isClosed() && line.contains("context canceled")) {
                        // Litestream 0.3.13 cancels its context before its final sync, so a checkpoint
                        // due then fails and it says so at ERROR, after shipping: not worth a WARN here.
                        LOG.info("{} - litestream (stopping): {}", config.name(), line);
                    } else {
                        LitestreamLog.log(config.name(), line);
                    }
                    onLine(p, line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "vecbox-litestream-" + config.name() + "-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void onLine(Process p, String line) {
        String msg = LitestreamLog.message(line);
        if (msg.equals("replicating to")) {
            int restartsNow;
            synchronized (this) {
                restartsNow = restarts;
            }
            if (restartsNow == 0) {
                LOG.info("{} - replicating {} to {} (litestream pid {})", config.name(), config.database(),
                        config.replicaUrl(), p.pid());
            } else {
                LOG.info("{} - litestream restarted (pid {}, restart #{}); replicating again", config.name(), p.pid(),
                        restartsNow);
            }
            firstStart.complete(null);
            listeners.forEach(l -> safely(() -> l.started(this, p.pid(), restartsNow)));
        } else if (msg.equals("wal segment written") || msg.equals("snapshot written")) {
            Matcher m = POSITION.matcher(line);
            if (!m.find()) {
                return;
            }
            long offset = Long.parseLong(m.group(3));
            Matcher sz = SIZE.matcher(line);
            if (msg.equals("wal segment written") && sz.find()) {
                offset += Long.parseLong(sz.group(1));
            }
            String position = m.group(1) + "/" + m.group(2) + ":" + offset;
            synchronized (this) {
                syncs++;
                lastPosition = position;
                notifyAll();
            }
            listeners.forEach(l -> safely(() -> l.synced(this, position)));
        }
    }

    private static void closeStdin(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // nothing to close
        }
    }

    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // the watcher ends only through close(), which ends the process
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} - replicator listener failed", config.name(), e);
        }
    }
}
