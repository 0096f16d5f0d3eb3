package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverrideTest {

    @TempDir
    Path dir;

    @Test
    void nothingSetMeansNoOverride() {
        assertThat(SqliteVec.resolveOverride(null, null)).isEmpty();
        assertThat(SqliteVec.resolveOverride("", "  ")).isEmpty();
    }

    @Test
    void systemPropertyIsUsed() throws IOException {
        Path lib = Files.writeString(dir.resolve("vec0.so"), "x");
        assertThat(SqliteVec.resolveOverride(lib.toString(), null)).contains(lib.toAbsolutePath());
    }

    @Test
    void environmentIsUsedWhenPropertyUnset() throws IOException {
        Path lib = Files.writeString(dir.resolve("vec0.so"), "x");
        assertThat(SqliteVec.resolveOverride(null, lib.toString())).contains(lib.toAbsolutePath());
        assertThat(SqliteVec.resolveOverride(" ", lib.toString())).contains(lib.toAbsolutePath());
    }

    @Test
    void systemPropertyWinsOverEnvironment() throws IOException {
        Path fromProperty = Files.writeString(dir.resolve("a.so"), "a");
        Path fromEnv = Files.writeString(dir.resolve("b.so"), "b");
        assertThat(SqliteVec.resolveOverride(fromProperty.toString(), fromEnv.toString()))
                .contains(fromProperty.toAbsolutePath());
    }

    @Test
    void missingFileFromPropertyNamesPropertyAndPath() {
        Path missing = dir.resolve("nope/vec0.so");
        assertThatThrownBy(() -> SqliteVec.resolveOverride(missing.toString(), "/ignored"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system property vecbox.sqliteVec")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void missingFileFromEnvironmentNamesVariableAndPath() {
        Path missing = dir.resolve("nope/vec0.so");
        assertThatThrownBy(() -> SqliteVec.resolveOverride(null, missing.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable VECBOX_SQLITE_VEC")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void directoryIsNotAFile() {
        assertThatThrownBy(() -> SqliteVec.resolveOverride(dir.toString(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a file");
    }
}
