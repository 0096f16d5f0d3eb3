package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;

class StatementCacheTest {
    @Test
    void aStatementRunAgainIsTheCachedOneNotPreparedAgain() throws Exception {
        try (SQLiteConnection conn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:")) {
            StatementCache cache = new StatementCache(conn, 4);
            PreparedStatement first = cache.prepare("select ?");
            first.setLong(1, 7);
            try (ResultSet rs = first.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(7);
            }
            cache.release(first);
            PreparedStatement again = cache.prepare("select ?");
            assertThat(again).as("the statement prepared for the same SQL").isSameAs(first);
            again.setLong(1, 8);
            try (ResultSet rs = again.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(8);
            }
            cache.release(again);
            assertThat(cache.prepare("select ? + 1")).isNotSameAs(first);
            cache.close();
        }
    }

    @Test
    void withoutACacheEveryStatementIsNewAndClosedOnRelease() throws Exception {
        try (SQLiteConnection conn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:")) {
            StatementCache cache = new StatementCache(conn, 0);
            PreparedStatement first = cache.prepare("select 1");
            cache.release(first);
            assertThat(first.isClosed()).isTrue();
            assertThat(cache.prepare("select 1")).isNotSameAs(first);
        }
    }
}
