package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BundledResourcesTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SqliteVec.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("resource %s on the class path", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyPlatformIsBundledAndNonEmpty(Platform platform) throws IOException {
        assertThat(resource(platform.resourcePath())).hasSizeGreaterThan(10_000);
    }

    @Test
    void linuxBinariesAreElf() throws IOException {
        byte[] elf = {0x7f, 'E', 'L', 'F'};
        assertThat(resource(Platform.LINUX_X64.resourcePath())).startsWith(elf);
        assertThat(resource(Platform.LINUX_ARM64.resourcePath())).startsWith(elf);
    }

    @Test
    void darwinBinariesAreMachO64AndWindowsIsPe() throws IOException {
        byte[] machO64 = {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe};
        assertThat(resource(Platform.DARWIN_X64.resourcePath())).startsWith(machO64);
        assertThat(resource(Platform.DARWIN_ARM64.resourcePath())).startsWith(machO64);
        assertThat(resource(Platform.WINDOWS_X64.resourcePath())).startsWith('M', 'Z');
    }

    @Test
    void propertiesRecordVersionAndHashes() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SqliteVec.class.getClassLoader().getResourceAsStream(SqliteVec.PROPERTIES_RESOURCE)) {
            assertThat(in).isNotNull();
            properties.load(in);
        }
        assertThat(properties.getProperty("version")).isEqualTo(SqliteVec.VERSION).isEqualTo(SqliteVec.version());
        for (Platform platform : Platform.values()) {
            assertThat(properties.getProperty("sha256." + platform.id()))
                    .as(platform.id())
                    .isEqualTo(SqliteVec.sha256Hex(resource(platform.resourcePath())));
        }
    }
}
