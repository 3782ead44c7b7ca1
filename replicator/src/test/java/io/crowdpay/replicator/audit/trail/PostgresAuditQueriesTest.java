package io.crowdpay.replicator.audit.trail;

import static io.crowdpay.replicator.audit.trail.TrailFixtures.KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditQueries.AuditedEvent;
import io.crowdpay.replicator.audit.AuditQueries.TransactionAudit;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.EventHash;
import io.crowdpay.replicator.audit.MerkleTree;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proof endpoint's query on the real PostgreSQL: every sealed event's proof checks against its
 * signed root from the event's own fields alone, as an outside auditor would check it.
 */
class PostgresAuditQueriesTest {

    private static final HexFormat HEX = HexFormat.of();

    private Schema schema;
    private List<EventRecord> events;
    private PostgresAuditQueries queries;

    /** A real run of 12 transfers, stored and audited in batches of 16: the last transfers stay unsealed. */
    @BeforeEach
    void auditARealRun() throws SQLException {
        schema = TrailFixtures.migratedSchema();
        events = TrailFixtures.engineEvents(12);
        TrailFixtures.storeEvents(schema, events);
        try (AuditConsumer audit = new AuditConsumer(AuditStore.open(TrailFixtures.URL, schema), new AuditSigner(KEYS), null,
                AuditConsumer.Settings.DEFAULTS.withBatchEventsMax(16), () -> TrailFixtures.T0)) {
            audit.checkpoint();
            audit.deliver(events);
        }
        queries = PostgresAuditQueries.open(TrailFixtures.URL, schema);
    }

    @AfterEach
    void drop() throws SQLException {
        queries.close();
        TrailFixtures.drop(schema);
    }

    private List<EventRecord> eventsOf(String transactionId) {
        return events.stream().filter(e -> e.streamId().equals(transactionId)).toList();
    }

    @Test
    void givenASealedTransaction_whenQueried_thenEachEventsProofChecksAgainstItsSignedRoot() throws Exception {
        TransactionAudit audit = queries.transaction("tx_pay_1");

        assertThat(audit.events()).extracting(AuditedEvent::event).isEqualTo(eventsOf("tx_pay_1"));
        assertThat(audit.events()).allMatch(AuditedEvent::sealed);
        assertThat(audit.truncated()).isFalse();
        for (AuditedEvent audited : audit.events()) {
            StoredRoot root = audit.roots().stream().filter(r -> r.batchNumber() == audited.inclusion().batchNumber())
                    .findFirst().orElseThrow();
            byte[] leaf = EventHash.leaf(audited.event());
            assertThat(audited.leafHex()).isEqualTo(HEX.formatHex(leaf));
            assertThat(audited.inclusion().leafIndex()).isEqualTo(audited.event().sequence() - root.root().firstSequence());
            assertThat(MerkleTree.verify(leaf, audited.inclusion().leafIndex(), audited.inclusion().leafCount(),
                    audited.inclusion().proofHex().stream().map(HEX::parseHex).toList(), root.root().merkleRoot())).isTrue();
            assertThat(root.root().isSignedBy(KEYS.getPublic())).isTrue();
        }
        assertThat(audit.roots()).extracting(StoredRoot::batchNumber).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void givenAProofOfAnotherEvent_thenItDoesNotCheck() throws Exception {
        TransactionAudit audit = queries.transaction("tx_pay_1");
        AuditedEvent first = audit.events().get(0);
        AuditedEvent second = audit.events().get(1);
        StoredRoot root = audit.roots().getFirst();

        assertThat(MerkleTree.verify(EventHash.leaf(second.event()), first.inclusion().leafIndex(), first.inclusion().leafCount(),
                first.inclusion().proofHex().stream().map(HEX::parseHex).toList(), root.root().merkleRoot())).isFalse();
    }

    @Test
    void givenEventsAfterTheLastSealedBatch_whenQueried_thenTheyAreMarkedUnsealedWithTheirLeaf() throws Exception {
        EventRecord last = events.getLast();
        TransactionAudit audit = queries.transaction(last.streamId());

        AuditedEvent unsealed = audit.events().getLast();
        assertThat(unsealed.event()).isEqualTo(last);
        assertThat(unsealed.sealed()).isFalse();
        assertThat(unsealed.chainHeadHex()).isNull();
        assertThat(unsealed.leafHex()).isEqualTo(HEX.formatHex(EventHash.leaf(last)));
    }

    @Test
    void givenAnUnknownTransaction_whenQueried_thenNoEventsAndNoRoots() throws Exception {
        TransactionAudit audit = queries.transaction("tx_nobody");

        assertThat(audit.events()).isEmpty();
        assertThat(audit.roots()).isEmpty();
    }

    @Test
    void givenTheDatabaseGone_whenQueried_thenUnavailableNotEmpty() throws Exception {
        queries.close();

        assertThatThrownBy(() -> queries.transaction("tx_pay_1"))
                .isInstanceOf(io.crowdpay.replicator.audit.AuditQueries.Unavailable.class);
        queries = PostgresAuditQueries.open(TrailFixtures.URL, schema);
    }
}
