package io.crowdpay.replicator.audit;

import io.crowdpay.replicator.EventRecord;
import java.util.List;
import java.util.Objects;

/**
 * The read side of the audit trail: a transaction's events with their inclusion proofs and the
 * signed roots of their batches, so that anyone holding the auditor's public key can check that the
 * events they were shown are the ones the audit committed to, without trusting this service.
 *
 * <p>To check one event: recompute its leaf ({@link EventHash#leaf}) from the event's fields, check
 * it against {@link Inclusion#proofHex()} and the batch's {@link SignedRoot#merkleRootHex()} with
 * {@link MerkleTree#verify}, and check the root's signature ({@link SignedRoot#isSignedBy}).
 */
public interface AuditQueries {

    /**
     * Most events one answer lists. A transaction has a handful (initiated, held, legs, posted,
     * settled or failed); the bound only keeps a pathological stream from costing unbounded memory.
     */
    int EVENTS_MAX = 1_000;

    /**
     * The audit trail of one transaction: its events in the event store (stream id = transaction
     * id), in sequence order. An empty list when the store holds none yet (the event store consumer
     * may lag the engine by a bounded amount).
     *
     * @throws Unavailable when the store cannot be read (database down, not migrated)
     */
    TransactionAudit transaction(String transactionId) throws Unavailable;

    /**
     * @param events    at most {@link #EVENTS_MAX}, in sequence order
     * @param roots     the signed roots of the batches those events are sealed in, by batch number
     * @param truncated whether the transaction has more events than {@link #EVENTS_MAX}
     */
    record TransactionAudit(String transactionId, List<AuditedEvent> events, List<StoredRoot> roots, boolean truncated) {

        public TransactionAudit {
            Objects.requireNonNull(transactionId, "transactionId");
            events = List.copyOf(events);
            roots = List.copyOf(roots);
        }
    }

    /**
     * One event with its place in the audit.
     *
     * @param event        the event as the event store holds it
     * @param leafHex      its leaf hash: the stored one once sealed, else computed from the event now
     * @param chainHeadHex the chain head after it, or null while it is not sealed (links are stored
     *                     with the batch's root)
     * @param inclusion    its inclusion proof in its batch, or null while it is not sealed
     */
    record AuditedEvent(EventRecord event, String leafHex, String chainHeadHex, Inclusion inclusion) {

        public AuditedEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(leafHex, "leafHex");
            if ((chainHeadHex == null) != (inclusion == null)) {
                throw new IllegalArgumentException("a sealed event has both a chain head and an inclusion proof");
            }
        }

        public boolean sealed() {
            return inclusion != null;
        }
    }

    /**
     * Where a sealed event sits in its batch: RFC 6962 audit path of leaf {@code leafIndex} (from 0)
     * in a tree of {@code leafCount} leaves, sibling hashes in lowercase hex, nearest the leaf first.
     */
    record Inclusion(long batchNumber, int leafIndex, int leafCount, List<String> proofHex) {

        public Inclusion {
            if (leafIndex < 0 || leafIndex >= leafCount) {
                throw new IllegalArgumentException("leaf " + leafIndex + " is not in a batch of " + leafCount);
            }
            proofHex = List.copyOf(proofHex);
        }
    }

    /** The audit trail could not be read; the caller answers "unavailable, retry", never "absent". */
    final class Unavailable extends Exception {

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
