package io.vecbox.nativelib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryOverrideTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatCannotBeExecutedIsRefusedOnlyWhenItMustBe() throws IOException {
        Path plain = Files.writeString(dir.resolve("tool"), "x");
        assertThat(plain.toFile().setExecutable(false, false)).isTrue();
        assertThat(BinaryOverride.resolve("p", plain.toString(), "E", null, "a tool", false,
                UnsupportedOperationException::new))
                .contains(plain.toAbsolutePath());
        assertThatThrownBy(() -> BinaryOverride.resolve("p", plain.toString(), "E", null, "a tool", true,
                UnsupportedOperationException::new))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("system property p names a tool that does not exist or cannot be executed: "
                        + plain.toAbsolutePath());
    }

    @Test
    void anInvalidPathNamesTheSourceAndKeepsTheCause() {
        assertThatThrownBy(() -> BinaryOverride.resolve("p", null, "E", "bad\0path", "a tool", false,
                UnsupportedOperationException::new))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("environment variable E is not a valid path: bad\0path")
                .hasCauseInstanceOf(InvalidPathException.class);
    }
}
