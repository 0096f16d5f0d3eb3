package io.vecbox.supervisor.internal;

import io.vecbox.nativelib.CachedFile;
import io.vecbox.nativelib.InstallStamp;
import io.vecbox.nativelib.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * sqlite-jdbc's native library, unpacked once from the worker jar into the cache directory.
 *
 * <p>Left to itself, sqlite-jdbc copies its library into {@code java.io.tmpdir} under a random
 * name ({@code sqlite-<version>-<uuid>-libsqlitejdbc.so}) on every JVM start and deletes it only
 * when the JVM exits normally: each worker that crashed or was killed left a 1.1 MB copy behind,
 * and each start paid for the copy. Workers are instead started with
 * {@code -Dorg.sqlite.lib.path} and {@code -Dorg.sqlite.lib.name} naming one copy at
 * {@code <cache>/sqlite-jdbc-<version>-<os>-<arch>-<sha256 prefix>/<library>}, written atomically
 * and verified by content hash like sqlite-vec's (see {@link CachedFile}).
 *
 * <p>On a platform whose sqlite-jdbc folder is not named here, or when the worker jar lacks it,
 * nothing is unpacked and sqlite-jdbc keeps its own behaviour. Thread-safe.
 */
public final class SqliteJdbcLibrary {
    /** Where sqlite-jdbc keeps its libraries, one folder per {@code <os>/<arch>}. */
    static final String RESOURCE_ROOT = "org/sqlite/native/";

    private static final String POM_PROPERTIES = "META-INF/maven/org.xerial/sqlite-jdbc/pom.properties";
    private static final Map<Path, Optional<Path>> INSTALLED = new ConcurrentHashMap<>();

    private SqliteJdbcLibrary() {
    }

    /**
     * @param workerJar the unpacked worker jar (see {@link WorkerJar}), which bundles sqlite-jdbc
     * @param cacheDirectory the cache directory
     * @return the unpacked library, installed once per JVM and cache directory (and not read from
     *     the jar again while an {@link InstallStamp} vouches for the copy); empty if there is none
     *     for this platform
     * @throws UncheckedIOException if the jar cannot be read or the library cannot be written
     */
    public static Optional<Path> install(Path workerJar, Path cacheDirectory) {
        Optional<String> entry = resourcePath(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Libc::isMusl);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return INSTALLED.computeIfAbsent(cacheDirectory.toAbsolutePath(), dir -> unpack(workerJar, entry.get(), dir));
    }

    /**
     * @param library an unpacked library
     * @return the worker JVM options that make sqlite-jdbc load it instead of unpacking its own
     */
    public static List<String> jvmOptions(Path library) {
        return List.of("-Dorg.sqlite.lib.path=" + library.getParent(),
                "-Dorg.sqlite.lib.name=" + library.getFileName());
    }

    /**
     * Pure apart from the libc probe (asked on Linux only): the library's entry in the jar, named
     * the way sqlite-jdbc's {@code OSInfo} names its folders, for the platforms vecbox supports.
     *
     * @return e.g. {@code org/sqlite/native/Linux/x86_64/libsqlitejdbc.so}, or
     *     {@code org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so}; empty for other platforms
     */
    static Optional<String> resourcePath(String osName, String osArch, BooleanSupplier musl) {
        String os = osName == null ? "" : osName.trim().toLowerCase(Locale.ROOT);
        String arch = switch (osArch == null ? "" : osArch.trim().toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        String folderAndFile;
        if (os.startsWith("windows")) {
            folderAndFile = "Windows/" + arch + "/sqlitejdbc.dll";
        } else if (os.startsWith("mac") || os.startsWith("darwin") || os.contains("os x")) {
            folderAndFile = "Mac/" + arch + "/libsqlitejdbc.dylib";
        } else if (os.startsWith("linux")) {
            folderAndFile = (musl.getAsBoolean() ? "Linux-Musl/" : "Linux/") + arch + "/libsqlitejdbc.so";
        } else {
            return Optional.empty();
        }
        return Optional.of(RESOURCE_ROOT + folderAndFile);
    }

    private static Optional<Path> unpack(Path workerJar, String entryName, Path cacheDirectory) {
        String kind = "sqlite-jdbc-library";
        Optional<String> identity = InstallStamp.fileIdentity(workerJar).map(jar -> jar + " entry " + entryName);
        Optional<Path> stamped = identity.flatMap(id -> InstallStamp.verified(cacheDirectory, kind, id));
        if (stamped.isPresent()) {
            return stamped;
        }
        byte[] library;
        String version;
        try (ZipFile jar = new ZipFile(workerJar.toFile())) {
            ZipEntry entry = jar.getEntry(entryName);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                library = in.readAllBytes();
            }
            version = version(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entryName + " from " + workerJar + ": " + e, e);
        }
        String sha256 = CachedFile.sha256Hex(library);
        String platform = entryName.substring(RESOURCE_ROOT.length(), entryName.lastIndexOf('/')).replace('/', '-');
        String fileName = entryName.substring(entryName.lastIndexOf('/') + 1);
        Path dir = cacheDirectory.resolve("sqlite-jdbc-" + version + "-" + platform + "-" + sha256.substring(0, 16));
        Path installed = CachedFile.install(library, dir, fileName, true);
        identity.ifPresent(id -> InstallStamp.record(cacheDirectory, kind, id, installed, sha256));
        return Optional.of(installed);
    }

    private static String version(ZipFile jar) throws IOException {
        ZipEntry entry = jar.getEntry(POM_PROPERTIES);
        if (entry == null) {
            return "unknown";
        }
        Properties pom = new Properties();
        try (InputStream in = jar.getInputStream(entry)) {
            pom.load(in);
        }
        return pom.getProperty("version", "unknown").replaceAll("[^0-9A-Za-z.]", "");
    }
}
