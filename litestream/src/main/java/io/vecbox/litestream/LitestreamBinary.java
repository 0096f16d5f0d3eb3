package io.vecbox.litestream;

import io.vecbox.nativelib.BinaryOverride;
import io.vecbox.nativelib.CachedFile;
import io.vecbox.nativelib.InstallStamp;
import io.vecbox.nativelib.Platform;
import io.vecbox.nativelib.SqliteVec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates the Litestream executable: a user override, or the binary bundled in this jar for the
 * running platform, extracted once into a cache directory.
 *
 * <p>Resolution order of {@link #path()}:
 * <ol>
 *   <li>system property {@value #OVERRIDE_PROPERTY};</li>
 *   <li>environment variable {@value #OVERRIDE_ENV};</li>
 *   <li>the bundled binary, extracted into {@link SqliteVec#defaultCacheDirectory()} (the same cache
 *       directory as the worker jar and sqlite-vec) as
 *       {@code litestream-<version>-<platform>-<sha256 prefix>/litestream}.</li>
 * </ol>
 * An override is used as given, without verification, and logged once at INFO saying so.
 *
 * <p>The bundled binary comes from the npm package {@code @flydotio/litestream-linux-x64}, version
 * {@value #NPM_VERSION}, pinned by its SHA-512 in the build, which also records the binary's SHA-256
 * in {@code litestream.properties}. Extraction checks the resource against that SHA-256, writes a
 * temporary file, sets it executable and renames it into place atomically; an existing copy is
 * reused only after its SHA-256 is checked (or an install stamp vouches for its size and
 * modification time), and a damaged one is replaced. The binary is a static Go executable, so it
 * runs on glibc and musl alike.
 *
 * <p>Thread-safe; extraction is also safe across processes sharing the cache directory.
 */
public final class LitestreamBinary {
    /** The bundled Litestream version. */
    public static final String VERSION = "0.3.13";
    /** The version of the npm package it comes from. */
    public static final String NPM_VERSION = "1.0.1";
    /** System property naming a Litestream executable to use instead of the bundled one. */
    public static final String OVERRIDE_PROPERTY = "vecbox.litestream";
    /** Environment variable consulted when {@link #OVERRIDE_PROPERTY} is not set. */
    public static final String OVERRIDE_ENV = "VECBOX_LITESTREAM";
    /** The platforms whose binary this jar bundles. */
    static final List<String> BUNDLED_PLATFORMS = List.of("linux-x64");

    static final String RESOURCE_PREFIX = "io/vecbox/litestream/";
    static final String PROPERTIES_RESOURCE = RESOURCE_PREFIX + "litestream.properties";
    static final String FILE_NAME = "litestream";

    private static final Logger LOG = LoggerFactory.getLogger("io.vecbox.litestream");
    private static final Object LOCK = new Object();
    private static volatile Path resolved;

    private LitestreamBinary() {
    }

    /**
     * Returns the Litestream executable. The first successful call resolves it (see the class
     * documentation) and later calls return the same path for the life of the JVM; a failed call is
     * retried by the next one.
     *
     * @return an existing executable file
     * @throws LitestreamPlatformException if there is no override and no bundled binary for this platform
     * @throws LitestreamException if an override names no file, or the bundled binary is damaged
     * @throws UncheckedIOException if the bundled binary cannot be extracted
     */
    public static Path path() {
        Path path = resolved;
        if (path != null) {
            return path;
        }
        synchronized (LOCK) {
            if (resolved == null) {
                Optional<Path> override = resolveOverride(System.getProperty(OVERRIDE_PROPERTY), System.getenv(OVERRIDE_ENV));
                override.ifPresent(p -> LOG.info("using Litestream {} as given (an override: not verified by vecbox)", p));
                resolved = override.orElseGet(() -> extractTo(SqliteVec.defaultCacheDirectory()));
            }
            return resolved;
        }
    }

    /**
     * Whether {@link #path()} has a Litestream to give on this machine: an override is set, or a
     * binary is bundled for this OS and architecture (linux-x64). It does not extract or check the
     * binary; {@link #path()} still may fail for a damaged jar or an override that names no file.
     *
     * @return false where {@link #path()} would throw {@link LitestreamPlatformException}
     */
    public static boolean isAvailable() {
        return isSet(System.getProperty(OVERRIDE_PROPERTY)) || isSet(System.getenv(OVERRIDE_ENV))
                || platformId(System.getProperty("os.name", ""), System.getProperty("os.arch", "")).isPresent();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Extracts the bundled binary for the running platform into {@code cacheDir}; see the class
     * documentation for the layout and the checks.
     *
     * @param cacheDir directory to extract into; created if missing
     * @return the executable
     * @throws LitestreamPlatformException if no binary is bundled for this platform
     * @throws LitestreamException if the bundled binary does not match the SHA-256 the build recorded
     * @throws UncheckedIOException if the directory or file cannot be written
     */
    public static Path extractTo(Path cacheDir) {
        return extractTo(cacheDir, System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                LitestreamBinary.class.getClassLoader());
    }

    /** Seam for tests: any os.name/os.arch and class loader. */
    static Path extractTo(Path cacheDir, String osName, String osArch, ClassLoader loader) {
        String platform = platformId(osName, osArch)
                .orElseThrow(() -> new LitestreamPlatformException(osName, osArch));
        String resource = RESOURCE_PREFIX + platform + "/" + FILE_NAME;
        if (loader.getResource(resource) == null) {
            throw new LitestreamPlatformException(osName, osArch);
        }
        String kind = "litestream-" + VERSION + "-" + platform;
        Optional<String> identity = InstallStamp.resourceIdentity(loader, resource);
        Optional<Path> stamped = identity.flatMap(id -> InstallStamp.verified(cacheDir, kind, id));
        if (stamped.isPresent()) {
            return stamped.get();
        }
        byte[] content = read(loader, resource);
        String sha256 = CachedFile.sha256Hex(content);
        checkRecordedHash(loader, platform, sha256);
        Path dir = cacheDir.resolve(kind + "-" + sha256.substring(0, 16));
        try {
            Path installed = CachedFile.install(content, dir, FILE_NAME, true);
            identity.ifPresent(id -> InstallStamp.record(cacheDir, kind, id, installed, sha256));
            return installed;
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot extract Litestream " + platform + ": " + e.getMessage(), e.getCause());
        }
    }

    /**
     * Pure: the bundled platform for an {@code os.name}/{@code os.arch} pair.
     *
     * @param osName value of {@code os.name}
     * @param osArch value of {@code os.arch}
     * @return e.g. {@code linux-x64}; empty when this jar bundles no Litestream for it
     */
    static Optional<String> platformId(String osName, String osArch) {
        return Platform.detect(osName, osArch).map(Platform::id).filter(BUNDLED_PLATFORMS::contains);
    }

    /** The override named by the system property, else the environment variable; blank is unset. */
    static Optional<Path> resolveOverride(String propertyValue, String envValue) {
        return BinaryOverride.resolve(OVERRIDE_PROPERTY, propertyValue, OVERRIDE_ENV, envValue,
                "a Litestream executable", true, LitestreamException::new);
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + resource + " vanished"));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + ": " + e, e);
        }
    }

    /** Catches a corrupted or hand-edited jar before its binary is ever run. */
    private static void checkRecordedHash(ClassLoader loader, String platform, String actual) {
        Properties recorded = new Properties();
        try (InputStream in = loader.getResourceAsStream(PROPERTIES_RESOURCE)) {
            if (in == null) {
                throw new LitestreamException("resource " + PROPERTIES_RESOURCE + " is missing: the jar is damaged");
            }
            recorded.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + PROPERTIES_RESOURCE + ": " + e, e);
        }
        String expected = recorded.getProperty("sha256." + platform);
        if (expected == null || !expected.trim().equalsIgnoreCase(actual)) {
            throw new LitestreamException("bundled Litestream " + platform + " binary has SHA-256 " + actual
                    + " but the build recorded " + (expected == null ? "none" : expected.trim()) + "; the jar is damaged");
        }
    }
}
