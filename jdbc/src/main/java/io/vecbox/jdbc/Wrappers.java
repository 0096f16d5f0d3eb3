package io.vecbox.jdbc;

import java.sql.SQLException;

/** The one {@link java.sql.Wrapper#unwrap} of the driver's objects that wrap nothing but themselves. */
final class Wrappers {
    private Wrappers() {
    }

    /**
     * @param self the object asked
     * @param iface the interface or class asked for
     * @param name how the object is named in the message, e.g. {@code VecboxResultSet}
     * @return {@code self} as {@code iface}
     * @throws SQLException naming both if {@code self} is not an {@code iface}
     */
    static <T> T unwrap(Object self, Class<T> iface, String name) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(name + " does not wrap a " + iface.getName());
    }
}
