package io.vecbox.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/** The {@code jdbc:vecbox:} driver (skeleton; URL handling to come). */
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

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        throw new SQLFeatureNotSupportedException("not yet");
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("vecbox logs through SLF4J, not java.util.logging");
    }
}
