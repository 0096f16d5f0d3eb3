package io.vecbox.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: read metadata result sets into plain lists, and the schema the metadata tests share. */
final class MetaDataRows {
    /**
     * Every kind of thing the catalog methods report: rowid and WITHOUT ROWID tables, an
     * INTEGER PRIMARY KEY, a composite key, typed, sized, untyped, NOT NULL, defaulted and
     * generated columns, a foreign key naming no column, unique and descending indexes, a view,
     * and a vec0 table with a metadata and an auxiliary column (and its shadow tables).
     */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon')",
            "CREATE TABLE items(id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors ON DELETE CASCADE,"
                    + " title varchar(200) NOT NULL, price numeric(10,2), body BLOB, misc,"
                    + " title_len INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL)",
            "CREATE UNIQUE INDEX items_title ON items(title)",
            "CREATE INDEX items_price ON items(price DESC, author_id)",
            "CREATE TABLE tags(item_id INTEGER, tag TEXT, PRIMARY KEY (tag, item_id),"
                    + " FOREIGN KEY (item_id) REFERENCES items(id) ON UPDATE RESTRICT) WITHOUT ROWID",
            "CREATE VIEW item_titles AS SELECT id, title FROM items",
            "CREATE VIRTUAL TABLE item_vectors USING vec0(embedding float[4] distance_metric=cosine, category text,"
                    + " +note text)");

    private MetaDataRows() {
    }

    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        }
    }

    /** @return the column labels of the result set, in order */
    static List<String> labels(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i));
        }
        return out;
    }

    /** Reads the named columns of every row as strings ({@code null} stays {@code null}), then closes the result set. */
    static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
        try (rs) {
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (String c : columns) {
                    row.add(rs.getString(c));
                }
                out.add(row);
            }
            return out;
        }
    }
}
