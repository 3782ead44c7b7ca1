package io.crowdpay.replicator.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;

/**
 * The one way this module opens a HikariCP pool, so the event store, the read model and the audit
 * trail cannot drift apart in how they reach PostgreSQL. Every pool is named after its purpose and
 * schema, and its sessions after its purpose, so a pool dump or {@code pg_stat_activity} says who
 * holds a connection. A pool is handed out only once one of its connections has seen the schema's
 * tables: a missing table is a skipped deployment step that no retry fixes, so it fails at start,
 * not at the first request.
 */
public final class Pools {

    private Pools() {
    }

    /**
     * The settings every pool shares; a caller adds its own (a read-only pool, say) before
     * {@link #open}.
     *
     * @param purpose names the pool {@code purpose-schema} and its sessions {@code crowdpay-purpose}
     */
    public static HikariConfig config(DatabaseUrl url, Schema schema, String purpose, int connectionsMax,
            long connectionWaitMillisMax) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(connectionsMax);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionWaitMillisMax);
        config.setPoolName(purpose + "-" + schema.name());
        config.addDataSourceProperty("ApplicationName", "crowdpay-" + purpose);
        return config;
    }

    /**
     * Sessions of this pool commit without waiting for PostgreSQL's WAL flush
     * ({@code synchronous_commit=off}). Only for a store derived from the journal whose consumer
     * commits its checkpoint in the same transaction as its rows (the event store, the read model):
     * a crash of PostgreSQL can then lose only its last ~0.6 s of commits, rows and checkpoint
     * together, and the consumer delivers those events again from the event log, so each is still
     * applied once. Every commit waited for a flush of its own before, and on this box's one disk
     * that wait, not the inserts, set how far behind the consumers ran (ADR 0009).
     */
    public static HikariConfig asynchronousCommit(HikariConfig config) {
        config.addDataSourceProperty("options", "-c synchronous_commit=off");
        return config;
    }

    /**
     * Starts the pool and checks on one of its connections that the schema holds the tables; when
     * they are missing, or the database cannot be reached, the pool is closed again and the call fails.
     *
     * @param missing what the failure says the schema lacks and how to fix it, after "has no "
     * @throws IllegalStateException when a table is missing (see {@link #requireTables})
     */
    public static HikariDataSource open(HikariConfig config, Schema schema, String missing, String... tables)
            throws SQLException {
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            requireTables(connection, schema, missing, tables);
            if (!connection.getAutoCommit()) {
                // A pool without auto-commit began a transaction with the check; end it before the
                // connection goes back, so the first caller starts a snapshot of its own.
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /**
     * @param missing what the failure says the schema lacks and how to fix it, after "has no "
     * @throws IllegalStateException when any of the tables is missing from the schema: a deployment
     *                               step was skipped, which no retry can fix
     */
    public static void requireTables(Connection connection, Schema schema, String missing, String... tables)
            throws SQLException {
        String allExist = String.join(" and ", Collections.nCopies(tables.length, "to_regclass(?) is not null"));
        try (PreparedStatement check = connection.prepareStatement("select " + allExist)) {
            for (int i = 0; i < tables.length; i++) {
                check.setString(i + 1, schema.table(tables[i]));
            }
            try (ResultSet row = check.executeQuery()) {
                if (!row.next() || !row.getBoolean(1)) {
                    throw new IllegalStateException("schema " + schema.name() + " has no " + missing);
                }
            }
        }
    }
}
