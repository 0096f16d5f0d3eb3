package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;

/** The four kinds of work, and the role of worker each runs on. */
public enum RequestKind {
    /** A query: reader, retried once if the worker dies. */
    QUERY("query", Role.READER),
    /** One write statement: writer, never retried. */
    EXECUTE("execute", Role.WRITER),
    /** Several write statements in one transaction. */
    BATCH("batch", Role.WRITER),
    /** One write statement, many parameter rows, one transaction. */
    EXECUTE_MANY("execute-many", Role.WRITER);

    private final String wireName;
    private final Role role;

    RequestKind(String wireName, Role role) {
        this.wireName = wireName;
        this.role = role;
    }

    /** @return the name used in logs and listener calls */
    public String wireName() {
        return wireName;
    }

    /** @return the role of worker that runs it */
    public Role role() {
        return role;
    }
}
