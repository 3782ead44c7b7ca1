package io.crowdpay.replicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.audit.AuditFixtures.Audit;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditBatchesTest {

    private static final KeyPair KEYS = AuditKeys.generate();

    @Test
    void givenAPartialBatch_whenTheTimeBoundPasses_thenItIsDue() {
        AuditBatches batches = AuditBatches.fromGenesis(1_000, 60_000);
        batches.append(AuditFixtures.event(1), 5_000);

        assertThat(batches.isDue(64_999)).isFalse();
        assertThat(batches.isDue(65_000)).isTrue();
        assertThat(AuditBatches.fromGenesis(1_000, 60_000).isDue(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void givenAnEventOutOfSequence_thenRefused() {
        AuditBatches batches = AuditBatches.fromGenesis(1_000, 60_000);
        batches.append(AuditFixtures.event(1), 0);

        assertThatThrownBy(() -> batches.append(AuditFixtures.event(3), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenAFullBatch_thenAppendingIsRefusedUntilSealed() {
        AuditBatches batches = AuditBatches.fromGenesis(2, 60_000);
        batches.append(AuditFixtures.event(1), 0);
        batches.append(AuditFixtures.event(2), 0);

        assertThatThrownBy(() -> batches.append(AuditFixtures.event(3), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenARestartAfterTheLastSealedBatch_thenResumingGivesTheSameLinksAndRoots() {
        Audit straight = AuditFixtures.audit(AuditFixtures.events(250), 100, KEYS, true);
        AuditBatches resumed = AuditBatches.after(straight.roots().get(1), 100, 60_000);

        List<ChainLink> links = AuditFixtures.events(250).subList(200, 250).stream()
                .map(e -> resumed.append(e, 0)).toList();

        assertThat(links).isEqualTo(straight.links().subList(200, 250));
        assertThat(resumed.seal(new AuditSigner(KEYS))).isEqualTo(straight.roots().get(2));
    }

    @Test
    void aSealedRootProvesEachOfItsEvents() {
        Audit audit = AuditFixtures.audit(AuditFixtures.events(37), 16, KEYS, true);
        SignedRoot third = audit.roots().get(2);
        List<byte[]> leaves = audit.events().subList(32, 37).stream().map(EventHash::leaf).toList();
        MerkleTree tree = MerkleTree.of(leaves);

        for (int i = 0; i < leaves.size(); i++) {
            assertThat(MerkleTree.verify(leaves.get(i), i, third.leafCount(), tree.proof(i), third.merkleRoot())).isTrue();
        }
    }
}
