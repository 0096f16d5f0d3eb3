package io.vecbox.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link VecboxConnection} reports about its database: product {@code SQLite} with the
 * version the workers run, this driver, the URL, what SQLite supports, and the schema.
 *
 * <p>The catalog methods ({@code getTables}, {@code getColumns}, {@code getPrimaryKeys},
 * {@code getIndexInfo}, {@code getImportedKeys}, …) run one {@code SELECT} through the connection
 * over {@code sqlite_schema} and SQLite's pragma functions, so they see what the connection sees
 * (inside a transaction, its own uncommitted DDL) and return ordinary forward-only result sets
 * whose statement closes with them. How tables, virtual tables such as vec0 and their shadow
 * tables are reported is described on {@link CatalogQueries}: in short, catalog and schema are
 * {@code null}, ordinary and virtual tables are {@code TABLE}, shadow tables
 * {@code SYSTEM TABLE}. What SQLite has no notion of (procedures, user-defined types,
 * privileges, …) is an empty result set with the columns JDBC specifies.
 *
 * <p>The function lists ({@link #getNumericFunctions()}, …) are SQLite's own function names,
 * those of them the workers have ({@code pragma_function_list}), upper-case; sqlite-vec's
 * {@code vec_*} functions are listed as numeric functions ({@link SqliteFunctions}).
 *
 * <p>Thread-safe as its connection is. The SQLite version is asked of a worker once per JVM (every
 * pool runs the worker this driver ships).
 */
public final class VecboxDatabaseMetaData extends SqliteCapabilities {
    /** Every pool of this JVM runs the same bundled SQLite, so one answer serves all. */
    private static final AtomicReference<String> WORKER_SQLITE_VERSION = new AtomicReference<>();

    private final Connection connection;
    private final String url;
    private final AtomicReference<String> sqliteVersion;
    private volatile Set<String> functionNames;

    VecboxDatabaseMetaData(VecboxConnection connection) {
        this(connection, connection.url(), WORKER_SQLITE_VERSION);
    }

    /** For tests: any connection to an SQLite database, with a version cache of its own. */
    VecboxDatabaseMetaData(Connection connection, String url, AtomicReference<String> sqliteVersion) {
        this.connection = connection;
        this.url = url;
        this.sqliteVersion = sqliteVersion;
    }

    /** @return whether the connection is read-only: {@code setReadOnly(true)}, or a {@code readOnly=true} pool */
    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    // --- identity ---

    /** @return the connection these answers are about */
    @Override
    public Connection getConnection() {
        return connection;
    }

    /** @return {@code jdbc:vecbox:…}, as the connection was opened */
    @Override
    public String getURL() {
        return url;
    }

    /** @return {@code ""}: SQLite has no users */
    @Override
    public String getUserName() {
        return "";
    }

    /** @return {@code SQLite}: the SQL is SQLite's, which is what migration tools and jOOQ key on */
    @Override
    public String getDatabaseProductName() {
        return "SQLite";
    }

    /**
     * @return SQLite's version as the workers report it ({@code sqlite_version()}), e.g.
     *     {@code 3.54.1}; asked once, then cached
     * @throws SQLException if the query fails (the connection is closed, no worker answers, …)
     */
    @Override
    public String getDatabaseProductVersion() throws SQLException {
        String v = sqliteVersion.get();
        if (v == null) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                v = rs.getString(1);
            }
            sqliteVersion.compareAndSet(null, v);
        }
        return v;
    }

    /** @throws SQLException as {@link #getDatabaseProductVersion()} */
    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return versionPart(getDatabaseProductVersion(), 0);
    }

    /** @throws SQLException as {@link #getDatabaseProductVersion()} */
    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return versionPart(getDatabaseProductVersion(), 1);
    }

    static int versionPart(String version, int index) {
        String[] parts = version.split("\\.");
        return index < parts.length ? Integer.parseInt(parts[index].replaceAll("\\D.*", "")) : 0;
    }

    @Override
    public String getDriverName() {
        return VecboxDriver.NAME;
    }

    @Override
    public String getDriverVersion() {
        return VecboxDriver.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return VecboxDriver.MAJOR_VERSION;
    }

    @Override
    public int getDriverMinorVersion() {
        return VecboxDriver.MINOR_VERSION;
    }

    @Override
    public boolean supportsSavepoints() {
        return false;
    }

    // --- words and functions ---

    @Override
    public String getSQLKeywords() {
        return SqliteFunctions.KEYWORDS;
    }

    /** @throws SQLException if {@code pragma_function_list} cannot be read */
    @Override
    public String getNumericFunctions() throws SQLException {
        return SqliteFunctions.list(SqliteFunctions.Kind.NUMERIC, functionNames());
    }

    /** @throws SQLException if {@code pragma_function_list} cannot be read */
    @Override
    public String getStringFunctions() throws SQLException {
        return SqliteFunctions.list(SqliteFunctions.Kind.STRING, functionNames());
    }

    /** @throws SQLException if {@code pragma_function_list} cannot be read */
    @Override
    public String getSystemFunctions() throws SQLException {
        return SqliteFunctions.list(SqliteFunctions.Kind.SYSTEM, functionNames());
    }

    /** @throws SQLException if {@code pragma_function_list} cannot be read */
    @Override
    public String getTimeDateFunctions() throws SQLException {
        return SqliteFunctions.list(SqliteFunctions.Kind.TIME_DATE, functionNames());
    }

    private Set<String> functionNames() throws SQLException {
        Set<String> names = functionNames;
        if (names == null) {
            names = new TreeSet<>();
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT lower(name) FROM pragma_function_list")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            functionNames = names;
        }
        return names;
    }

    // --- the schema ---

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        return run(CatalogQueries.tables(catalog, schemaPattern, tableNamePattern, types));
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return run(CatalogQueries.tableTypes());
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) throws SQLException {
        return run(CatalogQueries.columns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return run(CatalogQueries.primaryKeys(catalog, schema, table));
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        return run(CatalogQueries.indexInfo(catalog, schema, table, unique));
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return run(CatalogQueries.foreignKeys(catalog, schema, null, table, true));
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return run(CatalogQueries.foreignKeys(catalog, schema, table, null, false));
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                       String foreignCatalog, String foreignSchema, String foreignTable)
            throws SQLException {
        String catalog = parentCatalog != null ? parentCatalog : foreignCatalog;
        String schema = parentSchema != null ? parentSchema : foreignSchema;
        return run(CatalogQueries.foreignKeys(catalog, schema, parentTable, foreignTable, false));
    }

    /** @return none: SQLite has one unnamed catalog */
    @Override
    public ResultSet getCatalogs() throws SQLException {
        return run(CatalogQueries.empty("TABLE_CAT"));
    }

    /** @return none: the database is reported with a {@code null} schema, as sqlite-jdbc does */
    @Override
    public ResultSet getSchemas() throws SQLException {
        return run(CatalogQueries.empty("TABLE_SCHEM", "TABLE_CATALOG"));
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return getSchemas();
    }

    /** @return SQLite's storage classes under their usual names, with the JDBC types of {@link SqliteTypes} */
    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return run(CatalogQueries.typeInfo());
    }

    /** @return SQLite's functions ({@code pragma_function_list}), each once */
    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return run(new CatalogQuery.Where().catalogAndSchema(catalog, schemaPattern).like("fname", functionNamePattern)
                .query("SELECT NULL AS FUNCTION_CAT, NULL AS FUNCTION_SCHEM, fname AS FUNCTION_NAME, NULL AS REMARKS,"
                        + " " + DatabaseMetaData.functionNoTable + " AS FUNCTION_TYPE, fname AS SPECIFIC_NAME"
                        + " FROM (SELECT DISTINCT name AS fname FROM pragma_function_list)",
                        "FUNCTION_CAT, FUNCTION_SCHEM, FUNCTION_NAME, SPECIFIC_NAME"));
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                        String columnNamePattern) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.FUNCTION_COLUMNS));
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.PROCEDURES));
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                         String columnNamePattern) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.PROCEDURE_COLUMNS));
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.COLUMN_PRIVILEGES));
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.TABLE_PRIVILEGES));
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.BEST_ROW_IDENTIFIER));
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.VERSION_COLUMNS));
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.UDTS));
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.SUPER_TYPES));
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.SUPER_TABLES));
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.ATTRIBUTES));
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.CLIENT_INFO_PROPERTIES));
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                      String columnNamePattern) throws SQLException {
        return run(CatalogQueries.empty(EmptyResults.PSEUDO_COLUMNS));
    }

    private ResultSet run(CatalogQuery query) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(query.sql());
        try {
            List<String> params = query.params();
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            ps.closeOnCompletion();
            return ps.executeQuery();
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // --- wrapper ---

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface, "VecboxDatabaseMetaData");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
