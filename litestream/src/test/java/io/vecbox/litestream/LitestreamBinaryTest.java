package io.vecbox.litestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.nativelib.CachedFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class LitestreamBinaryTest {
    @TempDir
    Path cache;

    private static String recordedSha256() throws Exception {
        Properties p = new Properties();
        try (InputStream in = LitestreamBinary.class.getClassLoader()
                .getResourceAsStream(LitestreamBinary.PROPERTIES_RESOURCE)) {
            p.load(in);
        }
        assertThat(p.getProperty("version")).isEqualTo(LitestreamBinary.VERSION);
        return p.getProperty("sha256.linux-x64");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "x86_64"}, disabledReason = "runs the bundled linux-x64 binary")
    void extractsAVerifiedExecutableThatPrintsItsVersion() throws Exception {
        Path binary = LitestreamBinary.extractTo(cache, "Linux", "amd64", getClass().getClassLoader());

        assertThat(binary).startsWith(cache).hasFileName("litestream");
        assertThat(Files.isExecutable(binary)).isTrue();
        assertThat(CachedFile.sha256Hex(Files.readAllBytes(binary))).isEqualTo(recordedSha256());
        assertThat(Litestream.version(binary)).isEqualTo("v" + LitestreamBinary.VERSION);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "x86_64"}, disabledReason = "runs the bundled linux-x64 binary")
    void aDamagedCachedCopyIsDetectedAndReplaced() throws Exception {
        Path first = LitestreamBinary.extractTo(cache, "Linux", "amd64", getClass().getClassLoader());
        long size = Files.size(first);
        Files.write(first, new byte[] {1, 2, 3}); // truncated, e.g. a full disk or a stray write

        Path second = LitestreamBinary.extractTo(cache, "Linux", "amd64", getClass().getClassLoader());

        assertThat(second).isEqualTo(first);
        assertThat(Files.size(second)).isEqualTo(size);
        assertThat(CachedFile.sha256Hex(Files.readAllBytes(second))).isEqualTo(recordedSha256());
        assertThat(Litestream.version(second)).isEqualTo("v" + LitestreamBinary.VERSION);
    }

    @Test
    void isAvailableSaysWhetherPathHasABinaryToGive() {
        if (LitestreamBinary.isAvailable()) {
            Path binary = LitestreamBinary.path();
            assertThat(Files.isExecutable(binary)).as(binary.toString()).isTrue();
        } else {
            assertThatThrownBy(LitestreamBinary::path).isInstanceOf(LitestreamPlatformException.class);
        }
    }

    @Test
    void anotherPlatformGetsAClearErrorNamingTheOverride() {
        assertThatThrownBy(() -> LitestreamBinary.extractTo(cache, "Mac OS X", "aarch64", getClass().getClassLoader()))
                .isInstanceOf(LitestreamPlatformException.class)
                .hasMessageContaining("os.name=Mac OS X, os.arch=aarch64")
                .hasMessageContaining("linux-x64 only")
                .hasMessageContaining("-Dvecbox.litestream=/path/to/litestream")
                .hasMessageContaining("VECBOX_LITESTREAM");
        assertThatThrownBy(() -> LitestreamBinary.extractTo(cache, "FreeBSD", "amd64", getClass().getClassLoader()))
                .isInstanceOf(LitestreamPlatformException.class);
        assertThat(LitestreamBinary.platformId("Linux", "aarch64")).isEmpty();
        assertThat(LitestreamBinary.platformId("Linux", "x86_64")).contains("linux-x64");
    }

    @Test
    void anOverrideMustNameAnExecutableFile() throws Exception {
        assertThat(LitestreamBinary.resolveOverride(null, " ")).isEmpty();
        assertThatThrownBy(() -> LitestreamBinary.resolveOverride(cache.resolve("missing").toString(), null))
                .isInstanceOf(LitestreamException.class)
                .hasMessageContaining("system property vecbox.litestream")
                .hasMessageContaining("does not exist");
        Path own = Files.createFile(cache.resolve("my-litestream"));
        own.toFile().setExecutable(true);
        assertThat(LitestreamBinary.resolveOverride(null, own.toString())).contains(own.toAbsolutePath());
    }
}
