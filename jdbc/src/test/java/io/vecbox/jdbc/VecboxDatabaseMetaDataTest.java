package io.vecbox.jdbc;

import static io.vecbox.jdbc.MetaDataRows.labels;
import static io.vecbox.jdbc.MetaDataRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog queries and fixed answers of {@link VecboxDatabaseMetaData}, run on an in-process
 * SQLite (sqlite-jdbc with sqlite-vec, the same engine the workers run); MetaDataIT runs them
 * through the driver and real workers.
 */
class VecboxDatabaseMetaDataTest {
    @TempDir
    Path dir;
    private Connection connection;
    private DatabaseMetaData md;

    @BeforeEach
    void open() throws Exception {
        connection = InProcessSqlite.open(dir);
        MetaDataRows.createSchema(connection);
        md = new VecboxDatabaseMetaData(connection, "jdbc:vecbox:test.db", new AtomicReference<>());
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void identifiesSqliteWithItsRealVersion() throws Exception {
        assertThat(md.getDatabaseProductName()).isEqualTo("SQLite");
        assertThat(md.getDatabaseProductVersion()).matches("3\\.\\d+\\.\\d+");
        assertThat(md.getDatabaseMajorVersion()).isEqualTo(3);
        assertThat(md.getDatabaseMinorVersion()).isGreaterThanOrEqualTo(35);
        assertThat(md.getDatabaseProductVersion()).isEqualTo(connection.getMetaData().getDatabaseProductVersion());
        assertThat(md.getURL()).isEqualTo("jdbc:vecbox:test.db");
        assertThat(md.getDriverName()).isEqualTo("vecbox");
        assertThat(md.getJDBCMajorVersion() + "." + md.getJDBCMinorVersion()).isEqualTo("4.3");
        assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
        assertThat(md.getConnection()).isSameAs(connection);
    }

    @Test
    void versionPartsIgnoreSuffixes() {
        assertThat(VecboxDatabaseMetaData.versionPart("3.54.1", 1)).isEqualTo(54);
        assertThat(VecboxDatabaseMetaData.versionPart("3.46.0-beta", 2)).isEqualTo(0);
        assertThat(VecboxDatabaseMetaData.versionPart("3", 1)).isEqualTo(0);
    }

    @Test
    void statesSqliteTransactionsAndForwardOnlyResults() throws Exception {
        assertThat(md.supportsTransactions()).isTrue();
        assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE)).isTrue();
        assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED)).isFalse();
        assertThat(md.supportsDataDefinitionAndDataManipulationTransactions()).isTrue();
        assertThat(md.dataDefinitionCausesTransactionCommit()).isFalse();
        assertThat(md.supportsBatchUpdates()).isTrue();
        assertThat(md.supportsGetGeneratedKeys()).isTrue();
        assertThat(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
        assertThat(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
        assertThat(md.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)).isTrue();
        assertThat(md.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)).isFalse();
        assertThat(md.nullsAreSortedLow()).isTrue();
        assertThat(md.storesMixedCaseIdentifiers()).isTrue();
    }

    @Test
    void listsFunctionsTheWorkersHave() throws Exception {
        assertThat(md.getNumericFunctions().split(",")).contains("ABS", "ROUND", "VEC_DISTANCE_L2", "VEC_LENGTH");
        assertThat(md.getStringFunctions().split(",")).contains("LENGTH", "SUBSTR", "UPPER", "REPLACE");
        assertThat(md.getTimeDateFunctions().split(",")).contains("DATE", "DATETIME", "STRFTIME", "JULIANDAY");
        assertThat(md.getSystemFunctions().split(",")).contains("IFNULL", "TYPEOF", "SQLITE_VERSION");
        assertThat(md.getSQLKeywords().split(",")).contains("PRAGMA", "VACUUM", "AUTOINCREMENT").doesNotContain("SELECT");
    }

    @Test
    void tablesAreTableViewOrSystemTableWithVec0AsTableAndItsShadowTablesAsSystem() throws Exception {
        ResultSet rs = md.getTables(null, null, "%", null);
        assertThat(labels(rs)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
                "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
        List<String> all = joined(rows(rs, "TABLE_TYPE", "TABLE_NAME", "REMARKS", "TABLE_CAT", "TABLE_SCHEM"));
        assertThat(all.stream().filter(r -> !r.startsWith("SYSTEM TABLE")))
                .containsExactly("TABLE|authors|null|null|null", "TABLE|item_vectors|virtual table using vec0|null|null",
                        "TABLE|items|null|null|null", "TABLE|tags|null|null|null", "VIEW|item_titles|null|null|null");
        assertThat(all.stream().filter(r -> r.startsWith("SYSTEM TABLE")).map(r -> r.split("\\|")[1]))
                .contains("sqlite_schema", "item_vectors_info", "item_vectors_chunks", "item_vectors_rowids",
                        "item_vectors_vector_chunks00")
                .allMatch(n -> n.startsWith("sqlite_") || n.startsWith("item_vectors_"));
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(r -> r.split("\\|")[0]));
    }

    @Test
    void tablesFilterByTypeNamePatternSchemaAndCatalog() throws Exception {
        assertThat(names(md.getTables(null, null, null, new String[] {"TABLE"})))
                .containsExactly("authors", "item_vectors", "items", "tags");
        assertThat(names(md.getTables(null, null, "%", new String[] {"VIEW"}))).containsExactly("item_titles");
        assertThat(names(md.getTables(null, null, "%", new String[0]))).isEmpty();
        assertThat(names(md.getTables(null, null, "ITEM\\_%", new String[] {"TABLE", "VIEW"})))
                .containsExactly("item_vectors", "item_titles");
        assertThat(names(md.getTables("", "main", "items", null))).containsExactly("items");
        assertThat(names(md.getTables(null, "", "items", null))).containsExactly("items");
        assertThat(names(md.getTables(null, "other", "items", null))).isEmpty();
        assertThat(names(md.getTables("other", null, "items", null))).isEmpty();
        assertThat(joined(rows(md.getTableTypes(), "TABLE_TYPE"))).containsExactly("SYSTEM TABLE", "TABLE", "VIEW");
    }

    @Test
    void columnsCarryTypesSizesNullabilityDefaultsAndTheRowidAlias() throws Exception {
        ResultSet rs = md.getColumns(null, null, "items", null);
        assertThat(labels(rs)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
                "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE",
                "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE",
                "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
        assertThat(joined(rows(rs, "ORDINAL_POSITION", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
                "DECIMAL_DIGITS", "NULLABLE", "IS_NULLABLE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN")))
                .containsExactly(
                        "1|id|" + Types.INTEGER + "|INTEGER|2000000000|0|1|YES|YES|NO",
                        "2|author_id|" + Types.INTEGER + "|INTEGER|2000000000|0|1|YES|NO|NO",
                        "3|title|" + Types.VARCHAR + "|VARCHAR|200|null|0|NO|NO|NO",
                        "4|price|" + Types.FLOAT + "|NUMERIC|12|2|1|YES|NO|NO",
                        "5|body|" + Types.BLOB + "|BLOB|2000000000|null|1|YES|NO|NO",
                        "6|misc|" + Types.BLOB + "||2000000000|null|1|YES|NO|NO",
                        "7|title_len|" + Types.INTEGER + "|INTEGER|2000000000|0|1|YES|NO|YES");
        assertThat(joined(rows(md.getColumns(null, null, "authors", "name"), "COLUMN_DEF", "NULLABLE")))
                .containsExactly("'anon'|0");
    }

    @Test
    void columnsOfVec0LeaveOutHiddenColumnsAndOfViewsFollowTheirSource() throws Exception {
        // vec0 tells SQLite no column types: they come from its CREATE VIRTUAL TABLE text
        assertThat(joined(rows(md.getColumns(null, null, "item_vectors", "%"), "COLUMN_NAME", "DATA_TYPE",
                "TYPE_NAME", "IS_AUTOINCREMENT"))).containsExactly("rowid|" + Types.INTEGER + "|INTEGER|NO",
                "embedding|" + Types.BLOB + "|FLOAT[4]|NO", "category|" + Types.VARCHAR + "|TEXT|NO",
                "note|" + Types.VARCHAR + "|TEXT|NO");
        assertThat(joined(rows(md.getColumns(null, null, "item_titles", "%"), "COLUMN_NAME", "TYPE_NAME",
                "IS_AUTOINCREMENT"))).containsExactly("id|INTEGER|NO", "title|VARCHAR|NO");
        assertThat(joined(rows(md.getColumns(null, null, "ITEMS", "T%"), "COLUMN_NAME")))
                .containsExactly("title", "title_len");
        assertThat(joined(rows(md.getColumns(null, null, "tags", "%"), "COLUMN_NAME", "IS_AUTOINCREMENT")))
                .containsExactly("item_id|NO", "tag|NO");
    }

    @Test
    void primaryKeysInColumnNameOrderWithTheirKeySequence() throws Exception {
        ResultSet rs = md.getPrimaryKeys(null, null, "tags");
        assertThat(labels(rs)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
                "PK_NAME");
        assertThat(joined(rows(rs, "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ"))).containsExactly("tags|item_id|2",
                "tags|tag|1");
        assertThat(joined(rows(md.getPrimaryKeys(null, null, "Items"), "COLUMN_NAME", "KEY_SEQ")))
                .containsExactly("id|1");
        assertThat(joined(rows(md.getPrimaryKeys(null, null, "item_titles"), "COLUMN_NAME"))).isEmpty();
    }

    @Test
    void indexInfoListsUniqueFirstWithColumnOrderAndDirection() throws Exception {
        ResultSet rs = md.getIndexInfo(null, null, "items", false, true);
        assertThat(labels(rs)).containsExactly("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE",
                "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC",
                "CARDINALITY", "PAGES", "FILTER_CONDITION");
        List<String> all = new java.util.ArrayList<>();
        while (rs.next()) {
            all.add(rs.getBoolean("NON_UNIQUE") + "|" + rs.getString("INDEX_NAME") + "|" + rs.getShort("TYPE") + "|"
                    + rs.getShort("ORDINAL_POSITION") + "|" + rs.getString("COLUMN_NAME") + "|"
                    + rs.getString("ASC_OR_DESC"));
        }
        rs.close();
        assertThat(all).containsExactly("false|items_title|3|1|title|A", "true|items_price|3|1|price|D",
                "true|items_price|3|2|author_id|A");
        assertThat(joined(rows(md.getIndexInfo(null, null, "items", true, true), "INDEX_NAME")))
                .containsExactly("items_title");
        assertThat(joined(rows(md.getIndexInfo(null, null, "tags", false, true), "INDEX_NAME", "COLUMN_NAME")))
                .containsExactly("sqlite_autoindex_tags_1|tag", "sqlite_autoindex_tags_1|item_id");
    }

    @Test
    void foreignKeysBothWaysWithImplicitTargetColumnsAndRules() throws Exception {
        ResultSet rs = md.getImportedKeys(null, null, "items");
        assertThat(labels(rs)).containsExactly("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
                "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE",
                "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY");
        String fk = "PKTABLE_NAME,PKCOLUMN_NAME,FKTABLE_NAME,FKCOLUMN_NAME,KEY_SEQ,UPDATE_RULE,DELETE_RULE,DEFERRABILITY";
        assertThat(joined(rows(rs, fk.split(",")))).containsExactly("authors|id|items|author_id|1|"
                + DatabaseMetaData.importedKeyNoAction + "|" + DatabaseMetaData.importedKeyCascade + "|"
                + DatabaseMetaData.importedKeyNotDeferrable);
        assertThat(joined(rows(md.getExportedKeys(null, null, "items"), fk.split(","))))
                .containsExactly("items|id|tags|item_id|1|" + DatabaseMetaData.importedKeyRestrict + "|"
                        + DatabaseMetaData.importedKeyNoAction + "|" + DatabaseMetaData.importedKeyNotDeferrable);
        assertThat(joined(rows(md.getCrossReference(null, null, "authors", null, null, "items"), "FKCOLUMN_NAME")))
                .containsExactly("author_id");
        assertThat(joined(rows(md.getCrossReference(null, null, "authors", null, null, "tags"), "FKCOLUMN_NAME")))
                .isEmpty();
    }

    @Test
    void whatSqliteLacksIsEmptyWithTheSpecifiedColumns() throws Exception {
        ResultSet schemas = md.getSchemas();
        assertThat(labels(schemas)).containsExactly("TABLE_SCHEM", "TABLE_CATALOG");
        assertThat(rows(schemas, "TABLE_SCHEM")).isEmpty();
        assertThat(rows(md.getCatalogs(), "TABLE_CAT")).isEmpty();
        ResultSet procedures = md.getProcedures(null, null, "%");
        assertThat(labels(procedures)).hasSize(9).startsWith("PROCEDURE_CAT");
        assertThat(rows(procedures, "PROCEDURE_NAME")).isEmpty();
        assertThat(rows(md.getUDTs(null, null, "%", null), "TYPE_NAME")).isEmpty();
        assertThat(labels(md.getBestRowIdentifier(null, null, "items", DatabaseMetaData.bestRowSession, true)))
                .containsExactly("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
                        "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    }

    @Test
    void typeInfoAndFunctions() throws Exception {
        ResultSet types = md.getTypeInfo();
        assertThat(labels(types)).hasSize(18).startsWith("TYPE_NAME", "DATA_TYPE", "PRECISION").endsWith("NUM_PREC_RADIX");
        assertThat(joined(rows(types, "TYPE_NAME", "DATA_TYPE", "LITERAL_PREFIX"))).containsExactly(
                "INTEGER|" + Types.INTEGER + "|null", "REAL|" + Types.FLOAT + "|null",
                "NUMERIC|" + Types.FLOAT + "|null", "TEXT|" + Types.VARCHAR + "|'", "BLOB|" + Types.BLOB + "|X'");
        assertThat(joined(rows(md.getFunctions(null, null, "vec\\_distance%"), "FUNCTION_NAME")))
                .containsExactly("vec_distance_cosine", "vec_distance_hamming", "vec_distance_l1", "vec_distance_l2");
    }

    private static List<String> names(ResultSet rs) throws Exception {
        return joined(rows(rs, "TABLE_NAME"));
    }

    private static List<String> joined(List<List<String>> rows) {
        return rows.stream().map(r -> String.join("|", r.stream().map(String::valueOf).toList())).toList();
    }
}
