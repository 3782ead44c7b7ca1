package io.crowdpay.replicator.postgres;

import static io.crowdpay.replicator.postgres.TestDatabase.eventCount;
import static io.crowdpay.replicator.postgres.TestDatabase.events;
import static io.crowdpay.replicator.postgres.TestDatabase.execute;
import static io.crowdpay.replicator.postgres.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreTest {

    private static final String CONSUMER = "event-store";

    private Schema schema;
    private EventStore store;

    @BeforeEach
    void openOnFreshSchema() throws SQLException {
        schema = TestDatabase.migratedSchema();
        store = EventStore.open(TestDatabase.URL, schema);
    }

    @AfterEach
    void closeAndDrop() throws SQLException {
        store.close();
        TestDatabase.drop(schema);
    }

    @Test
    void givenNewConsumer_thenCheckpointIsZero() throws SQLException {
        assertThat(store.checkpoint(CONSUMER)).isZero();
    }

    @Test
    void givenBatch_whenAppended_thenEveryColumnStoredAndCheckpointMoved() throws SQLException {
        assertThat(store.append(CONSUMER, events(1, 3))).isEqualTo(3);

        assertThat(store.checkpoint(CONSUMER)).isEqualTo(3);
        assertThat(store.checkpoint("projections")).isZero();
        EventRecord third = events(3, 3).getFirst();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select event_id, stream_id, stream_version, type,"
                     + " payload = '" + third.payloadJson() + "'::jsonb, journal_index, event_time, correlation_id"
                     + " from " + schema.table("events") + " where global_sequence = 3")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("ev_3");
            assertThat(row.getString(2)).isEqualTo(third.streamId());
            assertThat(row.getLong(3)).isEqualTo(third.streamVersion());
            assertThat(row.getString(4)).isEqualTo("FundsHeld.v1");
            assertThat(row.getBoolean(5)).as("payload stored as equal jsonb").isTrue();
            assertThat(row.getLong(6)).isEqualTo(third.journalIndex());
            assertThat(row.getTimestamp(7).toInstant()).isEqualTo(Instant.ofEpochMilli(third.atMillis()));
            assertThat(row.getString(8)).as("null correlation id stays null").isNull();
        }
    }

    @Test
    void givenAwkwardText_whenAppended_thenStoredVerbatim() throws SQLException {
        String streamId = "tx_\"quoted\", {braced}\t\\back\nline é";
        EventRecord event = new EventRecord(1, "ev_1", streamId, 1, "FundsHeld.v1",
                "{\"note\":\"a \\\"b\\\" {c}, d\\\\e\"}", 1, -1, "NULL");

        store.append(CONSUMER, List.of(event));

        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select stream_id, payload->>'note', correlation_id, event_time"
                     + " from " + schema.table("events"))) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(streamId);
            assertThat(row.getString(2)).isEqualTo("a \"b\" {c}, d\\e");
            assertThat(row.getString(3)).as("the string NULL is not a null").isEqualTo("NULL");
            assertThat(row.getTimestamp(4).toInstant()).isEqualTo(Instant.ofEpochMilli(-1));
        }
    }

    @Test
    void givenStoredEvents_whenOverlappingBatchRedelivered_thenOnlyTheNewSuffixStored() throws SQLException {
        store.append(CONSUMER, events(1, 10));

        assertThat(store.append(CONSUMER, events(6, 15))).isEqualTo(5);

        assertThat(eventCount(schema)).isEqualTo(15);
        assertThat(store.checkpoint(CONSUMER)).isEqualTo(15);
        assertThat(queryLong("select sum(global_sequence) from " + schema.table("events"))).isEqualTo(120);
    }

    @Test
    void givenStoredEvents_whenSameBatchRedelivered_thenNothingChanges() throws SQLException {
        store.append(CONSUMER, events(1, 10));
        long updatedAt = checkpointUpdatedAtMicros();

        assertThat(store.append(CONSUMER, events(1, 10))).isZero();
        assertThat(store.append(CONSUMER, events(4, 7))).isZero();

        assertThat(eventCount(schema)).isEqualTo(10);
        assertThat(store.checkpoint(CONSUMER)).isEqualTo(10);
        assertThat(checkpointUpdatedAtMicros()).as("checkpoint row untouched").isEqualTo(updatedAt);
    }

    @Test
    void givenStoredEvents_whenBatchLeavesGap_thenRefusedAndNothingChanges() throws SQLException {
        store.append(CONSUMER, events(1, 10));

        assertThatThrownBy(() -> store.append(CONSUMER, events(12, 20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has stored through sequence 10 but the batch starts at 12");

        assertThat(eventCount(schema)).isEqualTo(10);
        assertThat(store.checkpoint(CONSUMER)).isEqualTo(10);
    }

    @Test
    void givenBatchAtTheLimit_thenStored_andOneMore_thenRefusedBeforeTheDatabase() throws SQLException {
        assertThatThrownBy(() -> store.append(CONSUMER, events(1, EventStore.BATCH_EVENTS_MAX + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit of 10000 events");
        assertThat(eventCount(schema)).isZero();

        assertThat(store.append(CONSUMER, events(1, EventStore.BATCH_EVENTS_MAX))).isEqualTo(10_000);
        assertThat(store.checkpoint(CONSUMER)).isEqualTo(10_000);
    }

    @Test
    void givenCheckpointWriteFails_whenAppending_thenNoEventIsStoredEither() throws SQLException {
        store.append(CONSUMER, events(1, 5));
        // Fault injection in the database: the checkpoint upsert, which runs after the events'
        // INSERT in the same transaction, now raises.
        execute("create function " + schema.table("refuse_checkpoint") + "() returns trigger language plpgsql"
                + " as $$ begin raise exception 'injected checkpoint failure'; end $$");
        execute("create trigger refuse_checkpoint before insert or update on " + schema.table("consumer_checkpoints")
                + " for each row execute function " + schema.table("refuse_checkpoint") + "()");

        assertThatThrownBy(() -> store.append(CONSUMER, events(6, 10)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("injected checkpoint failure");

        assertThat(eventCount(schema)).isEqualTo(5);
        assertThat(store.checkpoint(CONSUMER)).isEqualTo(5);
        execute("drop trigger refuse_checkpoint on " + schema.table("consumer_checkpoints"));
        assertThat(store.append(CONSUMER, events(6, 10))).as("the retry stores them once").isEqualTo(5);
        assertThat(eventCount(schema)).isEqualTo(10);
    }

    @Test
    void givenConnectionDiesBetweenEventsAndCheckpoint_thenNoEventIsStored() throws SQLException {
        // The server process ends itself at the moment the checkpoint is written: the events are
        // already inserted in that transaction, as in a crash after the write, before the checkpoint.
        execute("create function " + schema.table("die") + "() returns trigger language plpgsql"
                + " as $$ begin perform pg_terminate_backend(pg_backend_pid()); return new; end $$");
        execute("create trigger die before insert or update on " + schema.table("consumer_checkpoints")
                + " for each row execute function " + schema.table("die") + "()");

        assertThatThrownBy(() -> store.append(CONSUMER, events(1, 50))).isInstanceOf(SQLException.class);

        assertThat(eventCount(schema)).isZero();
        assertThat(store.checkpoint(CONSUMER)).isZero();
        execute("drop trigger die on " + schema.table("consumer_checkpoints"));
        assertThat(store.append(CONSUMER, events(1, 50))).as("the pool replaced the dead connection").isEqualTo(50);
    }

    @Test
    void givenInvalidJsonPayload_whenAppended_thenWholeBatchRefused() throws SQLException {
        List<EventRecord> batch = new java.util.ArrayList<>(events(1, 2));
        batch.add(new EventRecord(3, "ev_3", "tx_9", 1, "FundsHeld.v1", "{not json", 3, 0, null));

        assertThatThrownBy(() -> store.append(CONSUMER, batch)).isInstanceOf(SQLException.class)
                .hasMessageContaining("json");

        assertThat(eventCount(schema)).isZero();
        assertThat(store.checkpoint(CONSUMER)).isZero();
    }

    @Test
    void givenUnmigratedSchema_whenOpened_thenToldToMigrate() {
        Schema empty = TestDatabase.randomSchema();

        assertThatThrownBy(() -> EventStore.open(TestDatabase.URL, empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no event store; run the migrate command");
    }

    @Test
    void givenBadConsumerName_thenRefused() {
        assertThatThrownBy(() -> store.append("", events(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.checkpoint("c".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..200 characters");
    }

    private long checkpointUpdatedAtMicros() throws SQLException {
        return queryLong("select (extract(epoch from updated_at) * 1000000)::bigint from "
                + schema.table("consumer_checkpoints") + " where consumer = '" + CONSUMER + "'");
    }
}
