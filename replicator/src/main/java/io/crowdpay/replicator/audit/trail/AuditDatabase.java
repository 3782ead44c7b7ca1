package io.crowdpay.replicator.audit.trail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the audit's adapters reach PostgreSQL: table names in the event store's schema, a small pool,
 * and the check that the schema was migrated (V2 lays out the audit tables beside the events).
 */
final class AuditDatabase {

    /** How long a caller waits for a pooled connection before the call fails. */
    static final long CONNECTION_WAIT_MILLIS_MAX = 10_000;

    private AuditDatabase() {
    }

    /** A table of the schema, qualified; the schema name is a checked identifier (see {@link Schema}). */
    static String table(Schema schema, String table) {
        return schema.name() + "." + table;
    }

    /** A pool of at most {@code connectionsMax}, checked to reach a migrated schema before it is returned. */
    static HikariDataSource pool(DatabaseUrl url, Schema schema, String purpose, int connectionsMax, boolean readOnly)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(connectionsMax);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_WAIT_MILLIS_MAX);
        config.setPoolName(purpose + "-" + schema.name());
        config.addDataSourceProperty("ApplicationName", "crowdpay-" + purpose);
        if (readOnly) {
            // One snapshot per call, so the links, roots and events of an answer agree with each other.
            config.setReadOnly(true);
            config.setAutoCommit(false);
            config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        }
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            requireMigrated(connection, schema);
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /**
     * @throws IllegalStateException when the schema lacks the events or the audit tables: a
     *                               deployment step was skipped, which no retry can fix
     */
    static void requireMigrated(Connection connection, Schema schema) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement(
                "select to_regclass(?) is not null and to_regclass(?) is not null and to_regclass(?) is not null")) {
            check.setString(1, table(schema, "events"));
            check.setString(2, table(schema, "audit_roots"));
            check.setString(3, table(schema, "audit_links"));
            try (ResultSet row = check.executeQuery()) {
                if (!row.next() || !row.getBoolean(1)) {
                    throw new IllegalStateException("schema " + schema.name()
                            + " has no audit trail tables; run the migrate command (crowdpay migrate) first");
                }
            }
        }
    }
}
