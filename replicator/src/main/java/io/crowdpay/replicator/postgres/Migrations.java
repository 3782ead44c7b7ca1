package io.crowdpay.replicator.postgres;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Lays out the event store in a schema with Flyway's versioned migrations, and is the migrate
 * command: {@code DATABASE_URL=... java -cp ... io.crowdpay.replicator.postgres.Migrations [schema]}.
 * Running it again is harmless: applied versions are recorded in the schema's
 * {@code flyway_schema_history} and Flyway's advisory lock keeps two migrators from racing.
 */
public final class Migrations {

    /**
     * A folder of its own, because Flyway scans a location with its sub-folders: the projections'
     * migrations, kept apart from these, then never collide with the event store's versions.
     */
    static final String LOCATION = "classpath:db/migration/event_store";

    private Migrations() {
    }

    /**
     * Creates the schema if needed and applies the pending migrations.
     *
     * @return the migrations applied now, as {@code "V1 event store"}; empty when already up to date
     */
    public static List<String> migrate(DataSource dataSource, Schema schema) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema.name())
                .defaultSchema(schema.name())
                .createSchemas(true)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        return result.migrations.stream().map(applied -> "V" + applied.version + " " + applied.description).toList();
    }

    /** Migrates through one plain connection: a pool would be idle weight for a one-off command. */
    public static List<String> migrate(DatabaseUrl url, Schema schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url.jdbcUrl());
        dataSource.setUser(url.user());
        dataSource.setPassword(url.password());
        dataSource.setApplicationName("crowdpay-migrate");
        return migrate(dataSource, schema);
    }
}
