package io.vecbox.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A host with a small heap ({@code -Xmx48m} in {@link JdbcStreamingIT}) that reads a large table
 * through a ResultSet and prints {@code rows bytes usedHeapBytes millis}, the
 * heap in use being the most seen at every 16th row (garbage included). It can only finish if
 * the rows stream: the table is larger than its heap.
 */
public final class StreamMain {
    private StreamMain() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        long peak = 0;
        try (VecboxDataSource ds = new VecboxDataSource(args[0]);
             Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select id, payload from big order by id")) {
            while (r.next()) {
                if (r.getLong(1) != rows + 1) {
                    throw new AssertionError("row " + (rows + 1) + " came as " + r.getLong(1));
                }
                bytes += r.getBytes(2).length;
                rows++;
                if (rows % 16 == 0) {
                    peak = Math.max(peak, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
                }
            }
        }
        System.out.println(rows + " " + bytes + " " + peak + " " + (System.nanoTime() - start) / 1_000_000);
    }
}
