package io.crowdpay.replicator.audit.trail;

import static io.crowdpay.replicator.audit.trail.TrailFixtures.KEYS;
import static io.crowdpay.replicator.audit.trail.TrailFixtures.T0;
import static io.crowdpay.replicator.audit.trail.TrailFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditBatches;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.ChainLink;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.postgres.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit tables on the real PostgreSQL: one transaction per sealed batch, continuity, append-only. */
class AuditStoreTest {

    private Schema schema;
    private AuditStore store;
    private final AuditBatches batches = AuditBatches.fromGenesis(5, 60_000);
    private final AuditSigner signer = new AuditSigner(KEYS);
    private long next = 1;

    @BeforeEach
    void open() throws SQLException {
        schema = TrailFixtures.migratedSchema();
        store = AuditStore.open(TrailFixtures.URL, schema);
    }

    @AfterEach
    void drop() throws SQLException {
        store.close();
        TrailFixtures.drop(schema);
    }

    /** The next batch of {@code events} events, sealed by the pure auditor, with its links. */
    private record Sealed(StoredRoot root, List<ChainLink> links) {
    }

    private Sealed nextBatch(int events) {
        List<ChainLink> links = new ArrayList<>();
        for (EventRecord event : TrailFixtures.syntheticEvents(next, next + events - 1)) {
            links.add(batches.append(event, T0));
        }
        next += events;
        return new Sealed(new StoredRoot(batches.seal(signer), T0 + next), links);
    }

    @Test
    void givenNoBatch_thenNoRootIsTheCheckpoint() throws SQLException {
        assertThat(store.lastRoot()).isEmpty();
        assertThat(store.rootsAfter(0, 10)).isEmpty();
    }

    @Test
    void givenSealedBatches_whenRead_thenRootsComeBackExactlyWithTheirLinks() throws SQLException {
        Sealed first = nextBatch(5);
        Sealed second = nextBatch(3);
        store.seal(first.root(), first.links());
        store.seal(second.root(), second.links());

        assertThat(store.lastRoot()).contains(second.root());
        assertThat(store.root(1)).contains(first.root());
        assertThat(store.rootsAfter(0, 10)).containsExactly(first.root(), second.root());
        assertThat(store.rootsAfter(1, 10)).containsExactly(second.root());
        assertThat(store.rootsAfter(0, 1)).containsExactly(first.root());
        assertThat(queryLong("select count(*) from " + schema.name() + ".audit_links where batch_number = 2")).isEqualTo(3);
        assertThat(queryLong("select max(global_sequence) from " + schema.name() + ".audit_links")).isEqualTo(8);
    }

    @Test
    void givenARootThatSkipsABatch_whenSealed_thenRefusedAndNothingStored() throws SQLException {
        Sealed first = nextBatch(5);
        Sealed second = nextBatch(5);

        assertThatThrownBy(() -> store.seal(second.root(), second.links()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the stored audit ends at batch 0");
        assertThat(store.lastRoot()).isEmpty();
        assertThat(queryLong("select count(*) from " + schema.name() + ".audit_links")).isZero();
        store.seal(first.root(), first.links());
        assertThat(store.lastRoot()).contains(first.root());
    }

    @Test
    void givenTheSameBatchTwice_whenSealedAgain_thenRefusedAndTheFirstKept() throws SQLException {
        Sealed first = nextBatch(5);
        store.seal(first.root(), first.links());

        assertThatThrownBy(() -> store.seal(first.root(), first.links())).isInstanceOf(IllegalStateException.class);
        assertThat(store.rootsAfter(0, 10)).containsExactly(first.root());
        assertThat(queryLong("select count(*) from " + schema.name() + ".audit_links")).isEqualTo(5);
    }

    @Test
    void givenLinksThatDoNotFitTheRoot_whenSealed_thenRefusedBeforeAnySql() throws SQLException {
        Sealed first = nextBatch(5);

        assertThatThrownBy(() -> store.seal(first.root(), first.links().subList(0, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 leaves but 4 links");
        List<ChainLink> reordered = new ArrayList<>(first.links());
        reordered.set(0, first.links().get(1));
        assertThatThrownBy(() -> store.seal(first.root(), reordered)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.lastRoot()).isEmpty();
    }

    @Test
    void givenALinkTheDatabaseRefuses_whenSealed_thenTheRootIsRolledBackWithIt() throws SQLException {
        Sealed first = nextBatch(5);
        // A constraint that only event 3's link breaks: the root's INSERT succeeds, the links' fails.
        TrailFixtures.execute("alter table " + schema.name() + ".audit_links add constraint test_refuses_three"
                + " check (global_sequence <> 3)");

        assertThatThrownBy(() -> store.seal(first.root(), first.links())).isInstanceOf(SQLException.class)
                .hasMessageContaining("test_refuses_three");
        assertThat(store.lastRoot()).isEmpty();
        assertThat(queryLong("select count(*) from " + schema.name() + ".audit_links")).isZero();
    }

    @Test
    void givenStoredAudit_whenUpdatedOrDeleted_thenRefusedByTheDatabase() throws SQLException {
        Sealed first = nextBatch(5);
        store.seal(first.root(), first.links());
        String roots = schema.name() + ".audit_roots";
        String links = schema.name() + ".audit_links";

        for (String sql : List.of("update " + roots + " set key_id = 'forged'", "delete from " + roots,
                "truncate " + roots + " cascade", "update " + links + " set chain_head = leaf_hash",
                "delete from " + links + " where global_sequence = 3", "truncate " + links)) {
            assertThatThrownBy(() -> TrailFixtures.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is append-only")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23001"));
        }
        assertThat(store.rootsAfter(0, 10)).containsExactly(first.root());
        assertThat(queryLong("select count(*) from " + links)).isEqualTo(5);
    }

    @Test
    void givenAStoredRoot_thenItsSignatureVerifiesWithThePublicKey() throws SQLException {
        Sealed first = nextBatch(5);
        store.seal(first.root(), first.links());

        SignedRoot read = store.lastRoot().orElseThrow().root();
        assertThat(read.isSignedBy(KEYS.getPublic())).isTrue();
        assertThat(read.leafCount()).isEqualTo(5);
        assertThat(store.lastRoot().orElseThrow().signedAtMillis()).isEqualTo(T0 + 6);
    }
}
