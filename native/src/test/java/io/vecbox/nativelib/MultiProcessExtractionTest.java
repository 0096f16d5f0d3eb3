package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs, because the interesting races are between processes sharing one cache. */
class MultiProcessExtractionTest {

    private static final int CHILDREN = 4;

    @TempDir
    Path work;

    @Test
    @Timeout(120)
    void concurrentChildJvmsAllGetTheSameCorrectFile() throws Exception {
        Path cache = Files.createDirectory(work.resolve("cache"));
        Path go = work.resolve("go");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < CHILDREN; i++) {
                children.add(ChildJvm.start(work, List.of(), Map.of(), "extract", cache.toString(), go.toString()));
            }
            for (ChildJvm child : children) {
                assertThat(child.readLine()).isEqualTo("ready");
            }
            Files.createFile(go);

            Set<String> paths = new HashSet<>();
            for (ChildJvm child : children) {
                paths.add(child.readLine());
                assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("child exits").isTrue();
                assertThat(child.process.exitValue()).as(child.describe()).isZero();
            }

            assertThat(paths).hasSize(1);
            Path path = Path.of(paths.iterator().next());
            Platform platform = Platform.current();
            assertThat(path).startsWith(cache).hasFileName(platform.libraryFileName());
            assertThat(Files.readAllBytes(path)).isEqualTo(resource(platform));
            assertThat(ExtractionTest.leftovers(path.getParent())).containsExactly(platform.libraryFileName());
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    @Timeout(60)
    void pathUsesSystemPropertyOverride() throws Exception {
        Path lib = Files.writeString(work.resolve("custom-vec0.so"), "not really a library");
        try (ChildJvm child = ChildJvm.start(work, List.of("-D" + SqliteVec.OVERRIDE_PROPERTY + "=" + lib),
                Map.of(), "path")) {
            assertThat(child.readLine()).isEqualTo(lib.toAbsolutePath().toString());
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).as(child.describe()).isZero();
        }
    }

    @Test
    @Timeout(60)
    void pathFailsClearlyWhenOverrideIsMissing() throws Exception {
        Path missing = work.resolve("missing/vec0.so");
        try (ChildJvm child = ChildJvm.start(work, List.of(), Map.of(SqliteVec.OVERRIDE_ENV, missing.toString()),
                "path")) {
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).isNotZero();
            assertThat(Files.readString(child.stderr))
                    .contains("IllegalStateException")
                    .contains("environment variable VECBOX_SQLITE_VEC")
                    .contains(missing.toString());
        }
    }

    @Test
    @Timeout(60)
    void pathExtractsIntoXdgCacheHomeByDefault() throws Exception {
        Path xdg = work.resolve("xdg");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", xdg.toString());
        try (ChildJvm child = ChildJvm.start(work, List.of(), env, "path")) {
            Path path = Path.of(child.readLine());
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).as(child.describe()).isZero();
            assertThat(path).startsWith(xdg.resolve("vecbox")).isRegularFile();
            assertThat(Files.readAllBytes(path)).isEqualTo(resource(Platform.current()));
        }
    }

    private static byte[] resource(Platform platform) throws IOException {
        try (InputStream in = SqliteVec.class.getClassLoader().getResourceAsStream(platform.resourcePath())) {
            return in.readAllBytes();
        }
    }
}
