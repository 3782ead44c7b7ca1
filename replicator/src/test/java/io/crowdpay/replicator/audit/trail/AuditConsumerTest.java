package io.crowdpay.replicator.audit.trail;

import static io.crowdpay.replicator.audit.trail.TrailFixtures.KEYS;
import static io.crowdpay.replicator.audit.trail.TrailFixtures.T0;
import static io.crowdpay.replicator.audit.trail.TrailFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditBatches;
import io.crowdpay.replicator.audit.AuditKeys;
import io.crowdpay.replicator.audit.AuditResult;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.AuditVerifier;
import io.crowdpay.replicator.audit.MerkleTree;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.Schema;
import java.security.KeyPair;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit consumer on the real PostgreSQL, driven as the runner drives it: checkpoint, deliver, tick. */
class AuditConsumerTest {

    /** A time bound far beyond any test's clock, so only a full batch seals unless a test moves the clock. */
    private static final AuditConsumer.Settings FULL_ONLY = AuditConsumer.Settings.DEFAULTS;
    private static final AuditConsumer.Settings SMALL = AuditConsumer.Settings.DEFAULTS.withBatchEventsMax(4)
            .withPartialBatchMillisMax(200);

    private final AtomicLong clock = new AtomicLong(T0);
    private Schema schema;

    @BeforeEach
    void migrate() {
        schema = TrailFixtures.migratedSchema();
    }

    @AfterEach
    void drop() throws SQLException {
        TrailFixtures.drop(schema);
    }

    private AuditConsumer consumer(AuditConsumer.Settings settings, KeyPair keys) throws SQLException {
        return new AuditConsumer(AuditStore.open(TrailFixtures.URL, schema), new AuditSigner(keys), null, settings, clock::get);
    }

    private List<StoredRoot> roots() throws SQLException {
        try (AuditStore store = AuditStore.open(TrailFixtures.URL, schema)) {
            return store.rootsAfter(0, 1_000);
        }
    }

    private long links() throws SQLException {
        return queryLong("select count(*) from " + schema.name() + ".audit_links");
    }

    @Test
    void givenTenThousandAndThreeEvents_whenDelivered_thenOneFullBatchIsSealedAndThreeStayOpen() throws SQLException {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 10_003);
        try (AuditConsumer audit = consumer(FULL_ONLY, KEYS)) {
            assertThat(audit.checkpoint()).isZero();

            assertThat(audit.deliver(events.subList(0, 9_999))).isZero();
            assertThat(audit.deliver(events.subList(9_999, 10_003))).isEqualTo(10_000);

            assertThat(audit.openEvents()).isEqualTo(3);
            assertThat(audit.tick(clock.get() + 1_000)).isEqualTo(10_000);
        }
        List<StoredRoot> roots = roots();
        assertThat(roots).hasSize(1);
        SignedRoot root = roots.getFirst().root();
        assertThat(List.of(root.batchNumber(), root.firstSequence(), root.lastSequence())).containsExactly(1L, 1L, 10_000L);
        assertThat(root.leafCount()).isEqualTo(MerkleTree.BATCH_EVENTS_MAX);
        assertThat(root.isSignedBy(KEYS.getPublic())).isTrue();
        assertThat(links()).isEqualTo(10_000);
    }

    @Test
    void givenAPartialBatch_whenItsTimeBoundPasses_thenTheNextTickSealsIt() throws SQLException {
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            audit.deliver(TrailFixtures.syntheticEvents(1, 2));

            assertThat(audit.tick(T0 + 199)).isZero();
            assertThat(roots()).isEmpty();
            assertThat(audit.tick(T0 + 200)).isEqualTo(2);
        }
        assertThat(roots()).extracting(r -> r.root().leafCount()).containsExactly(2);
        assertThat(roots().getFirst().signedAtMillis()).isEqualTo(T0 + 200);
    }

    @Test
    void givenNoOpenEvents_whenTimePasses_thenNothingIsSealed() throws SQLException {
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            assertThat(audit.tick(T0 + 1_000_000)).isZero();
        }
        assertThat(roots()).isEmpty();
    }

    @Test
    void givenAnOpenBatch_whenCheckpointIsCalled_thenItIsDroppedAndTheRedeliveryGivesTheSameRoots() throws SQLException {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 7);
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            assertThat(audit.deliver(events.subList(0, 6))).isEqualTo(4);
            assertThat(audit.openEvents()).isEqualTo(2);

            assertThat(audit.checkpoint()).isEqualTo(4);
            assertThat(audit.openEvents()).isZero();
            assertThat(audit.deliver(events.subList(4, 7))).isEqualTo(4);
            assertThat(audit.tick(clock.get() + 200)).isEqualTo(7);
        }
        // An auditor that never dropped anything computes the very same roots (Ed25519 is deterministic).
        AuditBatches uninterrupted = AuditBatches.fromGenesis(4, 200);
        AuditSigner signer = new AuditSigner(KEYS);
        events.subList(0, 4).forEach(event -> uninterrupted.append(event, T0));
        SignedRoot first = uninterrupted.seal(signer);
        events.subList(4, 7).forEach(event -> uninterrupted.append(event, T0));
        SignedRoot second = uninterrupted.seal(signer);
        assertThat(roots()).extracting(StoredRoot::root).containsExactly(first, second);
        assertThat(links()).isEqualTo(7);
    }

    @Test
    void givenASealedBatch_whenTheProcessRestartsAndEverythingIsRedelivered_thenNothingChanges() throws SQLException {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 10);
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            audit.deliver(events); // seals 1..4 and 5..8; the runner crashes before it learns the checkpoint
        }
        List<StoredRoot> before = roots();
        assertThat(before).hasSize(2);

        try (AuditConsumer restarted = consumer(SMALL, KEYS)) {
            assertThat(restarted.checkpoint()).isEqualTo(8);
            assertThat(restarted.deliver(events)).isEqualTo(8); // the runner redelivers from its own older position
            assertThat(restarted.openEvents()).isEqualTo(2);
        }
        assertThat(roots()).isEqualTo(before);
        assertThat(links()).isEqualTo(8);
    }

    @Test
    void givenBatchesAcrossARestartAndANewKey_thenTheChainContinuesAndVerifies() throws SQLException {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 11);
        KeyPair rotated = AuditKeys.generate();
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            audit.deliver(events.subList(0, 6));
        }
        try (AuditConsumer restarted = consumer(SMALL, rotated)) {
            assertThat(restarted.checkpoint()).isEqualTo(4);
            restarted.deliver(events.subList(4, 11));
            restarted.tick(clock.get() + 200);
        }
        List<StoredRoot> roots = roots();
        assertThat(roots).extracting(r -> r.root().lastSequence()).containsExactly(4L, 8L, 11L);
        assertThat(roots.getFirst().root().isSignedBy(KEYS.getPublic())).isTrue();
        assertThat(roots.get(1).root().isSignedBy(rotated.getPublic())).isTrue();

        TrailFixtures.storeEvents(schema, events);
        AuditVerifier verifier = new AuditVerifier(Map.of(AuditKeys.keyId(KEYS.getPublic()), KEYS.getPublic(),
                AuditKeys.keyId(rotated.getPublic()), rotated.getPublic()));
        try (StoredAudit stored = StoredAudit.open(TrailFixtures.URL, schema)) {
            assertThat(stored.verify(verifier, n -> { })).isEqualTo(new AuditResult.Intact(11, 3, 0));
        }
    }

    @Test
    void givenAGapInTheDeliveredEvents_whenDelivered_thenRefusedAndTheConsumerNeedsACheckpoint() throws SQLException {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 6);
        try (AuditConsumer audit = consumer(SMALL, KEYS)) {
            audit.checkpoint();
            audit.deliver(events.subList(0, 2));

            assertThatThrownBy(() -> audit.deliver(events.subList(3, 6)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected event 3, got 4");
            assertThatThrownBy(() -> audit.tick(clock.get())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("checkpoint()");
            assertThat(audit.checkpoint()).isZero();
            assertThat(audit.deliver(events)).isEqualTo(4);
        }
    }

    @Test
    void givenARealEngineRun_whenAuditedAndStored_thenTheWholeStoreVerifies() throws SQLException {
        List<EventRecord> events = TrailFixtures.engineEvents(30);
        assertThat(events).anyMatch(e -> e.streamId().equals("tx_pay_30") && e.type().equals("TransactionSettled.v1"));
        try (AuditConsumer audit = consumer(SMALL.withBatchEventsMax(50), KEYS)) {
            audit.checkpoint();
            audit.deliver(events);
        }
        TrailFixtures.storeEvents(schema, events);
        AuditVerifier verifier = new AuditVerifier(Map.of(AuditKeys.keyId(KEYS.getPublic()), KEYS.getPublic()));
        long sealed = events.size() / 50 * 50;
        try (StoredAudit stored = StoredAudit.open(TrailFixtures.URL, schema)) {
            assertThat(stored.verify(verifier, n -> { }))
                    .isEqualTo(new AuditResult.Intact(sealed, sealed / 50, events.size() - sealed));
        }
    }
}
