package io.vecbox.nativelib;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The user's override of a bundled binary: a path named by a system property, else by an
 * environment variable. Shared by {@link SqliteVec} and the Litestream module, which each keep
 * their own property, variable and exception type. Stateless and thread-safe.
 */
public final class BinaryOverride {

    private BinaryOverride() {
    }

    /**
     * Pure apart from the file checks: the override named by the system property, else by the
     * environment variable. Blank values count as unset; a value is trimmed. The error messages
     * name where the value came from ({@code "system property <name>"} or
     * {@code "environment variable <name>"}) and the path.
     *
     * @param propertyName the system property, for messages
     * @param propertyValue its value, or null
     * @param envName the environment variable, for messages
     * @param envValue its value, or null
     * @param expected what the file should be, for messages, e.g. {@code "a sqlite-vec binary"}
     * @param executable whether the file must also be executable
     * @param error builds the caller's exception from a message and a cause (null when there is none)
     * @return the absolute path, or empty if neither value is set
     * @throws RuntimeException made by {@code error} if the value is not a valid path, or names no
     *     regular file, or (when {@code executable}) one that cannot be executed
     */
    public static Optional<Path> resolve(String propertyName, String propertyValue, String envName, String envValue,
            String expected, boolean executable, BiFunction<String, Throwable, ? extends RuntimeException> error) {
        String source;
        String value;
        if (propertyValue != null && !propertyValue.isBlank()) {
            source = "system property " + propertyName;
            value = propertyValue.trim();
        } else if (envValue != null && !envValue.isBlank()) {
            source = "environment variable " + envName;
            value = envValue.trim();
        } else {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw error.apply(source + " is not a valid path: " + value, e);
        }
        if (executable) {
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw error.apply(source + " names " + expected + " that does not exist or cannot be executed: "
                        + path, null);
            }
        } else if (!Files.isRegularFile(path)) {
            throw error.apply(source + " names " + expected + " that does not exist or is not a file: " + path, null);
        }
        return Optional.of(path);
    }
}
