package io.vecbox.nativelib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which C library the running JVM uses on Linux: glibc, or musl (Alpine Linux and other
 * musl-based distributions). Native binaries built for one do not load on the other, and the
 * official sqlite-vec builds are for glibc only.
 *
 * <p>The probe reads the running process's memory map ({@code /proc/self/maps}) and looks for
 * musl's dynamic loader, which is also its C library ({@code ld-musl-<arch>.so.1}). That asks the
 * process itself rather than the file system: a glibc system with the {@code musl} package
 * installed also has {@code /lib/ld-musl-*.so.1}, but its JVM does not map it. Thread-safe.
 */
public final class Libc {
    private static final Path PROC_SELF_MAPS = Path.of("/proc/self/maps");

    private static volatile Boolean musl;

    private Libc() {
    }

    /**
     * Returns whether the running JVM is linked against musl. Computed once; {@code false} where
     * {@code /proc/self/maps} cannot be read (not Linux, or a restricted {@code /proc}).
     *
     * @return true on musl
     */
    public static boolean isMusl() {
        Boolean known = musl;
        if (known == null) {
            known = isMusl(PROC_SELF_MAPS);
            musl = known;
        }
        return known;
    }

    /** Seam for tests: any file in the format of {@code /proc/<pid>/maps}. */
    static boolean isMusl(Path maps) {
        if (!Files.isReadable(maps)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(Libc::mapsMusl);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Pure: whether one line of a {@code /proc/<pid>/maps} file maps musl's loader/C library.
     *
     * @param line e.g. {@code 7f1c2a000000-7f1c2a014000 r--p 00000000 08:01 1234 /lib/ld-musl-x86_64.so.1}
     * @return true if the mapped file's name starts with {@code ld-musl-} or {@code libc.musl-}
     */
    static boolean mapsMusl(String line) {
        int slash = line.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String file = line.substring(slash + 1);
        return file.startsWith("ld-musl-") || file.startsWith("libc.musl-");
    }
}
