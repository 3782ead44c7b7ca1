package io.crowdpay.replicator.projection;

import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.MigrationRunner;
import io.crowdpay.replicator.postgres.Schema;
import java.util.List;
import javax.sql.DataSource;

/**
 * Lays out the read model in a schema with Flyway, for the service at start and for the
 * {@code migrate} command. Its scripts live in a folder of their own and its history in a table of its own, so the read
 * model and the event store never mix versions, even if pointed at one schema. Running it again is
 * harmless.
 */
public final class ReadModelMigrations {

    /** Where the service keeps its read model: {@code read_model.transactions} and its neighbours. */
    public static final Schema DEFAULT_SCHEMA = new Schema("read_model");

    static final String LOCATION = "classpath:db/migration/read_model";
    static final String HISTORY_TABLE = "read_model_schema_history";

    private static final MigrationRunner RUNNER =
            new MigrationRunner(LOCATION, HISTORY_TABLE, "crowdpay-migrate-read-model");

    private ReadModelMigrations() {
    }

    /**
     * Creates the schema if needed and applies the pending migrations.
     *
     * @return the migrations applied now, as {@code "V1 read model"}; empty when already up to date
     */
    public static List<String> migrate(DataSource dataSource, Schema schema) {
        return RUNNER.migrate(dataSource, schema);
    }

    /** Migrates through one plain connection: a pool would be idle weight for a one-off command. */
    public static List<String> migrate(DatabaseUrl url, Schema schema) {
        return RUNNER.migrate(url, schema);
    }
}
