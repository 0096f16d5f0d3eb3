package io.vecbox.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.List;

/**
 * The SQL of {@link VecboxDatabaseMetaData}'s catalog methods: plain {@code SELECT}s over
 * {@code sqlite_schema} and SQLite's table-valued pragma functions ({@code pragma_table_list},
 * {@code pragma_table_xinfo}, {@code pragma_index_list}, {@code pragma_index_xinfo},
 * {@code pragma_foreign_key_list}), whose result columns carry the names and order
 * {@link DatabaseMetaData} specifies. They run in a worker like any query (and pass the untrusted
 * sandbox's gate, which allows those functions), so no result set is built in the host.
 *
 * <p>How the schema is reported:
 * <ul>
 *   <li>catalog and schema are {@code null} (as sqlite-jdbc); a catalog or schema argument of
 *       {@code null}, {@code ""} or {@code main} selects the database, any other nothing;</li>
 *   <li>ordinary tables and virtual tables (vec0, FTS5, …) are {@code TABLE}: they are read and
 *       written like tables, and tools that ask for type {@code TABLE} find them; a virtual
 *       table's {@code REMARKS} says {@code virtual table using <module>};</li>
 *   <li>views are {@code VIEW};</li>
 *   <li>{@code sqlite_*} tables and the shadow tables in which virtual tables keep their data
 *       are {@code SYSTEM TABLE}. SQLite's {@code table_list} marks most shadow tables itself;
 *       vec0's {@code <table>_vector_chunksNN}, which sqlite-vec 0.1.9 does not declare as
 *       shadow tables, are recognised by name next to their virtual table;</li>
 *   <li>temporary tables are not reported: each worker has its own;</li>
 *   <li>hidden columns of virtual tables (vec0's {@code distance} and {@code k}) are left out of
 *       {@code getColumns}, as they are out of {@code SELECT *} and {@code INSERT}; the other
 *       columns of a virtual table get the types its {@code CREATE VIRTUAL TABLE} declares (vec0
 *       tells SQLite none), a vector {@code float[N]} being a {@code BLOB}, and a visible
 *       {@code rowid} column (vec0 has one) is {@code INTEGER};</li>
 *   <li>a table name argument compares case-insensitively, like SQLite identifiers; name
 *       patterns use {@code LIKE} with escape {@code \}, which is case-insensitive for ASCII.</li>
 * </ul>
 */
final class CatalogQueries {
    /** The tables of schema main with their JDBC type and remarks: name, ltype, ttype, remarks. */
    private static final String TABLES = ""
            + "SELECT l.name AS name, l.type AS ltype, l.wr AS wr,"
            + " CASE WHEN l.type = 'view' THEN 'VIEW'"
            + " WHEN l.type = 'shadow' OR l.name LIKE 'sqlite\\_%' ESCAPE '\\'"
            + " OR EXISTS (SELECT 1 FROM pragma_table_list v WHERE v.schema = 'main' AND v.type = 'virtual'"
            + " AND substr(l.name, -2) GLOB '[0-9][0-9]' AND l.name = v.name || '_vector_chunks' || substr(l.name, -2))"
            + " THEN 'SYSTEM TABLE' ELSE 'TABLE' END AS ttype,"
            + " CASE WHEN l.type = 'virtual' THEN (SELECT 'virtual table using ' || lower(trim(CASE"
            + " WHEN instr(u, '(') > 0 THEN substr(u, 1, instr(u, '(') - 1) ELSE u END))"
            + " FROM (SELECT ltrim(substr(s.sql, instr(upper(s.sql), ' USING ') + 7)) AS u"
            + " FROM sqlite_schema s WHERE s.name = l.name)) END AS remarks"
            + " FROM pragma_table_list l WHERE l.schema = 'main'";

    /**
     * The column types a virtual table was declared with: vec0 declares its columns to SQLite with
     * no type, so {@code table_xinfo} has none, but its {@code CREATE VIRTUAL TABLE} text does
     * ({@code embedding float[4]}, {@code category text}, {@code +note text}). Splits the module
     * arguments at commas and takes each one's first two words as name and type: tbl, col, vtype.
     * Arguments that are options ({@code chunk_size=8}) name no column and match nothing.
     */
    private static final String VIRTUAL_COLUMN_TYPES = ""
            + "WITH RECURSIVE args(tbl, rest, arg) AS ("
            + "SELECT s.name, rtrim(rtrim(substr(s.sql, instr(s.sql, '(') + 1)), ')') || ',', NULL"
            + " FROM sqlite_schema s WHERE s.type = 'table' AND s.sql LIKE 'CREATE VIRTUAL TABLE%' AND instr(s.sql, '(') > 0"
            + " UNION ALL SELECT tbl, substr(rest, instr(rest, ',') + 1), trim(ltrim(trim(substr(rest, 1, instr(rest, ',') - 1)), '+'))"
            + " FROM args WHERE instr(rest, ',') > 0)"
            + " SELECT tbl, CASE WHEN instr(arg, ' ') > 0 THEN substr(arg, 1, instr(arg, ' ') - 1) ELSE arg END AS col,"
            + " CASE WHEN instr(arg, ' ') = 0 THEN '' WHEN instr(ltrim(substr(arg, instr(arg, ' '))), ' ') > 0"
            + " THEN substr(ltrim(substr(arg, instr(arg, ' '))), 1, instr(ltrim(substr(arg, instr(arg, ' '))), ' ') - 1)"
            + " ELSE ltrim(substr(arg, instr(arg, ' '))) END AS vtype"
            + " FROM args WHERE arg IS NOT NULL";

    /** Every column of schema main with what getColumns needs to compute its answer. */
    private static final String COLUMNS = ""
            + "SELECT *, CASE WHEN instr(utype, '(') > 0 THEN trim(substr(utype, 1, instr(utype, '(') - 1))"
            + " ELSE utype END AS tname,"
            + " CASE WHEN instr(utype, '(') > 0 AND instr(utype, ')') > instr(utype, '(')"
            + " THEN trim(substr(utype, instr(utype, '(') + 1, instr(utype, ')') - instr(utype, '(') - 1)) END AS dims,"
            + " " + SqliteTypes.sqlCase("utype") + " AS jtype"
            + " FROM (SELECT t.name AS tbl, t.ltype AS ltype, t.wr AS wr, x.cid AS cid, x.name AS col,"
            + " upper(trim(CASE WHEN x.type <> '' THEN x.type WHEN t.ltype <> 'virtual' THEN ''"
            + " WHEN lower(x.name) = 'rowid' THEN 'INTEGER'"
            + " ELSE coalesce((SELECT a.vtype FROM (" + VIRTUAL_COLUMN_TYPES + ") a"
            + " WHERE a.tbl = t.name AND a.col = x.name COLLATE NOCASE), '') END)) AS utype,"
            + " x.\"notnull\" AS nn, x.dflt_value AS dflt, x.pk AS pk, x.hidden AS hidden,"
            + " (SELECT count(*) FROM pragma_table_xinfo(t.name, 'main') k WHERE k.pk > 0) AS npk"
            + " FROM (" + TABLES + ") t JOIN pragma_table_xinfo(t.name, 'main') x WHERE x.hidden <> 1)";

    /** Foreign keys: one row per column of each, with the referenced column filled in. */
    private static final String FOREIGN_KEYS = ""
            + "SELECT f.\"table\" AS pktable, coalesce(f.\"to\", (SELECT p.name FROM pragma_table_xinfo(f.\"table\", 'main') p"
            + " WHERE p.pk = f.seq + 1)) AS pkcolumn, m.name AS fktable, f.\"from\" AS fkcolumn, f.seq + 1 AS keyseq,"
            + " " + rule("f.on_update") + " AS updaterule, " + rule("f.on_delete") + " AS deleterule"
            + " FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name, 'main') f WHERE m.type = 'table'";

    private CatalogQueries() {
    }

    private static String rule(String column) {
        return "CASE " + column
                + " WHEN 'CASCADE' THEN " + DatabaseMetaData.importedKeyCascade
                + " WHEN 'RESTRICT' THEN " + DatabaseMetaData.importedKeyRestrict
                + " WHEN 'SET NULL' THEN " + DatabaseMetaData.importedKeySetNull
                + " WHEN 'SET DEFAULT' THEN " + DatabaseMetaData.importedKeySetDefault
                + " ELSE " + DatabaseMetaData.importedKeyNoAction + " END";
    }

    /** @see DatabaseMetaData#getTables */
    static CatalogQuery tables(String catalog, String schemaPattern, String tableNamePattern, String[] types) {
        CatalogQuery.Where where = new CatalogQuery.Where().catalogAndSchema(catalog, schemaPattern)
                .like("name", tableNamePattern);
        if (types != null) {
            where.in("ttype", types);
        }
        return where.query("SELECT NULL AS TABLE_CAT, NULL AS TABLE_SCHEM, name AS TABLE_NAME, ttype AS TABLE_TYPE,"
                + " remarks AS REMARKS, NULL AS TYPE_CAT, NULL AS TYPE_SCHEM, NULL AS TYPE_NAME,"
                + " NULL AS SELF_REFERENCING_COL_NAME, NULL AS REF_GENERATION FROM (" + TABLES + ")",
                "TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME");
    }

    /** @see DatabaseMetaData#getTableTypes */
    static CatalogQuery tableTypes() {
        return new CatalogQuery("SELECT 'SYSTEM TABLE' AS TABLE_TYPE UNION ALL SELECT 'TABLE' UNION ALL SELECT 'VIEW'",
                List.of());
    }

    /**
     * Columns as sqlite-jdbc reports them (sizes and digits parsed from {@code TYPE(n[,m])}), with
     * the type rules of {@link SqliteTypes}, {@code IS_AUTOINCREMENT = YES} for the
     * {@code INTEGER PRIMARY KEY} of a rowid table (it is the rowid: SQLite assigns it), and
     * {@code IS_GENERATEDCOLUMN = YES} for generated columns.
     *
     * @see DatabaseMetaData#getColumns
     */
    static CatalogQuery columns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) {
        String select = "SELECT NULL AS TABLE_CAT, NULL AS TABLE_SCHEM, tbl AS TABLE_NAME, col AS COLUMN_NAME,"
                + " jtype AS DATA_TYPE, tname AS TYPE_NAME,"
                + " CASE WHEN dims IS NULL THEN 2000000000"
                + " WHEN instr(dims, ',') > 0 THEN CAST(substr(dims, 1, instr(dims, ',') - 1) AS INTEGER)"
                + " + CAST(substr(dims, instr(dims, ',') + 1) AS INTEGER)"
                + " ELSE CAST(dims AS INTEGER) END AS COLUMN_SIZE,"
                + " 2000000000 AS BUFFER_LENGTH,"
                + " CASE WHEN jtype NOT IN (" + Types.INTEGER + ", " + Types.FLOAT + ") THEN NULL"
                + " WHEN instr(dims, ',') > 0 THEN CAST(substr(dims, instr(dims, ',') + 1) AS INTEGER)"
                + " WHEN jtype = " + Types.INTEGER + " OR dims IS NOT NULL THEN 0 ELSE 10 END AS DECIMAL_DIGITS,"
                + " 10 AS NUM_PREC_RADIX,"
                + " CASE WHEN nn = 1 THEN " + DatabaseMetaData.columnNoNulls + " ELSE " + DatabaseMetaData.columnNullable
                + " END AS NULLABLE,"
                + " NULL AS REMARKS, dflt AS COLUMN_DEF, NULL AS SQL_DATA_TYPE, NULL AS SQL_DATETIME_SUB,"
                + " 2000000000 AS CHAR_OCTET_LENGTH, cid + 1 AS ORDINAL_POSITION,"
                + " CASE WHEN nn = 1 THEN 'NO' ELSE 'YES' END AS IS_NULLABLE,"
                + " NULL AS SCOPE_CATALOG, NULL AS SCOPE_SCHEMA, NULL AS SCOPE_TABLE, NULL AS SOURCE_DATA_TYPE,"
                + " CASE WHEN ltype = 'table' AND wr = 0 AND pk = 1 AND npk = 1 AND utype = 'INTEGER'"
                + " THEN 'YES' ELSE 'NO' END AS IS_AUTOINCREMENT,"
                + " CASE WHEN hidden IN (2, 3) THEN 'YES' ELSE 'NO' END AS IS_GENERATEDCOLUMN"
                + " FROM (" + COLUMNS + ")";
        return new CatalogQuery.Where().catalogAndSchema(catalog, schemaPattern)
                .like("tbl", tableNamePattern).like("col", columnNamePattern)
                .query(select, "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION");
    }

    /** Key columns from {@code pragma_table_xinfo}; {@code PK_NAME} is {@code null}. */
    static CatalogQuery primaryKeys(String catalog, String schema, String table) {
        return tableIs(new CatalogQuery.Where().catalogAndSchema(catalog, schema).add("pk > 0"), "tbl", table)
                .query("SELECT NULL AS TABLE_CAT, NULL AS TABLE_SCHEM, tbl AS TABLE_NAME, col AS COLUMN_NAME,"
                        + " pk AS KEY_SEQ, NULL AS PK_NAME FROM (" + COLUMNS + ")", "COLUMN_NAME");
    }

    /**
     * Indexes from {@code pragma_index_list} and {@code pragma_index_xinfo}, including the automatic
     * ones behind {@code UNIQUE} and non-rowid primary keys; the rowid itself has no index row.
     * {@code COLUMN_NAME} is {@code null} for an expression; {@code CARDINALITY} and
     * {@code PAGES} are {@code null} (unknown), {@code TYPE} is {@code tableIndexOther}.
     */
    static CatalogQuery indexInfo(String catalog, String schema, String table, boolean unique) {
        CatalogQuery.Where where = tableIs(new CatalogQuery.Where().catalogAndSchema(catalog, schema), "tbl", table);
        if (unique) {
            where.add("isunique = 1");
        }
        return where.query("SELECT NULL AS TABLE_CAT, NULL AS TABLE_SCHEM, tbl AS TABLE_NAME,"
                + " isunique = 0 AS NON_UNIQUE, NULL AS INDEX_QUALIFIER, iname AS INDEX_NAME,"
                + " " + DatabaseMetaData.tableIndexOther + " AS TYPE, seqno + 1 AS ORDINAL_POSITION,"
                + " cname AS COLUMN_NAME, CASE WHEN isdesc = 1 THEN 'D' ELSE 'A' END AS ASC_OR_DESC,"
                + " NULL AS CARDINALITY, NULL AS PAGES, NULL AS FILTER_CONDITION"
                + " FROM (SELECT m.name AS tbl, il.name AS iname, il.\"unique\" AS isunique, ii.seqno AS seqno,"
                + " ii.name AS cname, ii.\"desc\" AS isdesc"
                + " FROM sqlite_schema m JOIN pragma_index_list(m.name, 'main') il"
                + " JOIN pragma_index_xinfo(il.name, 'main') ii WHERE m.type = 'table' AND ii.key = 1)",
                "NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION");
    }

    /**
     * Foreign keys from {@code pragma_foreign_key_list}: the keys {@code fkTable} holds, those
     * that point at {@code pkTable}, or both; {@code null} leaves that side open. SQLite keeps no
     * constraint names there, so {@code FK_NAME} and {@code PK_NAME} are {@code null};
     * {@code DEFERRABILITY} is {@code importedKeyNotDeferrable}, SQLite's default (the pragma
     * does not report a {@code DEFERRABLE} clause).
     */
    static CatalogQuery foreignKeys(String catalog, String schema, String pkTable, String fkTable, boolean byPkTable) {
        CatalogQuery.Where where = new CatalogQuery.Where().catalogAndSchema(catalog, schema);
        tableIs(tableIs(where, "pktable", pkTable), "fktable", fkTable);
        return where.query("SELECT NULL AS PKTABLE_CAT, NULL AS PKTABLE_SCHEM, pktable AS PKTABLE_NAME,"
                + " pkcolumn AS PKCOLUMN_NAME, NULL AS FKTABLE_CAT, NULL AS FKTABLE_SCHEM, fktable AS FKTABLE_NAME,"
                + " fkcolumn AS FKCOLUMN_NAME, keyseq AS KEY_SEQ, updaterule AS UPDATE_RULE, deleterule AS DELETE_RULE,"
                + " NULL AS FK_NAME, NULL AS PK_NAME, " + DatabaseMetaData.importedKeyNotDeferrable + " AS DEFERRABILITY"
                + " FROM (" + FOREIGN_KEYS + ")",
                byPkTable ? "PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, KEY_SEQ"
                        : "FKTABLE_CAT, FKTABLE_SCHEM, FKTABLE_NAME, KEY_SEQ");
    }

    /**
     * SQLite's storage classes and {@code NUMERIC} under their usual type names, with the JDBC
     * types {@link SqliteTypes} gives columns declared so, ordered by {@code DATA_TYPE}.
     *
     * @see DatabaseMetaData#getTypeInfo
     */
    static CatalogQuery typeInfo() {
        String[][] rows = {
            // TYPE_NAME, DATA_TYPE, PRECISION, LITERAL_PREFIX, LITERAL_SUFFIX, CASE_SENSITIVE, AUTO_INCREMENT
            {"'INTEGER'", String.valueOf(Types.INTEGER), "19", "NULL", "NULL", "0", "1"},
            {"'REAL'", String.valueOf(Types.FLOAT), "15", "NULL", "NULL", "0", "0"},
            {"'NUMERIC'", String.valueOf(Types.FLOAT), "15", "NULL", "NULL", "0", "0"},
            {"'TEXT'", String.valueOf(Types.VARCHAR), "1000000000", "''''", "''''", "1", "0"},
            {"'BLOB'", String.valueOf(Types.BLOB), "1000000000", "'X'''", "''''", "0", "0"},
        };
        StringBuilder sql = new StringBuilder();
        for (String[] r : rows) {
            sql.append(sql.length() == 0 ? "SELECT " : " UNION ALL SELECT ")
                    .append(r[0]).append(" AS TYPE_NAME, ").append(r[1]).append(" AS DATA_TYPE, ")
                    .append(r[2]).append(" AS PRECISION, ").append(r[3]).append(" AS LITERAL_PREFIX, ")
                    .append(r[4]).append(" AS LITERAL_SUFFIX, NULL AS CREATE_PARAMS, ")
                    .append(DatabaseMetaData.typeNullable).append(" AS NULLABLE, ")
                    .append(r[5]).append(" AS CASE_SENSITIVE, ")
                    .append(DatabaseMetaData.typeSearchable).append(" AS SEARCHABLE, 0 AS UNSIGNED_ATTRIBUTE, ")
                    .append("0 AS FIXED_PREC_SCALE, ").append(r[6]).append(" AS AUTO_INCREMENT, ")
                    .append("NULL AS LOCAL_TYPE_NAME, 0 AS MINIMUM_SCALE, 0 AS MAXIMUM_SCALE, ")
                    .append("NULL AS SQL_DATA_TYPE, NULL AS SQL_DATETIME_SUB, 10 AS NUM_PREC_RADIX");
        }
        return new CatalogQuery(sql.append(" ORDER BY DATA_TYPE").toString(), List.of());
    }

    /** An empty result with the given column names, for what SQLite does not have. */
    static CatalogQuery empty(String... columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("NULL AS ").append(columns[i]);
        }
        return new CatalogQuery(sql.append(" LIMIT 0").toString(), List.of());
    }

    private static CatalogQuery.Where tableIs(CatalogQuery.Where where, String column, String table) {
        return table == null ? where : where.add(column + " = ? COLLATE NOCASE", table);
    }
}
