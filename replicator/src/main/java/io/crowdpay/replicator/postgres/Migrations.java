package io.crowdpay.replicator.postgres;

import java.util.List;
import javax.sql.DataSource;

/**
 * Lays out the event store (and its audit tables) in a schema with Flyway's versioned migrations;
 * {@code crowdpay migrate} and the service at start call it.
 * Running it again is harmless: applied versions are recorded in the schema's
 * {@code flyway_schema_history} and Flyway's advisory lock keeps two migrators from racing.
 */
public final class Migrations {

    /**
     * A folder of its own, because Flyway scans a location with its sub-folders: the projections'
     * migrations, kept apart from these, then never collide with the event store's versions.
     */
    static final String LOCATION = "classpath:db/migration/event_store";

    /** Flyway's default name, which every deployed event store schema already records its versions in. */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final MigrationRunner RUNNER = new MigrationRunner(LOCATION, HISTORY_TABLE, "crowdpay-migrate");

    private Migrations() {
    }

    /**
     * Creates the schema if needed and applies the pending migrations.
     *
     * @return the migrations applied now, as {@code "V1 event store"}; empty when already up to date
     */
    public static List<String> migrate(DataSource dataSource, Schema schema) {
        return RUNNER.migrate(dataSource, schema);
    }

    /** Migrates through one plain connection: a pool would be idle weight for a one-off command. */
    public static List<String> migrate(DatabaseUrl url, Schema schema) {
        return RUNNER.migrate(url, schema);
    }
}
