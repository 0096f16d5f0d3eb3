package io.vecbox.protocol;

import java.util.Objects;

/**
 * The worker's first frame: who it is and what it speaks. The supervisor checks
 * {@code protocolVersion} against {@link Protocol#VERSION} before sending {@link Configure}.
 *
 * @param protocolVersion the worker's {@link Protocol#VERSION}
 * @param pid the worker's process id
 * @param sqliteVersion the SQLite library version linked into the worker, e.g. {@code 3.50.4}
 * @param sqliteVecVersion the sqlite-vec version bundled with the worker, e.g. {@code 0.1.9}
 * @param javaVersion the worker JVM's {@code java.version}
 */
public record Hello(int protocolVersion, long pid, String sqliteVersion, String sqliteVecVersion,
                    String javaVersion) implements Message {
    /** Wire type name. */
    public static final String TYPE = "hello";

    public Hello {
        Objects.requireNonNull(sqliteVersion, "sqliteVersion");
        Objects.requireNonNull(sqliteVecVersion, "sqliteVecVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
