/**
 * A JDBC driver and {@link javax.sql.DataSource} over a vecbox
 * {@link io.vecbox.supervisor.WorkerPool}: {@code jdbc:vecbox:<path>[?option=value&...]}.
 *
 * <p>{@link io.vecbox.jdbc.VecboxDriver} parses URLs and shares one pool per URL among
 * {@link java.sql.DriverManager} connections; {@link io.vecbox.jdbc.VecboxDataSource} owns a pool
 * of its own. A {@link io.vecbox.jdbc.VecboxConnection} routes each statement by SQLite's own
 * verdict ({@link io.vecbox.supervisor.WorkerPool#describe}): in autocommit mode reads stream from
 * readers and writes run on the writer; with {@code setAutoCommit(false)} everything runs in one
 * {@link io.vecbox.supervisor.Transaction} on the writer. Result sets are forward-only and
 * read-only and stream page by page. Every vecbox failure becomes a documented
 * {@link java.sql.SQLException} subclass and SQLState ({@code SqlExceptions}).
 */
package io.vecbox.jdbc;
