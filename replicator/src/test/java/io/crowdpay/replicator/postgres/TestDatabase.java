package io.crowdpay.replicator.postgres;

import io.crowdpay.replicator.EventRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's real PostgreSQL, seen by the tests. Every test takes a schema of its own with a
 * random name and drops it afterwards, so tests run in any order and beside other runs.
 * {@code CROWDPAY_TEST_DATABASE_URL} points them elsewhere; it is not {@code DATABASE_URL} so that
 * a test run can never write into the service's own database by accident. Public, so the read
 * model's and the audit trail's tests share this one way in instead of keeping copies.
 */
public final class TestDatabase {

    public static final DatabaseUrl URL = DatabaseUrl.parse(System.getenv().getOrDefault(
            "CROWDPAY_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"));

    private TestDatabase() {
    }

    /** A fresh schema name for the event store's tests, never created yet. */
    static Schema randomSchema() {
        return randomSchema("es_test_");
    }

    /**
     * A fresh schema name, never created yet. Each suite has its own prefix, so a schema left
     * behind by a killed run says whose it was.
     */
    public static Schema randomSchema(String prefix) {
        return new Schema(prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** A fresh schema with the event store migrated into it. */
    static Schema migratedSchema() {
        Schema schema = randomSchema();
        Migrations.migrate(URL, schema);
        return schema;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL.jdbcUrl(), URL.user(), URL.password());
    }

    public static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static long queryLong(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    static long eventCount(Schema schema) throws SQLException {
        return queryLong("select count(*) from " + schema.table("events"));
    }

    public static void drop(Schema schema) throws SQLException {
        execute("drop schema if exists " + schema.name() + " cascade");
    }

    /** Events {@code first..last}, two per stream, with a payload shaped like the engine's. */
    static List<EventRecord> events(long first, long last) {
        List<EventRecord> events = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            String payload = "{\"amount\":\"" + (100 * sequence) + "\",\"currency\":\"EUR\",\"wallet_id\":\"w_"
                    + sequence + "\"}";
            events.add(new EventRecord(sequence, EventRecord.idFor(sequence), "tx_" + ((sequence + 1) / 2),
                    2 - sequence % 2, "FundsHeld.v1", payload, 10 + sequence, 1_780_000_000_000L + sequence,
                    sequence % 3 == 0 ? null : "corr_" + sequence));
        }
        return events;
    }
}
