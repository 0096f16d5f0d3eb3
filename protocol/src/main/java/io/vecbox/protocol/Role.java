package io.vecbox.protocol;

import java.util.Locale;

/** What a worker's connection is for. */
public enum Role {
    /** Read-only connection ({@code SQLITE_OPEN_READONLY} plus {@code query_only}); runs queries. */
    READER,
    /** The single read-write connection (WAL, {@code BEGIN IMMEDIATE}); runs the host's writes. */
    WRITER;

    /** @return the wire name, {@code reader} or {@code writer} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a wire name
     * @return the role
     * @throws IllegalArgumentException if the name is not a role
     */
    public static Role fromWire(String wire) {
        for (Role r : values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role: " + wire);
    }
}
