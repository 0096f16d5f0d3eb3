package io.vecbox.jdbc;

import static io.vecbox.jdbc.MetaDataRows.labels;
import static io.vecbox.jdbc.MetaDataRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link VecboxDatabaseMetaData} through the driver: the catalog queries run in real workers. */
class MetaDataIT {
    @TempDir
    Path dir;
    private VecboxDataSource ds;
    private Connection connection;

    @BeforeEach
    void schema() throws Exception {
        ds = ClientFixtures.dataSource(dir, "metadata");
        connection = ds.getConnection();
        MetaDataRows.createSchema(connection);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        ds.close();
    }

    private static List<String> joined(List<List<String>> rows) {
        return rows.stream().map(r -> String.join("|", r.stream().map(String::valueOf).toList())).toList();
    }

    @Test
    @Timeout(120)
    void identifiesSqliteAsTheWorkersRunIt() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        assertThat(md.getDatabaseProductName()).isEqualTo("SQLite");
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            assertThat(md.getDatabaseProductVersion()).isEqualTo(rs.getString(1));
        }
        assertThat(md.getDatabaseMajorVersion()).isEqualTo(3);
        assertThat(md.getURL()).isEqualTo(ds.getUrl());
        assertThat(md.getConnection()).isSameAs(connection);
        assertThat(md.getNumericFunctions().split(",")).contains("ABS", "VEC_DISTANCE_COSINE");
    }

    @Test
    @Timeout(120)
    void tablesColumnsAndKeysOfARealSchemaWithAVec0Table() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        ResultSet tables = md.getTables(null, null, "%", new String[] {"TABLE", "VIEW"});
        assertThat(labels(tables)).startsWith("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS");
        assertThat(joined(rows(tables, "TABLE_TYPE", "TABLE_NAME", "REMARKS"))).containsExactly(
                "TABLE|authors|null", "TABLE|item_vectors|virtual table using vec0", "TABLE|items|null",
                "TABLE|tags|null", "VIEW|item_titles|null");
        assertThat(joined(rows(md.getTables(null, null, "item\\_vectors\\_%", null), "TABLE_TYPE")))
                .isNotEmpty().containsOnly("SYSTEM TABLE");

        assertThat(joined(rows(md.getColumns(null, null, "items", "%"), "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
                "COLUMN_SIZE", "NULLABLE", "IS_AUTOINCREMENT"))).containsExactly(
                "id|" + Types.INTEGER + "|INTEGER|2000000000|1|YES",
                "author_id|" + Types.INTEGER + "|INTEGER|2000000000|1|NO",
                "title|" + Types.VARCHAR + "|VARCHAR|200|0|NO",
                "price|" + Types.FLOAT + "|NUMERIC|12|1|NO",
                "body|" + Types.BLOB + "|BLOB|2000000000|1|NO",
                "misc|" + Types.BLOB + "||2000000000|1|NO",
                "title_len|" + Types.INTEGER + "|INTEGER|2000000000|1|NO");
        assertThat(joined(rows(md.getColumns(null, null, "item_vectors", null), "COLUMN_NAME", "DATA_TYPE")))
                .containsExactly("rowid|" + Types.INTEGER, "embedding|" + Types.BLOB, "category|" + Types.VARCHAR,
                        "note|" + Types.VARCHAR);

        assertThat(joined(rows(md.getPrimaryKeys(null, null, "tags"), "COLUMN_NAME", "KEY_SEQ")))
                .containsExactly("item_id|2", "tag|1");
        assertThat(joined(rows(md.getPrimaryKeys(null, null, "items"), "COLUMN_NAME", "KEY_SEQ")))
                .containsExactly("id|1");
        assertThat(joined(rows(md.getIndexInfo(null, null, "items", true, false), "INDEX_NAME", "COLUMN_NAME")))
                .containsExactly("items_title|title");
        assertThat(joined(rows(md.getImportedKeys(null, null, "items"), "PKTABLE_NAME", "PKCOLUMN_NAME",
                "FKCOLUMN_NAME"))).containsExactly("authors|id|author_id");
        assertThat(joined(rows(md.getExportedKeys(null, null, "items"), "FKTABLE_NAME", "FKCOLUMN_NAME")))
                .containsExactly("tags|item_id");
    }

    @Test
    @Timeout(120)
    void theCatalogQueriesPassTheUntrustedSandboxGate() throws Exception {
        try (VecboxDataSource untrusted = new VecboxDataSource("jdbc:vecbox:" + dir.resolve("metadata.db")
                + "?readers=1&sandbox=untrusted&name=metadata-untrusted");
             Connection c = untrusted.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductVersion()).isEqualTo(connection.getMetaData().getDatabaseProductVersion());
            assertThat(joined(rows(md.getTables(null, null, "item%", new String[] {"TABLE"}), "TABLE_NAME")))
                    .containsExactly("item_vectors", "items");
            assertThat(joined(rows(md.getColumns(null, null, "item_vectors", null), "TYPE_NAME")))
                    .containsExactly("INTEGER", "FLOAT[4]", "TEXT", "TEXT");
            assertThat(joined(rows(md.getPrimaryKeys(null, null, "tags"), "COLUMN_NAME"))).hasSize(2);
            assertThat(joined(rows(md.getIndexInfo(null, null, "items", false, false), "INDEX_NAME"))).hasSize(3);
            assertThat(joined(rows(md.getExportedKeys(null, null, "authors"), "FKTABLE_NAME"))).containsExactly("items");
            assertThat(md.getNumericFunctions()).contains("VEC_DISTANCE_L2");
            assertThat(joined(rows(md.getTypeInfo(), "TYPE_NAME"))).hasSize(5);
        }
    }

    @Test
    @Timeout(120)
    void insideATransactionMetadataSeesTheTransactionsOwnDdl() throws Exception {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, body TEXT)");
        }
        DatabaseMetaData md = connection.getMetaData();
        assertThat(joined(rows(md.getColumns(null, null, "drafts", null), "COLUMN_NAME")))
                .containsExactly("id", "body");
        try (Connection other = ds.getConnection()) {
            assertThat(joined(rows(other.getMetaData().getTables(null, null, "drafts", null), "TABLE_NAME"))).isEmpty();
        }
        connection.rollback();
        assertThat(joined(rows(md.getTables(null, null, "drafts", null), "TABLE_NAME"))).isEmpty();
    }
}
