package io.crowdpay.replicator.audit;

import io.crowdpay.replicator.EventRecord;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/** A synthetic event store and the audit an honest auditor would have written for it. */
final class AuditFixtures {

    static final long T0 = 1_767_225_600_000L;

    private AuditFixtures() {
    }

    static EventRecord event(long sequence) {
        String payload = "{\"amount\":{\"currency\":\"EUR\",\"value\":\"" + sequence + ".00\"},\"at_ms\":" + (T0 + sequence)
                + ",\"transaction_id\":\"tx_" + (sequence / 4) + "\"}";
        return new EventRecord(sequence, EventRecord.idFor(sequence), "tx_" + (sequence / 4), sequence % 4 + 1,
                "FundsHeld.v1", payload, sequence / 4, T0 + sequence, sequence % 3 == 0 ? null : "corr-" + sequence);
    }

    static List<EventRecord> events(int count) {
        List<EventRecord> events = new ArrayList<>(count);
        for (long s = 1; s <= count; s++) {
            events.add(event(s));
        }
        return events;
    }

    /** What the auditor stored: one chain link per event and the signed roots of the sealed batches. */
    record Audit(List<EventRecord> events, List<ChainLink> links, List<SignedRoot> roots) {
    }

    /**
     * Audits {@code events} in batches of at most {@code batchEventsMax}, one millisecond of auditor
     * clock per event, sealing the last partial batch only if {@code sealTail}.
     */
    static Audit audit(List<EventRecord> events, int batchEventsMax, KeyPair keys, boolean sealTail) {
        AuditBatches batches = AuditBatches.fromGenesis(batchEventsMax, 60_000);
        AuditSigner signer = new AuditSigner(keys);
        List<ChainLink> links = new ArrayList<>();
        List<SignedRoot> roots = new ArrayList<>();
        long now = T0;
        for (EventRecord event : events) {
            links.add(batches.append(event, now++));
            if (batches.isDue(now)) {
                roots.add(batches.seal(signer));
            }
        }
        if (sealTail && batches.openEvents() > 0) {
            roots.add(batches.seal(signer));
        }
        return new Audit(new ArrayList<>(events), links, roots);
    }
}
