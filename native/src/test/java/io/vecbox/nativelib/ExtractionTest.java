package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExtractionTest {

    @TempDir
    Path dir;

    static byte[] resource(Platform platform) throws IOException {
        try (InputStream in = SqliteVec.class.getClassLoader().getResourceAsStream(platform.resourcePath())) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsCurrentPlatformWithItsLibraryName() throws IOException {
        Platform platform = Platform.current();
        Path path = SqliteVec.extractTo(dir);
        assertThat(path).isRegularFile().hasFileName(platform.libraryFileName()).startsWith(dir);
        assertThat(Files.readAllBytes(path)).isEqualTo(resource(platform));
        assertThat(Files.isReadable(path)).isTrue();
        assertThat(Files.isExecutable(path)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void extractsAnyPlatformIntoVersionedContentAddressedDirectory(Platform platform) throws IOException {
        byte[] expected = resource(platform);
        Path path = SqliteVec.extractTo(dir, platform);
        assertThat(path.getFileName().toString()).isEqualTo(platform.libraryFileName());
        assertThat(path.getParent().getFileName().toString()).isEqualTo(
                "sqlite-vec-0.1.9-" + platform.id() + "-" + SqliteVec.sha256Hex(expected).substring(0, 16));
        assertThat(path.getParent().getParent()).isEqualTo(dir);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    @Test
    void linuxX64IsNamedVec0So() {
        assertThat(SqliteVec.extractTo(dir, Platform.LINUX_X64)).hasFileName("vec0.so");
    }

    @Test
    void secondExtractionReusesTheFileWithoutRewriting() throws IOException {
        Path first = SqliteVec.extractTo(dir, Platform.LINUX_X64);
        // Push mtime into the past so a rewrite could not hide within timestamp granularity.
        FileTime past = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(first, past);
        Object fileKey = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

        Path second = SqliteVec.extractTo(dir, Platform.LINUX_X64);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(past);
        assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey()).isEqualTo(fileKey);
        assertThat(leftovers(first.getParent())).containsExactly(first.getFileName().toString());
    }

    @Test
    void tamperedCacheIsReextracted() throws IOException {
        byte[] expected = resource(Platform.LINUX_X64);
        Path path = SqliteVec.extractTo(dir, Platform.LINUX_X64);
        byte[] tampered = expected.clone();
        tampered[100] ^= 0x55;
        Files.write(path, tampered);

        assertThat(SqliteVec.extractTo(dir, Platform.LINUX_X64)).isEqualTo(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    @Test
    void truncatedCacheIsReextracted() throws IOException {
        byte[] expected = resource(Platform.LINUX_X64);
        Path path = SqliteVec.extractTo(dir, Platform.LINUX_X64);
        Files.write(path, new byte[] {0x7f, 'E', 'L', 'F'});

        assertThat(SqliteVec.extractTo(dir, Platform.LINUX_X64)).isEqualTo(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    @Test
    void unsupportedPlatformNamesItAndTheOverrides() {
        ClassLoader loader = SqliteVec.class.getClassLoader();
        assertThatThrownBy(() -> SqliteVec.extractTo(dir, "SunOS", "sparc", () -> false, loader))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("os.name=SunOS")
                .hasMessageContaining("os.arch=sparc")
                .hasMessageContaining("-Dvecbox.sqliteVec=/path/to/vec0.so")
                .hasMessageContaining("VECBOX_SQLITE_VEC")
                .satisfies(e -> {
                    UnsupportedPlatformException u = (UnsupportedPlatformException) e;
                    assertThat(u.osName()).isEqualTo("SunOS");
                    assertThat(u.osArch()).isEqualTo("sparc");
                });
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void muslSaysThereIsNoOfficialBuildAndNamesTheOverrides() {
        ClassLoader loader = SqliteVec.class.getClassLoader();
        assertThatThrownBy(() -> SqliteVec.extractTo(dir, "Linux", "amd64", () -> true, loader))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("os.name=Linux")
                .hasMessageContaining("os.arch=amd64")
                .hasMessageContaining("musl libc (Alpine Linux")
                .hasMessageContaining("no official build for musl")
                .hasMessageContaining("-Dvecbox.sqliteVec=/path/to/vec0.so")
                .hasMessageContaining("VECBOX_SQLITE_VEC");
        assertThat(dir).as("nothing extracted").isEmptyDirectory();
    }

    @Test
    void missingResourceIsUnsupportedPlatform() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> SqliteVec.extractTo(dir, "Linux", "amd64", () -> false, empty))
                    .isInstanceOf(UnsupportedPlatformException.class)
                    .hasMessageContaining("io/vecbox/nativelib/linux-x64/vec0.so")
                    .hasMessageContaining("vecbox.sqliteVec");
        }
    }

    @Test
    @Timeout(60)
    void manyThreadsExtractAtOnce() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return SqliteVec.extractTo(dir, Platform.LINUX_X64);
                }));
            }
            start.countDown();
            Set<Path> paths = ConcurrentHashMap.newKeySet();
            for (Future<Path> result : results) {
                paths.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(paths).hasSize(1);
            Path path = paths.iterator().next();
            assertThat(Files.readAllBytes(path)).isEqualTo(resource(Platform.LINUX_X64));
            assertThat(leftovers(path.getParent())).containsExactly("vec0.so");
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> leftovers(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
