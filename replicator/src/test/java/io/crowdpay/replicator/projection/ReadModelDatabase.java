package io.crowdpay.replicator.projection;

import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's real PostgreSQL for the read model's tests, reached through the event store's
 * {@link TestDatabase}: every test migrates a schema of its own with a random name and drops it
 * afterwards. What is read-model specific (its migrations, reading it back as text) lives here.
 */
final class ReadModelDatabase {

    static final DatabaseUrl URL = TestDatabase.URL;

    private ReadModelDatabase() {
    }

    static Schema randomSchema() {
        return TestDatabase.randomSchema("rm_test_");
    }

    static Schema migratedSchema() {
        Schema schema = randomSchema();
        ReadModelMigrations.migrate(URL, schema);
        return schema;
    }

    static void execute(String sql) throws SQLException {
        TestDatabase.execute(sql);
    }

    static long queryLong(String sql) throws SQLException {
        return TestDatabase.queryLong(sql);
    }

    /** Every row of a query as text, one string per row: what "the read model by query" compares. */
    static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i == 1 ? "" : " | ").append(row.getString(i));
                }
                rows.add(line.toString());
            }
        }
        return rows;
    }

    /** The whole read model of a schema, ordered, as text. */
    static List<String> dump(Schema schema) throws SQLException {
        List<String> all = new ArrayList<>();
        all.addAll(rows("select * from " + schema.name() + ".transactions order by initiated_sequence"));
        all.addAll(rows("select * from " + schema.name() + ".wallet_balances order by wallet_id, currency"));
        all.addAll(rows("select * from " + schema.name() + ".pod_members order by pod_id, user_id"));
        all.addAll(rows("select consumer, last_sequence, updated_at from " + schema.name() + ".consumer_checkpoints"));
        return all;
    }

    static void drop(Schema schema) throws SQLException {
        TestDatabase.drop(schema);
    }
}
