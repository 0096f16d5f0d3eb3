package io.vecbox.protocol;

/**
 * What one statement of a {@link Batch} changed.
 *
 * @param changes rows changed ({@code sqlite3_changes})
 * @param lastInsertRowid the connection's last insert rowid after the statement
 */
public record UpdateCount(long changes, long lastInsertRowid) {
}
