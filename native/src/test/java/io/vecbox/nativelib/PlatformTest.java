package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void currentMatchesDetectOnThisJvm() {
        var detected = Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (detected.isPresent()) {
            assertThat(Platform.current()).isEqualTo(detected.get());
        } else {
            assertThatThrownBy(Platform::current).isInstanceOf(UnsupportedPlatformException.class);
        }
    }
}
