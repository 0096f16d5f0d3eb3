package io.vecbox.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.jar.JarEntry;

/**
 * A record that a file in the cache directory was verified against its SHA-256, so that later
 * installs of the same source skip reading and hashing it.
 *
 * <p>Hashing what ships inside a jar costs: the worker jar alone is about 13 MB, and every JVM
 * that builds a pool (a one-shot CLI command, each test JVM) would inflate and hash it twice —
 * the resource, then the cached copy. A stamp at {@code <cache>/stamps/<kind>-<id hash>} records
 * the source's identity (a jar entry's size and CRC, or a file's path, size and modification
 * time: values that change whenever the bytes do, read without reading the bytes), the installed
 * file, its size, modification time and SHA-256. When the source is the same and the installed
 * file still has that size and modification time, it is used as it is.
 *
 * <p>Like a build tool's index, a stamp is written only for a file whose modification time is
 * more than {@link #RACY_MILLIS} old: a file rewritten within the file system's timestamp
 * granularity after it was verified would otherwise keep its recorded time. So the first install
 * hashes, the first one after that hashes once more and records the stamp, and the rest are
 * quick. A stamp that cannot be read or written is ignored: the install verifies by hash as
 * before. What the stamp does not catch is a same-size rewrite whose modification time was put
 * back by hand; the cache directory must be the user's own (see
 * {@link SqliteVec#defaultCacheDirectory()}). Thread-safe, and safe across processes: a stamp
 * is published by atomic rename.
 */
public final class InstallStamp {
    /** A file younger than this when verified is hashed again next time rather than stamped. */
    static final long RACY_MILLIS = 2000;

    private static final String DIRECTORY = "stamps";

    private InstallStamp() {
    }

    /**
     * @param loader the class loader that holds the resource
     * @param resource the resource's name
     * @return an identity that changes whenever the resource's bytes do, read without reading
     *     them: the entry's size and CRC-32 in a jar, the file's size and modification time in a
     *     directory; empty for a resource that is missing or served any other way
     */
    public static Optional<String> resourceIdentity(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return fileIdentity(Path.of(url.toURI()));
            }
            if ("jar".equals(url.getProtocol())) {
                URLConnection connection = url.openConnection();
                if (connection instanceof JarURLConnection jar) {
                    JarEntry entry = jar.getJarEntry();
                    if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                        return Optional.of("jar " + url + " size " + entry.getSize() + " crc " + entry.getCrc());
                    }
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * @param file a file
     * @return its absolute path, size and modification time; empty if it cannot be read
     */
    public static Optional<String> fileIdentity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of("file " + file.toAbsolutePath() + " size " + a.size() + " mtime " + a.lastModifiedTime());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * @param cacheDirectory the cache directory
     * @param kind what was installed, e.g. {@code worker-jar}; part of the stamp's name
     * @param identity the source's identity, see {@link #resourceIdentity}
     * @return the installed file, if a stamp for exactly this source names one that still has the
     *     recorded size and modification time; empty otherwise
     */
    public static Optional<Path> verified(Path cacheDirectory, String kind, String identity) {
        Properties stamp = new Properties();
        try (InputStream in = Files.newInputStream(stampFile(cacheDirectory, kind, identity))) {
            stamp.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
        if (!identity.equals(stamp.getProperty("identity"))) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(stamp.getProperty("file", ""));
            if (!file.isAbsolute()) {
                return Optional.empty();
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            boolean same = a.isRegularFile() && Long.toString(a.size()).equals(stamp.getProperty("size"))
                    && a.lastModifiedTime().toString().equals(stamp.getProperty("mtime"));
            return same ? Optional.of(file) : Optional.empty();
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Records that {@code installed} was just verified to hold the content with {@code sha256},
     * unless its modification time is too recent to be trusted (see the class documentation).
     * Failures are ignored: without a stamp, the next install verifies by hash.
     *
     * @param cacheDirectory the cache directory
     * @param kind what was installed
     * @param identity the source's identity
     * @param installed the verified file
     * @param sha256 its SHA-256, recorded for whoever inspects the cache
     * @return whether a stamp was written
     */
    public static boolean record(Path cacheDirectory, String kind, String identity, Path installed, String sha256) {
        return record(cacheDirectory, kind, identity, installed, sha256, System.currentTimeMillis());
    }

    /** Seam for tests: {@code nowMillis} instead of the clock. */
    static boolean record(Path cacheDirectory, String kind, String identity, Path installed, String sha256,
                          long nowMillis) {
        Path stampFile = stampFile(cacheDirectory, kind, identity);
        Path tmp = stampFile.resolveSibling("." + stampFile.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            BasicFileAttributes a = Files.readAttributes(installed, BasicFileAttributes.class);
            if (nowMillis - a.lastModifiedTime().toMillis() <= RACY_MILLIS) {
                return false;
            }
            Properties stamp = new Properties();
            stamp.setProperty("identity", identity);
            stamp.setProperty("file", installed.toAbsolutePath().toString());
            stamp.setProperty("size", Long.toString(a.size()));
            stamp.setProperty("mtime", a.lastModifiedTime().toString());
            stamp.setProperty("sha256", sha256);
            Files.createDirectories(stampFile.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                stamp.store(out, "verified by vecbox; delete to verify again");
            }
            try {
                Files.move(tmp, stampFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stampFile, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // A stray temp file never has the stamp's name.
            }
        }
    }

    /** Pure: where the stamp of a source lives. */
    static Path stampFile(Path cacheDirectory, String kind, String identity) {
        String id = CachedFile.sha256Hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return cacheDirectory.resolve(DIRECTORY).resolve(kind + "-" + id);
    }
}
