package io.vecbox.bench;

import io.vecbox.litestream.Litestream;
import io.vecbox.litestream.LitestreamBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Litestream binary the replica cases run, and the timed {@code litestream restore -o}, both
 * through the {@code litestream} module ({@link LitestreamBinary}, {@link Litestream#restore}).
 */
final class LitestreamCommands {
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(30);

    private final Path binary;

    private LitestreamCommands(Path binary) {
        this.binary = binary.toAbsolutePath();
    }

    /**
     * @param option {@code --litestream}, or null
     * @return the option's binary, else the module's ({@link LitestreamBinary#path()}: the bundled one,
     *     or {@code -Dvecbox.litestream} / {@code VECBOX_LITESTREAM})
     * @throws IllegalArgumentException if the option is not an executable file, or the module has no
     *     binary for this platform (the module's message)
     */
    static LitestreamCommands locate(Path option) {
        if (option != null) {
            if (!Files.isRegularFile(option) || !Files.isExecutable(option)) {
                throw new IllegalArgumentException("--litestream is not an executable file: " + option);
            }
            return new LitestreamCommands(option);
        }
        try {
            return new LitestreamCommands(LitestreamBinary.path());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no litestream binary: " + e.getMessage(), e);
        }
    }

    Path binary() {
        return binary;
    }

    /** @return {@code file:///abs/dir}, Litestream's URL of a replica in a local directory */
    static String fileUrl(Path dir) {
        return "file://" + dir.toAbsolutePath();
    }

    /** @return the binary's version, e.g. {@code v0.3.13} */
    String version() {
        return Litestream.version(binary);
    }

    /**
     * Runs {@code litestream restore -o out file://replica} to its end.
     *
     * @return wall time in nanoseconds
     */
    long restore(Path replica, Path out) {
        long t0 = System.nanoTime();
        Litestream.restore(binary, fileUrl(replica), out, RESTORE_TIMEOUT);
        return System.nanoTime() - t0;
    }
}
