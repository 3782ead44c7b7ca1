package io.crowdpay.replicator.postgres;

import static io.crowdpay.replicator.postgres.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private final Schema schema = TestDatabase.randomSchema();

    @AfterEach
    void dropSchema() throws SQLException {
        TestDatabase.drop(schema);
    }

    @Test
    void givenNoSchema_whenMigrated_thenSchemaCreatedWithEventsCheckpointsAndAudit() throws SQLException {
        assertThat(Migrations.migrate(TestDatabase.URL, schema)).containsExactly("V1 event store", "V2 audit");

        assertThat(queryLong("select count(*) from information_schema.tables where table_schema = '" + schema.name()
                + "' and table_name in ('events', 'consumer_checkpoints', 'audit_roots', 'audit_links')")).isEqualTo(4);
        assertThat(queryLong("select count(*) from information_schema.columns where table_schema = '"
                + schema.name() + "' and table_name = 'events' and column_name in ('global_sequence', 'event_id',"
                + " 'stream_id', 'stream_version', 'type', 'payload', 'journal_index', 'event_time',"
                + " 'correlation_id', 'recorded_at')")).isEqualTo(10);
    }

    @Test
    void givenMigratedSchema_whenMigratedAgain_thenNothingApplied() throws SQLException {
        Migrations.migrate(TestDatabase.URL, schema);

        assertThat(Migrations.migrate(TestDatabase.URL, schema)).isEmpty();
        assertThat(queryLong("select count(*) from " + schema.table("flyway_schema_history")
                + " where type = 'SQL' and success")).isEqualTo(2);
    }

    @Test
    void givenUnsafeSchemaName_thenRefusedBeforeAnySql() {
        for (String name : new String[] {"Crowdpay", "x; drop table y", "pg_catalog", "", "a".repeat(64)}) {
            assertThatThrownBy(() -> new Schema(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case identifier");
        }
        assertThat(Schema.DEFAULT.name()).isEqualTo("crowdpay");
    }
}
