package io.vecbox.cli;

import io.vecbox.supervisor.QueryResult;
import io.vecbox.supervisor.Row;
import io.vecbox.supervisor.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code vecbox import} needs to know about its target table, read once before it loads:
 * whether it exists, its vector dimension, its other columns (vec0 metadata, partition key and
 * auxiliary {@code +} columns, which JSON-lines fields of the same name fill) and its largest
 * rowid (new rows go after it by default).
 *
 * @param exists whether the table exists
 * @param dim the {@code float[D]} of its vector column, or null if it does not exist
 * @param columns its columns besides rowid, the vector column and hidden ones, as declared
 * @param maxRowid its largest rowid, or null if it does not exist or is empty
 */
record ImportTable(boolean exists, Integer dim, List<String> columns, Long maxRowid) {
    private static final Pattern FLOAT_DIM = Pattern.compile("float\\s*\\[\\s*(\\d+)\\s*\\]", Pattern.CASE_INSENSITIVE);

    ImportTable {
        columns = List.copyOf(columns);
    }

    /**
     * @param pool a trusted pool on the database
     * @param table the table's name (a plain SQL name)
     * @param vectorColumn the vector column's name
     * @return what the database says about the table
     * @throws CliException (usage) if it exists but is not a vec0 table with a {@code float[D]} column
     */
    static ImportTable inspect(WorkerPool pool, String table, String vectorColumn) {
        QueryResult r = pool.query("select sql from sqlite_schema where type = 'table' and name = ?", table);
        if (r.size() == 0) {
            return new ImportTable(false, null, List.of(), null);
        }
        String sql = r.rows().get(0).getString(0);
        Matcher m = sql == null ? null : FLOAT_DIM.matcher(sql);
        if (m == null || !m.find()) {
            throw CliException.usage("table " + table + " exists but is not a vec0 table with a float[D] column: " + sql);
        }
        int dim = Integer.parseInt(m.group(1));
        List<String> columns = new ArrayList<>();
        for (Row row : pool.query("select name from pragma_table_xinfo(?) where hidden = 0 order by cid", table)) {
            String name = row.getString(0);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("rowid") && !lower.equals(vectorColumn.toLowerCase(Locale.ROOT))) {
                columns.add(name);
            }
        }
        Row max = pool.query("select max(rowid) from " + quote(table)).rows().get(0);
        return new ImportTable(true, dim, columns, max.isNull(0) ? null : max.getLong(0));
    }

    /** @return the statement that inserts rowid, vector and {@link #columns()}, in that order */
    String insert(String table, String vectorColumn) {
        StringBuilder sql = new StringBuilder("insert into ").append(quote(table)).append("(rowid, ")
                .append(quote(vectorColumn));
        for (String c : columns) {
            sql.append(", ").append(quote(c));
        }
        sql.append(") values (?, ?");
        sql.append(", ?".repeat(columns.size()));
        return sql.append(')').toString();
    }

    /** @return the statement that creates the table as the import does: the vector column only */
    static String create(String table, String vectorColumn, int dim) {
        return "create virtual table " + quote(table) + " using vec0(" + vectorColumn + " float[" + dim + "])";
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
