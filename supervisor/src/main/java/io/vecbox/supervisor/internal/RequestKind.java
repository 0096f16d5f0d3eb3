package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;

/**
 * The kinds of work, and the role of worker each runs on by default. A request of a transaction
 * or a stream ({@link Lease}) runs on its lease's worker instead, whatever its kind says.
 */
public enum RequestKind {
    /** A query: reader, retried once if the worker dies. */
    QUERY("query", Role.READER),
    /** One write statement: writer, never retried. */
    EXECUTE("execute", Role.WRITER),
    /** Several write statements in one transaction. */
    BATCH("batch", Role.WRITER),
    /** One write statement, many parameter rows, one transaction. */
    EXECUTE_MANY("execute-many", Role.WRITER),
    /** SQLite's verdict on a statement, never run: a reader, retried once like a query. */
    DESCRIBE("describe", Role.READER),
    /** Begin, commit or roll back a transaction that holds the writer across requests; never retried. */
    TRANSACTION("transaction", Role.WRITER),
    /** Run a query as a cursor and return its first page; its retry-once rule is the query's. */
    OPEN_CURSOR("openCursor", Role.READER),
    /** The next page of an open cursor; never retried. */
    FETCH("fetch", Role.READER),
    /** Close an open cursor; never retried. */
    CLOSE_CURSOR("closeCursor", Role.READER);

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
