package io.crowdpay.replicator.postgres;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one Flyway set-up behind every migrate entry point ({@link Migrations} for the event store,
 * {@code ReadModelMigrations} for the read model): each layout differs only in where its scripts
 * live, which table records them and how its session is named. The location and the history table
 * of a layout must never change once deployed: existing schemas record their applied versions there.
 *
 * @param location        a folder of the layout's own, since Flyway scans a location with its
 *                        sub-folders: two layouts then never collide on a version
 * @param historyTable    where the schema records the layout's applied versions
 * @param applicationName the session's name in {@code pg_stat_activity} when migrating from a URL
 */
public record MigrationRunner(String location, String historyTable, String applicationName) {

    /**
     * Creates the schema if needed and applies the pending migrations. Running it again is harmless:
     * applied versions are recorded in the history table and Flyway's advisory lock keeps two
     * migrators from racing.
     *
     * @return the migrations applied now, as {@code "V1 event store"}; empty when already up to date
     */
    public List<String> migrate(DataSource dataSource, Schema schema) {
        MigrateResult result = Flyway.configure(MigrationRunner.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema.name())
                .defaultSchema(schema.name())
                .createSchemas(true)
                .table(historyTable)
                .locations(location)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        return result.migrations.stream().map(applied -> "V" + applied.version + " " + applied.description).toList();
    }

    /** Migrates through one plain connection: a pool would be idle weight for a one-off command. */
    public List<String> migrate(DatabaseUrl url, Schema schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url.jdbcUrl());
        dataSource.setUser(url.user());
        dataSource.setPassword(url.password());
        dataSource.setApplicationName(applicationName);
        return migrate(dataSource, schema);
    }
}
