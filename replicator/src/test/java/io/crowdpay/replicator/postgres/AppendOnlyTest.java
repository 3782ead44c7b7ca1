package io.crowdpay.replicator.postgres;

import static io.crowdpay.replicator.postgres.TestDatabase.eventCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database itself, not EventStore, refuses to change a stored event: checked with plain SQL. */
class AppendOnlyTest {

    private Schema schema;

    @BeforeEach
    void storeThreeEvents() throws SQLException {
        schema = TestDatabase.migratedSchema();
        try (EventStore store = EventStore.open(TestDatabase.URL, schema)) {
            store.append("event-store", TestDatabase.events(1, 3));
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        TestDatabase.drop(schema);
    }

    @Test
    void givenStoredEvents_whenUpdated_thenRefusedByTheDatabase() throws SQLException {
        assertRefused("update " + schema.table("events") + " set type = 'Forged.v1' where global_sequence = 2",
                "UPDATE");
    }

    @Test
    void givenStoredEvents_whenDeleted_thenRefusedByTheDatabase() throws SQLException {
        assertRefused("delete from " + schema.table("events") + " where global_sequence = 3", "DELETE");
    }

    @Test
    void givenStoredEvents_whenTruncated_thenRefusedByTheDatabase() throws SQLException {
        assertRefused("truncate " + schema.table("events"), "TRUNCATE");
    }

    private void assertRefused(String sql, String operation) throws SQLException {
        assertThatThrownBy(() -> TestDatabase.execute(sql))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(schema.name() + ".events is append-only: " + operation + " refused")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23001"));
        assertThat(eventCount(schema)).isEqualTo(3);
        assertThat(TestDatabase.queryLong("select count(*) from " + schema.table("events")
                + " where type = 'FundsHeld.v1'")).isEqualTo(3);
    }
}
