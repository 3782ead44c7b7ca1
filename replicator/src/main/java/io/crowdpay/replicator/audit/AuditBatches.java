package io.crowdpay.replicator.audit;

import io.crowdpay.replicator.EventRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The auditor's running state, without storage or clock: it chains each event as it arrives, keeps
 * the open batch's leaves, and seals the batch into a {@link SignedRoot} when it is full or has been
 * open for {@code partialBatchMillisMax}. The integrator stores each {@link ChainLink} and each
 * signed root with its checkpoint, and on restart resumes from the last sealed batch (re-appending
 * the events of the open batch, which gives the same links again).
 */
public final class AuditBatches {

    private final int batchEventsMax;
    private final long partialBatchMillisMax;
    private final List<byte[]> openLeaves = new ArrayList<>();
    private long lastBatchNumber;
    private long nextSequence;
    private byte[] head;
    private long openedAtMillis;

    private AuditBatches(int batchEventsMax, long partialBatchMillisMax, long lastBatchNumber, long nextSequence, byte[] head) {
        if (batchEventsMax < 1 || batchEventsMax > MerkleTree.BATCH_EVENTS_MAX || partialBatchMillisMax < 1) {
            throw new IllegalArgumentException("a batch holds 1.." + MerkleTree.BATCH_EVENTS_MAX
                    + " events and waits at least 1 ms");
        }
        this.batchEventsMax = batchEventsMax;
        this.partialBatchMillisMax = partialBatchMillisMax;
        this.lastBatchNumber = lastBatchNumber;
        this.nextSequence = nextSequence;
        this.head = head.clone();
    }

    /** A fresh audit from sequence 1 and the genesis head, with the production limits. */
    public static AuditBatches fromGenesis() {
        return fromGenesis(MerkleTree.BATCH_EVENTS_MAX, MerkleTree.PARTIAL_BATCH_MILLIS_MAX);
    }

    /** A fresh audit with smaller limits, which tests use to cross batch boundaries quickly. */
    public static AuditBatches fromGenesis(int batchEventsMax, long partialBatchMillisMax) {
        return new AuditBatches(batchEventsMax, partialBatchMillisMax, 0, 1, EventHash.genesisHead());
    }

    /** Resumes after the last sealed batch, whose chain head is where the next event links on. */
    public static AuditBatches after(SignedRoot lastSealed, int batchEventsMax, long partialBatchMillisMax) {
        return new AuditBatches(batchEventsMax, partialBatchMillisMax, lastSealed.batchNumber(),
                lastSealed.lastSequence() + 1, lastSealed.chainHead());
    }

    /**
     * Chains the next event into the open batch. Refuses an event out of sequence or a full batch:
     * either means the caller lost track, and an audit that skipped an event must stop, not drift.
     */
    public ChainLink append(EventRecord event, long nowMillis) {
        if (event.sequence() != nextSequence) {
            throw new IllegalStateException("expected event " + nextSequence + ", got " + event.sequence());
        }
        if (openLeaves.size() >= batchEventsMax) {
            throw new IllegalStateException("batch is full: seal it before appending event " + event.sequence());
        }
        if (openLeaves.isEmpty()) {
            openedAtMillis = nowMillis;
        }
        byte[] leaf = EventHash.leaf(event);
        head = EventHash.chain(head, leaf);
        openLeaves.add(leaf);
        nextSequence++;
        return ChainLink.of(event.sequence(), leaf, head);
    }

    /** Whether the open batch must be sealed now: full, or open for the time bound. */
    public boolean isDue(long nowMillis) {
        return openLeaves.size() >= batchEventsMax
                || (!openLeaves.isEmpty() && nowMillis - openedAtMillis >= partialBatchMillisMax);
    }

    public int openEvents() {
        return openLeaves.size();
    }

    /** Seals the open batch: its Merkle root and the chain head after it, signed. */
    public SignedRoot seal(AuditSigner signer) {
        if (openLeaves.isEmpty()) {
            throw new IllegalStateException("no events to seal");
        }
        long last = nextSequence - 1;
        long first = last - openLeaves.size() + 1;
        SignedRoot root = signer.sign(lastBatchNumber + 1, first, last, MerkleTree.of(openLeaves).root(), head);
        lastBatchNumber++;
        openLeaves.clear();
        return root;
    }
}
