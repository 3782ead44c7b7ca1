package io.crowdpay.replicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditFixtures.Audit;
import io.crowdpay.replicator.audit.AuditResult.Tampered;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {

    private static final KeyPair KEYS = AuditKeys.generate();
    private static final KeyPair MALLORY = AuditKeys.generate();
    private static final AuditVerifier VERIFIER = new AuditVerifier(Map.of(AuditKeys.keyId(KEYS.getPublic()), KEYS.getPublic()));

    /** 2,500 events in batches of 1,000: two full batches and a partial one. */
    private static Audit honestRun() {
        return AuditFixtures.audit(AuditFixtures.events(2_500), 1_000, KEYS, true);
    }

    private static AuditResult verify(Audit audit) {
        return VERIFIER.verify(audit.events(), audit.links(), audit.roots());
    }

    @Test
    void givenAnUntamperedRun_whenVerified_thenIntactWithCounts() {
        Audit audit = honestRun();

        assertThat(audit.roots()).extracting(SignedRoot::leafCount).containsExactly(1_000, 1_000, 500);
        assertThat(verify(audit)).isEqualTo(new AuditResult.Intact(2_500, 3, 0));
    }

    @Test
    void givenAnOpenBatch_whenVerified_thenItsEventsAreCountedAsUnsealed() {
        Audit audit = AuditFixtures.audit(AuditFixtures.events(2_500), 1_000, KEYS, false);

        assertThat(verify(audit)).isEqualTo(new AuditResult.Intact(2_000, 2, 500));
    }

    @Test
    void givenAnEditedPayload_thenThatEventIsNamed() {
        Audit audit = honestRun();
        EventRecord e = audit.events().get(1_499);
        audit.events().set(1_499, withPayload(e, e.payloadJson().replace("1500.00", "9500.00")));

        assertTampered(verify(audit), 1_500, Tamper.LEAF_MISMATCH);
    }

    @Test
    void givenARemovedEvent_thenItIsNamedMissing() {
        Audit audit = honestRun();
        audit.events().remove(1_233);

        assertTampered(verify(audit), 1_234, Tamper.MISSING_EVENT);
    }

    @Test
    void givenTheLastEventsTruncated_thenTheFirstMissingIsNamed() {
        Audit audit = honestRun();
        audit.events().subList(2_400, 2_500).clear();

        assertTampered(verify(audit), 2_401, Tamper.MISSING_EVENT);
    }

    @Test
    void givenTwoEventsSwapped_thenTheEarlierIsNamed() {
        // The two rows exchange their sequence numbers; the store still lists them by sequence.
        Audit audit = honestRun();
        EventRecord a = audit.events().get(699);
        EventRecord b = audit.events().get(700);
        audit.events().set(699, withSequence(b, a.sequence()));
        audit.events().set(700, withSequence(a, b.sequence()));

        assertTampered(verify(audit), 700, Tamper.LEAF_MISMATCH);
    }

    @Test
    void givenAnEventListedTwice_thenOutOfOrder() {
        Audit audit = honestRun();
        audit.events().add(900, audit.events().get(899));

        assertTampered(verify(audit), 900, Tamper.OUT_OF_ORDER);
    }

    @Test
    void givenARootReSignedWithAnotherKey_thenBadSignatureAtItsFirstEvent() {
        Audit audit = honestRun();
        SignedRoot root = audit.roots().get(1);
        audit.roots().set(1, new AuditSigner(MALLORY).sign(root.batchNumber(), root.firstSequence(), root.lastSequence(),
                root.merkleRoot(), root.chainHead()));

        assertTampered(verify(audit), 1_001, Tamper.BAD_SIGNATURE);
    }

    @Test
    void givenEventsEditedAndTheWholeAuditRewrittenWithAnotherKey_thenBadSignatureAtTheFirstRewrittenBatch() {
        Audit honest = honestRun();
        List<EventRecord> events = new ArrayList<>(honest.events());
        events.set(1_799, withPayload(events.get(1_799), "{}"));
        Audit forged = AuditFixtures.audit(events, 1_000, MALLORY, true);
        List<SignedRoot> roots = new ArrayList<>(honest.roots().subList(0, 1));
        roots.addAll(forged.roots().subList(1, 3));

        assertTampered(VERIFIER.verify(events, forged.links(), roots), 1_001, Tamper.BAD_SIGNATURE);
    }

    @Test
    void givenAnEventEditedAndItsChainRewritten_thenRootMismatchNamesTheBatch() {
        Audit honest = honestRun();
        List<EventRecord> events = new ArrayList<>(honest.events());
        events.set(1_799, withPayload(events.get(1_799), "{}"));
        Audit rewritten = AuditFixtures.audit(events, 1_000, KEYS, true);

        assertTampered(VERIFIER.verify(events, rewritten.links(), honest.roots()), 1_001, Tamper.ROOT_MISMATCH);
    }

    @Test
    void givenAStoredChainHeadEdited_thenChainBreak() {
        Audit audit = honestRun();
        ChainLink link = audit.links().get(41);
        audit.links().set(41, new ChainLink(link.sequence(), link.leafHex(), audit.links().get(40).headHex()));

        assertTampered(verify(audit), 42, Tamper.CHAIN_BREAK);
    }

    @Test
    void givenAStoredChainLinkDeleted_thenChainBreakAtItsEvent() {
        Audit audit = honestRun();
        audit.links().remove(1_999);

        assertTampered(verify(audit), 2_000, Tamper.CHAIN_BREAK);
    }

    @Test
    void givenARootRemoved_thenGapAtItsFirstEvent() {
        Audit audit = honestRun();
        audit.roots().remove(1);

        assertTampered(verify(audit), 1_001, Tamper.GAP);
    }

    @Test
    void givenASignatureWithABitFlipped_thenBadSignature() {
        Audit audit = honestRun();
        SignedRoot r = audit.roots().get(2);
        char last = r.signature().charAt(0);
        String flipped = (last == 'A' ? 'B' : 'A') + r.signature().substring(1);
        audit.roots().set(2, new SignedRoot(r.batchNumber(), r.firstSequence(), r.lastSequence(), r.leafCount(),
                r.merkleRootHex(), r.chainHeadHex(), r.keyId(), flipped));

        assertTampered(verify(audit), 2_001, Tamper.BAD_SIGNATURE);
    }

    @Test
    void theFirstOfSeveralTamperedEventsIsNamed() {
        Audit audit = honestRun();
        audit.events().remove(2_100);
        audit.events().remove(300);

        assertTampered(verify(audit), 301, Tamper.MISSING_EVENT);
    }

    private static void assertTampered(AuditResult result, long sequence, Tamper tamper) {
        assertThat(result).isInstanceOf(Tampered.class);
        Tampered tampered = (Tampered) result;
        assertThat(tampered.sequence()).as(tampered.detail()).isEqualTo(sequence);
        assertThat(tampered.tamper()).as(tampered.detail()).isEqualTo(tamper);
    }

    private static EventRecord withPayload(EventRecord e, String payloadJson) {
        return new EventRecord(e.sequence(), e.eventId(), e.streamId(), e.streamVersion(), e.type(), payloadJson,
                e.journalIndex(), e.atMillis(), e.correlationId());
    }

    private static EventRecord withSequence(EventRecord e, long sequence) {
        return new EventRecord(sequence, e.eventId(), e.streamId(), e.streamVersion(), e.type(), e.payloadJson(),
                e.journalIndex(), e.atMillis(), e.correlationId());
    }
}
