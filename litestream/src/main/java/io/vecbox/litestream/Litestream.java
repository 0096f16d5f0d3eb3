package io.vecbox.litestream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One-shot Litestream commands: {@link #restore}, {@link #version}. Each runs the Litestream
 * executable ({@link LitestreamBinary#path()} unless one is given) as a child process on the
 * caller's thread, logs its lines under {@code io.vecbox.litestream}, and kills it at its timeout.
 * Thread-safe: calls share nothing.
 */
public final class Litestream {
    private Litestream() {
    }

    /**
     * Restores the newest state of a replica into a new file: {@code litestream restore -o output
     * replicaUrl}. Litestream builds the copy under {@code output.tmp} and renames it into place once it
     * is complete, so {@code output} either does not exist or holds a whole, consistent database; the
     * temporary files it leaves beside it ({@code output.tmp-wal}, {@code output.tmp-shm}) are deleted
     * here, on success and on failure.
     *
     * @param replicaUrl e.g. {@code file:///var/replicas/app}, {@code s3://bucket/app}, {@code sftp://…}
     * @param output the file to create; must not exist, and its directory must
     * @param timeout how long the restore may take before it is killed
     * @throws NoBackupException if the replica holds no backup yet
     * @throws LitestreamException if the restore fails or times out (its command, exit code and the last
     *     lines it printed are in the exception), or Litestream cannot run here
     * @throws IllegalArgumentException if {@code output} exists, its directory does not, or the URL is blank
     */
    public static void restore(String replicaUrl, Path output, Duration timeout) {
        restore(LitestreamBinary.path(), replicaUrl, output, timeout);
    }

    /**
     * {@link #restore(String, Path, Duration)} with a given Litestream executable.
     *
     * @param binary the Litestream executable
     * @param replicaUrl the replica URL
     * @param output the file to create
     * @param timeout how long the restore may take
     */
    public static void restore(Path binary, String replicaUrl, Path output, Duration timeout) {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(output, "output");
        if (replicaUrl == null || replicaUrl.isBlank()) {
            throw new IllegalArgumentException("replicaUrl is blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Path out = output.toAbsolutePath();
        if (Files.exists(out)) {
            throw new IllegalArgumentException("restore output already exists: " + out);
        }
        if (out.getParent() == null || !Files.isDirectory(out.getParent())) {
            throw new IllegalArgumentException("directory of the restore output does not exist: " + out.getParent());
        }
        List<String> command = List.of(binary.toString(), "restore", "-o", out.toString(), replicaUrl);
        CommandRun.Outcome o;
        try {
            o = CommandRun.run(command, timeout, "restore " + out.getFileName(), false);
        } finally {
            deleteTemporaries(out);
        }
        if (o.exitCode() == 0 && Files.isRegularFile(out)) {
            return;
        }
        if (o.tail().contains("no matching backups found")) {
            throw new NoBackupException(replicaUrl, command, o.tail().toString());
        }
        String why = o.timedOut() ? "did not finish within " + timeout.toMillis() + " ms and was killed"
                : o.exitCode() == 0 ? "exited 0 but left no file at " + out : "failed with exit code " + o.exitCode();
        throw new LitestreamException("litestream restore of " + replicaUrl + " " + why + "; output tail:\n"
                + o.tail(), command, o.exitCode(), o.tail().toString());
    }

    /**
     * Lists the replica's WAL segments ({@code litestream wal URL}): cheap next to a restore (one
     * listing per generation, no data read), and enough to tell whether anything was shipped since a
     * previous look.
     *
     * @param binary the Litestream executable
     * @param replicaUrl the replica URL
     * @param timeout how long the listing may take
     * @return the replica's state; {@link ReplicaState#isEmpty()} when nothing was replicated there yet
     * @throws LitestreamException if the listing fails
     */
    public static ReplicaState state(Path binary, String replicaUrl, Duration timeout) {
        List<String> command = List.of(binary.toString(), "wal", replicaUrl);
        CommandRun.Outcome o = CommandRun.run(command, timeout, "wal", true);
        if (o.exitCode() != 0) {
            throw new LitestreamException("litestream wal " + replicaUrl + " failed with exit code " + o.exitCode()
                    + "; output tail:\n" + o.tail(), command, o.exitCode(), o.tail().toString());
        }
        return ReplicaState.parse(o.output());
    }

    /**
     * Runs {@code litestream version}.
     *
     * @param binary the Litestream executable
     * @return what it printed, trimmed, e.g. {@code v0.3.13}
     * @throws LitestreamException if it fails
     */
    public static String version(Path binary) {
        List<String> command = List.of(binary.toString(), "version");
        CommandRun.Outcome o = CommandRun.run(command, Duration.ofSeconds(30), "version", true);
        if (o.exitCode() != 0) {
            throw new LitestreamException("litestream version failed with exit code " + o.exitCode() + ": " + o.tail(),
                    command, o.exitCode(), o.tail().toString());
        }
        return o.output().trim();
    }

    /** Litestream restores into {@code <output>.tmp} plus WAL files beside it; none of them is ours to keep. */
    private static void deleteTemporaries(Path out) {
        String prefix = out.getFileName() + ".tmp";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(out.getParent(), prefix + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary files of a restore beside " + out + ": " + e, e);
        }
    }
}
