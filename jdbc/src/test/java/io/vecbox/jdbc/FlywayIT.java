package io.vecbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Flyway, unchanged, migrating a database through {@link VecboxDataSource}: a table, a vec0 table, seed rows. */
class FlywayIT {
    @TempDir
    Path dir;

    private static Flyway flyway(VecboxDataSource ds) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/flyway-it").load();
    }

    @Test
    @Timeout(120)
    void migratesTablesAndAVec0TableThenASecondMigrateIsANoOp() throws Exception {
        try (VecboxDataSource ds = ClientFixtures.dataSource(dir, "flyway")) {
            MigrateResult first = flyway(ds).migrate();
            assertThat(first.success).isTrue();
            assertThat(first.migrationsExecuted).isEqualTo(3);
            assertThat(first.targetSchemaVersion).isEqualTo("3");
            assertThat(first.migrations).extracting(m -> m.version).containsExactly("1", "2", "3");

            MigrateResult second = flyway(ds).migrate();
            assertThat(second.success).isTrue();
            assertThat(second.migrationsExecuted).isZero();
            assertThat(second.initialSchemaVersion).isEqualTo("3");

            MigrationInfo[] all = flyway(ds).info().all();
            assertThat(Arrays.stream(all).map(i -> i.getVersion().getVersion() + " " + i.getDescription() + " "
                    + i.getState())).containsExactly("1 items SUCCESS", "2 item vectors SUCCESS", "3 seed SUCCESS");
            assertThat(all).allSatisfy(i -> assertThat(i.getInstalledOn()).isNotNull());
            assertThat(flyway(ds).info().current().getVersion().getVersion()).isEqualTo("3");
            assertThat(flyway(ds).info().pending()).isEmpty();

            JdbcTemplate jdbc = new JdbcTemplate(ds);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success = 1", Long.class))
                    .isEqualTo(3L);
            // the vec0 table answers KNN queries on the seeded vectors
            assertThat(jdbc.queryForList("SELECT i.name FROM item_vectors v JOIN items i ON i.id = v.rowid"
                    + " WHERE v.embedding MATCH ? AND k = 2 ORDER BY v.distance", String.class,
                    (Object) new float[] {0.9f, 0.1f, 0, 0})).containsExactly("east", "north");
        }
    }

    @Test
    @Timeout(120)
    void aFailedMigrationIsRolledBackWithItsDdlAndReportedFailed() throws Exception {
        try (VecboxDataSource ds = ClientFixtures.dataSource(dir, "flyway-failed")) {
            Flyway good = flyway(ds);
            good.migrate();
            Path extra = dir.resolve("extra");
            java.nio.file.Files.createDirectories(extra);
            // SQLite runs DDL inside transactions: the CREATE TABLE before the error must vanish with it
            java.nio.file.Files.writeString(extra.resolve("V4__broken.sql"),
                    "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n");
            Flyway broken = Flyway.configure().dataSource(ds)
                    .locations("classpath:db/flyway-it", "filesystem:" + extra).load();
            org.assertj.core.api.Assertions.assertThatThrownBy(broken::migrate)
                    .hasMessageContaining("no_such_table");
            List<String> tables = new ArrayList<>();
            try (var c = ds.getConnection(); var rs = c.getMetaData().getTables(null, null, "half%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).isEmpty();
            assertThat(broken.info().current().getVersion().getVersion()).isEqualTo("3");
            assertThat(Arrays.stream(broken.info().all()).filter(i -> i.getState() == MigrationState.PENDING)
                    .map(i -> i.getVersion().getVersion())).containsExactly("4");
        }
    }
}
