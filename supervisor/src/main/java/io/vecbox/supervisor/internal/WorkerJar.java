package io.vecbox.supervisor.internal;

import io.vecbox.nativelib.CachedFile;
import io.vecbox.nativelib.InstallStamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The self-contained worker jar, shipped inside the supervisor jar as a resource and unpacked
 * into the cache directory (verified by content hash), so workers start the same way however
 * the host is packaged: fat jar, IDE, plain class path.
 */
public final class WorkerJar {
    /** Where the build puts the worker jar inside the supervisor jar. */
    public static final String RESOURCE = "io/vecbox/supervisor/internal/vecbox-worker.jar";

    private static final String STAMP_KIND = "worker-jar";
    private static final Map<Path, Path> INSTALLED = new ConcurrentHashMap<>();

    private WorkerJar() {
    }

    /**
     * @param cacheDirectory the cache directory
     * @return the unpacked jar, installed once per JVM and cache directory, and neither read nor
     *     hashed again while an {@link InstallStamp} vouches for the copy in the cache
     * @throws IllegalStateException if the resource is missing
     * @throws UncheckedIOException if it cannot be written
     */
    public static Path install(Path cacheDirectory) {
        return INSTALLED.computeIfAbsent(cacheDirectory.toAbsolutePath(), dir -> {
            Optional<String> identity = InstallStamp.resourceIdentity(WorkerJar.class.getClassLoader(), RESOURCE);
            Optional<Path> stamped = identity.flatMap(id -> InstallStamp.verified(dir, STAMP_KIND, id));
            if (stamped.isPresent()) {
                return stamped.get();
            }
            byte[] jar = read();
            String sha = CachedFile.sha256Hex(jar);
            Path installed = CachedFile.install(jar, dir.resolve("worker-" + sha.substring(0, 16)), "vecbox-worker.jar",
                    false);
            identity.ifPresent(id -> InstallStamp.record(dir, STAMP_KIND, id, installed, sha));
            return installed;
        });
    }

    private static byte[] read() {
        try (InputStream in = WorkerJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the worker jar (" + RESOURCE + ") is not on the class path: "
                        + "vecbox-supervisor was built without it; build with `mvn install` from the repository root");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e, e);
        }
    }
}
