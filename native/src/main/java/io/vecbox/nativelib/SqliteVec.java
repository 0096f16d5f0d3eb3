package io.vecbox.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Locates the sqlite-vec loadable extension: a user override, or the binary bundled in this jar
 * for the running platform, extracted to a file (SQLite loads extensions only from files).
 *
 * <p>Resolution order of {@link #path()}:
 * <ol>
 *   <li>system property {@value #OVERRIDE_PROPERTY};</li>
 *   <li>environment variable {@value #OVERRIDE_ENV};</li>
 *   <li>the bundled binary, extracted into {@link #defaultCacheDirectory()}.</li>
 * </ol>
 *
 * <p>All methods are thread-safe, and extraction is also safe across processes sharing one cache
 * directory: each writer uses its own temporary file and publishes it with an atomic rename, so
 * a reader never sees a half-written library.
 */
public final class SqliteVec {

    /** The bundled sqlite-vec version. */
    public static final String VERSION = "0.1.9";

    /** System property naming an existing sqlite-vec binary to use instead of the bundled one. */
    public static final String OVERRIDE_PROPERTY = "vecbox.sqliteVec";

    /** Environment variable consulted when {@link #OVERRIDE_PROPERTY} is not set. */
    public static final String OVERRIDE_ENV = "VECBOX_SQLITE_VEC";

    static final String PROPERTIES_RESOURCE = "io/vecbox/nativelib/sqlite-vec.properties";

    private static final Object LOCK = new Object();
    private static volatile Path resolved;

    private SqliteVec() {
    }

    /**
     * Returns the bundled sqlite-vec version.
     *
     * @return {@value #VERSION}
     */
    public static String version() {
        return VERSION;
    }

    /**
     * Returns the sqlite-vec binary to pass to {@code load_extension}. The first successful call
     * resolves it (see the class documentation for the order) and later calls return the same
     * path for the life of the JVM; a failed call is retried by the next one.
     *
     * @return an existing file
     * @throws IllegalStateException if an override is set but does not name an existing file
     * @throws UnsupportedPlatformException if there is no override and no bundled binary for this
     *     platform
     * @throws UncheckedIOException if the bundled binary cannot be extracted
     */
    public static Path path() {
        Path path = resolved;
        if (path != null) {
            return path;
        }
        synchronized (LOCK) {
            if (resolved == null) {
                resolved = resolveOverride(System.getProperty(OVERRIDE_PROPERTY), System.getenv(OVERRIDE_ENV))
                        .orElseGet(() -> extractTo(defaultCacheDirectory()));
            }
            return resolved;
        }
    }

    /**
     * Extracts the bundled binary for the running platform into {@code cacheDir}, as
     * {@code cacheDir/sqlite-vec-<version>-<platform>-<sha256 prefix>/vec0.<ext>}. An existing
     * file with the right SHA-256 is reused untouched; one with other content (truncated,
     * tampered) is replaced. Once a copy was verified, an {@link InstallStamp} lets later calls
     * (in any JVM) skip reading and hashing as long as its size and modification time hold.
     *
     * @param cacheDir directory to extract into; created if missing
     * @return the extracted file
     * @throws UnsupportedPlatformException if no binary is bundled for this platform (musl libc
     *     included, see {@link Platform#current()})
     * @throws UncheckedIOException if the directory or file cannot be written
     */
    public static Path extractTo(Path cacheDir) {
        return extractTo(cacheDir, System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Libc::isMusl, SqliteVec.class.getClassLoader());
    }

    /**
     * Extracts the bundled binary for {@code platform}, which need not be the running one (e.g. to
     * prepare a directory for another machine). Same layout and guarantees as
     * {@link #extractTo(Path)}.
     *
     * @param cacheDir directory to extract into; created if missing
     * @param platform the platform whose binary to extract
     * @return the extracted file
     * @throws UnsupportedPlatformException if the binary is missing from the class path
     * @throws UncheckedIOException if the directory or file cannot be written
     */
    public static Path extractTo(Path cacheDir, Platform platform) {
        return extract(cacheDir, platform, System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                SqliteVec.class.getClassLoader());
    }

    /** Seam for tests: any os.name/os.arch, libc probe and class loader, without faking the JVM. */
    static Path extractTo(Path cacheDir, String osName, String osArch, BooleanSupplier musl, ClassLoader loader) {
        Platform platform = Platform.resolve(osName, osArch, musl);
        return extract(cacheDir, platform, osName, osArch, loader);
    }

    /**
     * Returns the default cache directory: {@code $XDG_CACHE_HOME/vecbox} if that variable holds
     * an absolute path, else {@code ~/.cache/vecbox}; if that cannot be created or written, then
     * {@code <java.io.tmpdir>/vecbox-<user.name>}. The directory is created.
     *
     * <p>The temporary-directory fallback may be shared with other users; the extracted file is
     * re-verified against its SHA-256 unless an {@link InstallStamp} vouches for it, but prefer a private directory (or an
     * override) where that matters.
     *
     * @return the directory (may not be writable if even the fallback failed)
     */
    public static Path defaultCacheDirectory() {
        List<Path> candidates = cacheDirectoryCandidates(System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home"), System.getProperty("java.io.tmpdir"),
                System.getProperty("user.name"));
        return firstUsableDirectory(candidates);
    }

    /** Pure: the cache directories to try, in order. */
    static List<Path> cacheDirectoryCandidates(String xdgCacheHome, String userHome, String tmpDir, String userName) {
        List<Path> candidates = new ArrayList<>();
        optionalPath(xdgCacheHome).filter(Path::isAbsolute).ifPresent(p -> candidates.add(p.resolve("vecbox")));
        if (candidates.isEmpty()) {
            optionalPath(userHome).ifPresent(p -> candidates.add(p.resolve(".cache").resolve("vecbox")));
        }
        String user = userName == null || userName.isBlank() ? "unknown" : userName.replaceAll("[^A-Za-z0-9._-]", "_");
        candidates.add(optionalPath(tmpDir).orElse(Path.of(".")).resolve("vecbox-" + user));
        return candidates;
    }

    /** Returns the first candidate that can be created and written, else the last candidate. */
    static Path firstUsableDirectory(List<Path> candidates) {
        for (Path candidate : candidates) {
            try {
                Files.createDirectories(candidate);
                if (Files.isDirectory(candidate) && Files.isWritable(candidate)) {
                    return candidate;
                }
            } catch (IOException | SecurityException e) {
                // Read-only or missing home (containers, service accounts): try the next one.
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    /**
     * Pure apart from the existence check: the override named by the system property, else by the
     * environment variable. Blank values count as unset.
     */
    static Optional<Path> resolveOverride(String propertyValue, String envValue) {
        return BinaryOverride.resolve(OVERRIDE_PROPERTY, propertyValue, OVERRIDE_ENV, envValue, "a sqlite-vec binary",
                false, IllegalStateException::new);
    }

    private static Path extract(Path cacheDir, Platform platform, String osName, String osArch, ClassLoader loader) {
        String kind = "sqlite-vec-" + VERSION + "-" + platform.id();
        Optional<String> identity = InstallStamp.resourceIdentity(loader, platform.resourcePath());
        Optional<Path> stamped = identity.flatMap(id -> InstallStamp.verified(cacheDir, kind, id));
        if (stamped.isPresent()) {
            return stamped.get();
        }
        byte[] content = readResource(loader, platform, osName, osArch);
        String sha256 = sha256Hex(content);
        checkRecordedHash(loader, platform, sha256);

        // The content hash in the directory name keeps different builds of the same version apart,
        // so a JVM that still has an older file mapped is never affected by a newer one.
        Path dir = cacheDir.resolve("sqlite-vec-" + VERSION + "-" + platform.id() + "-" + sha256.substring(0, 16));
        try {
            Path installed = CachedFile.install(content, dir, platform.libraryFileName(), true);
            identity.ifPresent(id -> InstallStamp.record(cacheDir, kind, id, installed, sha256));
            return installed;
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot extract sqlite-vec " + platform.id() + ": " + e.getMessage(),
                    e.getCause());
        }
    }

    private static byte[] readResource(ClassLoader loader, Platform platform, String osName, String osArch) {
        try (InputStream in = loader.getResourceAsStream(platform.resourcePath())) {
            if (in == null) {
                throw new UnsupportedPlatformException(osName, osArch,
                        "resource " + platform.resourcePath() + " for " + platform.id() + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + platform.resourcePath() + ": " + e, e);
        }
    }

    /** Catches a corrupted or hand-edited jar before its binary reaches SQLite. */
    private static void checkRecordedHash(ClassLoader loader, Platform platform, String actual) {
        Properties recorded = new Properties();
        try (InputStream in = loader.getResourceAsStream(PROPERTIES_RESOURCE)) {
            if (in == null) {
                return;
            }
            recorded.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + PROPERTIES_RESOURCE + ": " + e, e);
        }
        String expected = recorded.getProperty("sha256." + platform.id());
        if (expected != null && !expected.trim().equalsIgnoreCase(actual)) {
            throw new IllegalStateException("bundled sqlite-vec " + platform.id() + " binary has SHA-256 " + actual
                    + " but the build recorded " + expected.trim() + "; the jar is corrupted");
        }
    }

    static String sha256Hex(byte[] bytes) {
        return CachedFile.sha256Hex(bytes);
    }

    private static Optional<Path> optionalPath(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
