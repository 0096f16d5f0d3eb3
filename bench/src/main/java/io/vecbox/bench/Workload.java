package io.vecbox.bench;

/** The SQL both the harness and the JMH benchmarks run, so their numbers describe the same work. */
public final class Workload {
    private Workload() {
    }

    /** A realistic untrusted query of exactly 200 characters, for the statement gate's cost. */
    public static final String GATE_SQL = "select i.id, i.name, i.score from items i where i.score between ? and ? and "
            + "i.name like 'item-1%' and i.id in (select rowid from vecs where embedding match ? and k = 50) "
            + "order by i.score desc limit 10";

    /** A primary-key lookup on the plain {@code items} table. */
    public static final String PK_SQL = "select id, name, score from items where id = ?";

    /** The plain table of the primary-key lookups. */
    public static final String ITEMS_TABLE_SQL =
            "create table items(id integer primary key, name text not null, score real not null)";

    /** KNN k=10 on the vec0 table, the vector bound as a float32 blob. */
    public static final String KNN_SQL = "select rowid, distance from vecs where embedding match ? and k = 10";
}
