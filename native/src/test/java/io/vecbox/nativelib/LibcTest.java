package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class LibcTest {
    private static final List<String> GLIBC_MAPS = List.of(
            "55d4c6a00000-55d4c6a01000 r--p 00000000 08:01 1311 /usr/lib/jvm/java-17/bin/java",
            "7f3b1c000000-7f3b1c022000 r--p 00000000 08:01 2201 /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f3b1c400000-7f3b1c401000 r--p 00000000 08:01 2190 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            "7ffd5a1e0000-7ffd5a201000 rw-p 00000000 00:00 0 [stack]",
            "7f3b1d000000-7f3b1d001000 rw-p 00000000 00:00 0");
    private static final List<String> MUSL_MAPS = List.of(
            "5616e0c00000-5616e0c01000 r--p 00000000 00:2f 1048 /usr/lib/jvm/java-17-openjdk/bin/java",
            "7f8a2c000000-7f8a2c014000 r--p 00000000 00:2f 12 /lib/ld-musl-x86_64.so.1",
            "7ffd5a1e0000-7ffd5a201000 rw-p 00000000 00:00 0 [stack]");

    @TempDir
    Path dir;

    @Test
    void muslLoaderInTheMapsMeansMusl() throws IOException {
        assertThat(Libc.isMusl(write("musl", MUSL_MAPS))).isTrue();
        assertThat(Libc.mapsMusl("7f8a2c000000-7f8a2c014000 r-xp 00014000 00:2f 12 /lib/ld-musl-aarch64.so.1"))
                .isTrue();
        assertThat(Libc.mapsMusl("7f8a2c000000-7f8a2c014000 r-xp 00000000 00:2f 13 /usr/lib/libc.musl-x86_64.so.1"))
                .isTrue();
    }

    @Test
    void glibcMapsAreNotMusl() throws IOException {
        assertThat(Libc.isMusl(write("glibc", GLIBC_MAPS))).isFalse();
        assertThat(Libc.mapsMusl("7f3b1d000000-7f3b1d001000 rw-p 00000000 00:00 0")).isFalse();
        assertThat(Libc.mapsMusl("7f3b1d000000-7f3b1d001000 r--p 00000000 08:01 7 /opt/musl-tools/libfoo.so"))
                .as("a directory named after musl is not musl").isFalse();
    }

    @Test
    void unreadableMapsAreNotMusl() {
        assertThat(Libc.isMusl(dir.resolve("missing"))).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisJvmsAnswerMatchesItsOwnMaps() throws IOException {
        boolean muslMapped = Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(Libc::mapsMusl);
        assertThat(Libc.isMusl()).isEqualTo(muslMapped);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }
}
