package io.crowdpay.replicator.audit.trail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Pools;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the audit's adapters reach PostgreSQL: table names in the event store's schema, a small pool,
 * and the check that the schema was migrated (V2 lays out the audit tables beside the events).
 */
final class AuditDatabase {

    /** How long a caller waits for a pooled connection before the call fails. */
    static final long CONNECTION_WAIT_MILLIS_MAX = 10_000;

    private static final String MISSING = "audit trail tables; run the migrate command (crowdpay migrate) first";
    private static final String[] TABLES = {"events", "audit_roots", "audit_links"};

    private AuditDatabase() {
    }

    /** A table of the schema, qualified; the schema name is a checked identifier (see {@link Schema}). */
    static String table(Schema schema, String table) {
        return schema.table(table);
    }

    /** A pool of at most {@code connectionsMax}, checked to reach a migrated schema before it is returned. */
    static HikariDataSource pool(DatabaseUrl url, Schema schema, String purpose, int connectionsMax, boolean readOnly)
            throws SQLException {
        HikariConfig config = Pools.config(url, schema, purpose, connectionsMax, CONNECTION_WAIT_MILLIS_MAX);
        if (readOnly) {
            // One snapshot per call, so the links, roots and events of an answer agree with each other.
            config.setReadOnly(true);
            config.setAutoCommit(false);
            config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        }
        return Pools.open(config, schema, MISSING, TABLES);
    }

    /**
     * @throws IllegalStateException when the schema lacks the events or the audit tables: a
     *                               deployment step was skipped, which no retry can fix
     */
    static void requireMigrated(Connection connection, Schema schema) throws SQLException {
        Pools.requireTables(connection, schema, MISSING, TABLES);
    }
}
