package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PlatformTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
        "Linux, amd64, linux-x64",
        "linux, x86_64, linux-x64",
        "LINUX, X86-64, linux-x64",
        "Linux, aarch64, linux-arm64",
        "Linux, arm64, linux-arm64",
        "Mac OS X, x86_64, darwin-x64",
        "Mac OS X, aarch64, darwin-arm64",
        "macOS, arm64, darwin-arm64",
        "Darwin, amd64, darwin-x64",
        "Windows 10, amd64, windows-x64",
        "Windows 11, x86_64, windows-x64",
        "Windows Server 2022, amd64, windows-x64",
        "' Linux ', ' amd64 ', linux-x64",
    })
    void detectsSupportedPlatforms(String osName, String osArch, String expectedId) {
        assertThat(Platform.detect(osName, osArch)).map(Platform::id).contains(expectedId);
    }

    @ParameterizedTest(name = "{0} / {1} unsupported")
    @CsvSource({
        "SunOS, sparc",
        "SunOS, amd64",
        "FreeBSD, amd64",
        "AIX, ppc64",
        "Linux, x86",
        "Linux, i386",
        "Linux, arm",
        "Linux, ppc64le",
        "Linux, s390x",
        "Linux, riscv64",
        "Windows 11, aarch64",
        "Windows 10, x86",
        "Mac OS X, ppc",
        "'', amd64",
        "Linux, ''",
    })
    void rejectsUnsupportedPlatforms(String osName, String osArch) {
        assertThat(Platform.detect(osName, osArch)).isEmpty();
    }

    @Test
    void nullsAreUnknown() {
        assertThat(Platform.detect(null, "amd64")).isEmpty();
        assertThat(Platform.detect("Linux", null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void resourcePathFollowsLayout(Platform platform) {
        assertThat(platform.resourcePath())
                .isEqualTo("io/vecbox/nativelib/" + platform.id() + "/" + platform.libraryFileName());
        assertThat(platform.libraryFileName()).matches("vec0\\.(so|dylib|dll)");
    }

    @Test
    void fileNamesPerOs() {
        assertThat(Platform.LINUX_X64.libraryFileName()).isEqualTo("vec0.so");
        assertThat(Platform.LINUX_ARM64.libraryFileName()).isEqualTo("vec0.so");
        assertThat(Platform.DARWIN_X64.libraryFileName()).isEqualTo("vec0.dylib");
        assertThat(Platform.DARWIN_ARM64.libraryFileName()).isEqualTo("vec0.dylib");
        assertThat(Platform.WINDOWS_X64.libraryFileName()).isEqualTo("vec0.dll");
    }

    @Test
    void muslLinuxIsRefusedWithTheReasonAndTheOverride() {
        for (String arch : new String[] {"amd64", "aarch64"}) {
            assertThatThrownBy(() -> Platform.resolve("Linux", arch, () -> true))
                    .isInstanceOf(UnsupportedPlatformException.class)
                    .hasMessageStartingWith("unsupported platform os.name=Linux, os.arch=" + arch + ": ")
                    .hasMessageContaining("musl libc")
                    .hasMessageContaining("no official build for musl")
                    .hasMessageContaining("set -Dvecbox.sqliteVec=/path/to/vec0.so")
                    .hasMessageContaining("environment variable VECBOX_SQLITE_VEC");
        }
    }

    @Test
    void glibcLinuxResolves() {
        assertThat(Platform.resolve("Linux", "amd64", () -> false)).isEqualTo(Platform.LINUX_X64);
        assertThat(Platform.resolve("Linux", "aarch64", () -> false)).isEqualTo(Platform.LINUX_ARM64);
    }

    @Test
    void libcProbeIsAskedOnLinuxOnly() {
        BooleanSupplier mustNotBeAsked = () -> {
            throw new AssertionError("libc probed off Linux");
        };
        assertThat(Platform.resolve("Mac OS X", "aarch64", mustNotBeAsked)).isEqualTo(Platform.DARWIN_ARM64);
        assertThat(Platform.resolve("Windows 11", "amd64", mustNotBeAsked)).isEqualTo(Platform.WINDOWS_X64);
    }

    @Test
    void unknownPlatformSaysNoBinaryIsBundled() {
        assertThatThrownBy(() -> Platform.resolve("FreeBSD", "amd64", () -> true))
                .isInstanceOf(UnsupportedPlatformException.class)
                .hasMessageContaining("os.name=FreeBSD, os.arch=amd64: no sqlite-vec binary is bundled")
                .hasMessageContaining("-Dvecbox.sqliteVec=");
    }

    @Test
    void currentMatchesDetectOnThisJvm() {
        var detected = Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (detected.isPresent()) {
            assertThat(Platform.current()).isEqualTo(detected.get());
        } else {
            assertThatThrownBy(Platform::current).isInstanceOf(UnsupportedPlatformException.class);
        }
    }
}
