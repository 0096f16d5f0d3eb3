package io.vecbox.supervisor;

/**
 * What a write changed.
 *
 * @param changes rows inserted, updated or deleted ({@code sqlite3_changes}; 0 for DDL)
 * @param lastInsertRowid the writer connection's last insert rowid after the statement
 */
public record UpdateResult(long changes, long lastInsertRowid) {
}
