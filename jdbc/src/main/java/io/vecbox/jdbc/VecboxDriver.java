package io.vecbox.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:vecbox:} driver, registered with {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver}.
 *
 * <pre>{@code
 * jdbc:vecbox:/var/data/vectors.db?readers=2&queryTimeout=5s&sandbox=trusted
 * }</pre>
 *
 * <p>The path is the database file (created if missing; relative to the working directory); an
 * empty path ({@code jdbc:vecbox:}) is a temporary database. Options, and the {@code Properties}
 * given to {@link #connect}, set the pool: {@code readers}, {@code queryTimeout},
 * {@code writeTimeout}, {@code acquireTimeout}, {@code busyTimeout}, {@code transactionIdleTimeout},
 * {@code cursorIdleTimeout}, {@code shutdownGracePeriod}, {@code killGracePeriod},
 * {@code startupTimeout}, {@code quarantinePeriod} (durations as {@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}), {@code sandbox} ({@code trusted}, the default for JDBC, or
 * {@code untrusted}), {@code maxRows}, {@code maxResultBytes}, {@code maxQueued},
 * {@code statementCacheSize}, {@code name}, {@code cacheDirectory}, {@code crashLogDirectory},
 * {@code jvmOptions}, and the result sets' default {@code fetchSize} (rows) and
 * {@code fetchBytes}. {@link #getPropertyInfo} lists them with their defaults. An unknown option
 * is an error naming it; {@code user} and {@code password} are ignored.
 *
 * <p>All connections of one URL share one {@link io.vecbox.supervisor.WorkerPool}, started by the
 * first and kept for the JVM's life (the pool's shutdown hook closes it); URLs that differ only
 * in spelling (option order, {@code 5s} and {@code 5000ms}) share it too. An application that
 * wants to close its pool uses {@link VecboxDataSource}, which owns one.
 *
 * <p>Thread-safe.
 */
public final class VecboxDriver implements Driver {
    /** The driver's name, as {@code DatabaseMetaData.getDriverName()} reports it. */
    public static final String NAME = "vecbox";
    /** The driver's major version. */
    public static final int MAJOR_VERSION = 0;
    /** The driver's minor version. */
    public static final int MINOR_VERSION = 1;
    /** The driver's version as text. */
    public static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;
    /** The prefix of every URL this driver accepts. */
    public static final String PREFIX = "jdbc:vecbox:";

    static {
        try {
            DriverManager.registerDriver(new VecboxDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For {@link java.util.ServiceLoader}; applications go through {@link DriverManager}. */
    public VecboxDriver() {
    }

    /**
     * @param url a {@code jdbc:vecbox:} URL
     * @param info more options, merged with the URL's (an option in both must agree); may be null
     * @return a connection on the URL's shared pool, or null if the URL is not a vecbox URL
     * @throws SQLException (08001) for an unknown option or a bad value, naming it, or if the pool
     *     cannot start
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        ConnectionOptions options = ConnectionOptions.parse(url, info);
        return new VecboxConnection(SharedPools.get(options), options);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * @return every option, with the value the URL and {@code info} give it or else its default
     * @throws SQLException (08001) if the URL does not parse
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        ConnectionOptions options = ConnectionOptions.parse(url == null ? PREFIX : url, info);
        UrlOption[] all = UrlOption.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            DriverPropertyInfo p = new DriverPropertyInfo(all[i].key(), options.get(all[i]));
            p.description = all[i].description() + " (default " + all[i].defaultText() + ")";
            p.required = false;
            if (all[i] == UrlOption.SANDBOX) {
                p.choices = new String[] {"trusted", "untrusted"};
            }
            out[i] = p;
        }
        return out;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** @return false: SQLite is not SQL-92 entry level complete, so the driver cannot claim compliance */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("vecbox logs through SLF4J, not java.util.logging");
    }
}
