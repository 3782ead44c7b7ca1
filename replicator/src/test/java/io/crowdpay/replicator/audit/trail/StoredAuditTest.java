package io.crowdpay.replicator.audit.trail;

import static io.crowdpay.replicator.audit.trail.TrailFixtures.KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditKeys;
import io.crowdpay.replicator.audit.AuditResult;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.AuditVerifier;
import io.crowdpay.replicator.audit.Tamper;
import io.crowdpay.replicator.postgres.Migrations;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code audit verify}'s reading of the real PostgreSQL: the events come back exactly as they were
 * hashed, and a row altered behind the append-only trigger is named, and only that one.
 */
class StoredAuditTest {

    private static final AuditVerifier VERIFIER = new AuditVerifier(Map.of(AuditKeys.keyId(KEYS.getPublic()), KEYS.getPublic()));

    private Schema schema;
    private List<EventRecord> events;

    /** A real engine run, stored and audited in batches of 20; the tail after the last full batch stays open. */
    @BeforeEach
    void auditARealRun() throws SQLException {
        schema = TrailFixtures.migratedSchema();
        events = TrailFixtures.engineEvents(20);
        TrailFixtures.storeEvents(schema, events);
        try (AuditConsumer audit = new AuditConsumer(AuditStore.open(TrailFixtures.URL, schema), new AuditSigner(KEYS), null,
                AuditConsumer.Settings.DEFAULTS.withBatchEventsMax(20), () -> TrailFixtures.T0)) {
            audit.checkpoint();
            audit.deliver(events);
        }
    }

    @AfterEach
    void drop() throws SQLException {
        TrailFixtures.drop(schema);
    }

    private AuditResult verify() throws SQLException {
        try (StoredAudit stored = StoredAudit.open(TrailFixtures.URL, schema)) {
            return stored.verify(VERIFIER, n -> { });
        }
    }

    @Test
    void givenStoredEvents_whenReadBack_thenTheyEqualTheRecordsThatWereHashed() throws SQLException {
        List<EventRecord> read = new ArrayList<>();
        try (var connection = TrailFixtures.connect();
             var select = connection.prepareStatement("select " + AuditRows.EVENT_COLUMNS + " from " + schema.name()
                     + ".events e order by e.global_sequence");
             var row = select.executeQuery()) {
            while (row.next()) {
                read.add(AuditRows.event(row, 1));
            }
        }
        // jsonb reorders keys and adds spaces; the reader must give back the canonical text byte for byte.
        assertThat(TrailFixtures.queryLong("select count(*) from " + schema.name() + ".events where payload::text like '%: %'"))
                .isEqualTo(events.size());
        assertThat(read).isEqualTo(events);
    }

    @Test
    void givenAnUntouchedStore_whenVerified_thenIntactWithTheOpenTailCounted() throws SQLException {
        long sealed = events.size() / 20 * 20;
        assertThat(verify()).isEqualTo(new AuditResult.Intact(sealed, sealed / 20, events.size() - sealed));
    }

    @Test
    void givenATamperedPayload_whenVerified_thenExactlyThatEventIsNamed() throws SQLException {
        EventRecord target = events.stream().filter(e -> e.streamId().equals("tx_pay_7") && e.type().equals("Posted.v1"))
                .findFirst().orElseThrow();
        TrailFixtures.tamperPayload(schema, target.sequence(), "{amount,value}", "\"900.00\"");

        AuditResult result = verify();
        assertThat(result).isInstanceOfSatisfying(AuditResult.Tampered.class, t -> {
            assertThat(t.sequence()).isEqualTo(target.sequence());
            assertThat(t.tamper()).isEqualTo(Tamper.LEAF_MISMATCH);
        });
        try (StoredAudit stored = StoredAudit.open(TrailFixtures.URL, schema)) {
            assertThat(stored.eventType(target.sequence())).contains("Posted.v1");
            assertThat(stored.eventType(1_000_000)).isEmpty();
        }
    }

    @Test
    void givenADeletedEvent_whenVerified_thenItIsNamedAsMissing() throws SQLException {
        TrailFixtures.execute("alter table " + schema.name() + ".events disable trigger events_append_only");
        TrailFixtures.execute("delete from " + schema.name() + ".events where global_sequence = 5");
        TrailFixtures.execute("alter table " + schema.name() + ".events enable trigger events_append_only");

        assertThat(verify()).isInstanceOfSatisfying(AuditResult.Tampered.class, t -> {
            assertThat(t.sequence()).isEqualTo(5);
            assertThat(t.tamper()).isEqualTo(Tamper.MISSING_EVENT);
        });
    }

    @Test
    void givenASchemaWithoutTheAuditTables_whenOpened_thenRefusedAsNotMigrated() throws SQLException {
        Schema empty = new Schema(schema.name() + "_x");
        TrailFixtures.execute("create schema " + empty.name());
        try {
            assertThatThrownBy(() -> StoredAudit.open(TrailFixtures.URL, empty))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no audit trail tables");
            Migrations.migrate(TrailFixtures.URL, empty);
            try (StoredAudit stored = StoredAudit.open(TrailFixtures.URL, empty)) {
                assertThat(stored.verify(VERIFIER, n -> { })).isEqualTo(new AuditResult.Intact(0, 0, 0));
            }
        } finally {
            TrailFixtures.drop(empty);
        }
    }
}
