package io.vecbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vecbox.protocol.Fetch;
import io.vecbox.protocol.OpenCursor;
import io.vecbox.protocol.Rows;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;

/** Cursor bookkeeping with fake times: idle expiry and the reasons a fetch gives for a gone cursor. */
class CursorsTest {
    private static final long MS = 1_000_000L;

    private SQLiteConnection conn;
    private Cursors cursors;

    @BeforeEach
    void open() throws SQLException {
        conn = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = conn.createStatement()) {
            s.execute("create table t(id integer primary key)");
            s.execute("insert into t(id) select value from json_each('[1,2,3,4,5,6,7,8,9,10]')");
        }
        cursors = new Cursors(conn, 1000, 1 << 20);
    }

    @AfterEach
    void close() throws SQLException {
        cursors.closeAll("test over");
        conn.close();
    }

    private Rows open(long id, long now) throws SQLException {
        return cursors.open(new OpenCursor(id, "select id from t order by id", List.of(), 2, 1 << 20, 0), false, now);
    }

    private Rows fetch(long id, long cursor, long now) throws SQLException {
        return cursors.fetch(new Fetch(id, cursor, 2, 1 << 20, 0), now);
    }

    @Test
    void aCursorExpiresExactlyWhenItHasBeenIdleForCursorIdleMillis() throws SQLException {
        assertThat(cursors.expire(0)).as("nothing open").isEqualTo(Long.MAX_VALUE);
        open(1, 0);
        open(2, 400 * MS);
        assertThat(cursors.expire(999 * MS)).isEqualTo(1 * MS);
        fetch(3, 1, 999 * MS); // a fetch restarts the idle time
        assertThat(cursors.expire(1000 * MS)).isEqualTo(400 * MS);
        assertThat(cursors.size()).isEqualTo(2);
        assertThat(cursors.expire(1400 * MS)).isEqualTo(599 * MS);
        assertThat(cursors.size()).isEqualTo(1);
        assertThatThrownBy(() -> fetch(4, 2, 1401 * MS)).isInstanceOf(Cursors.GoneException.class)
                .hasMessage("cursor 2: closed after 1000 ms idle (cursorIdleMillis)");
        assertThat(cursors.expire(1999 * MS)).isEqualTo(Long.MAX_VALUE);
        assertThat(cursors.size()).isZero();
    }

    @Test
    void aFetchAnsweredCursorClosedKeepsTheReasonItGave() throws SQLException {
        open(1, 0);
        cursors.close(1, "closed by closeCursor");
        for (long id = 2; id < 4; id++) {
            long request = id;
            assertThatThrownBy(() -> fetch(request, 1, 0)).isInstanceOf(Cursors.GoneException.class)
                    .hasMessage("cursor 1: closed by closeCursor");
            cursors.failed(1, "fetch", request, "CURSOR_CLOSED"); // what the session does with every failed fetch
        }
    }

    @Test
    void theLastPageSaysDoneAndClosesTheCursor() throws SQLException {
        Rows page = open(1, 0);
        int pages = 1;
        while (!page.done()) {
            page = fetch(10 + pages, 1, 0);
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        assertThat(page.rows()).containsExactly(List.of(9L), List.of(10L));
        assertThat(cursors.size()).isZero();
        assertThatThrownBy(() -> fetch(99, 1, 0)).hasMessage("cursor 1: already at its end");
    }
}
