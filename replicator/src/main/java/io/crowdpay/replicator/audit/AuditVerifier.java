package io.crowdpay.replicator.audit;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditResult.Tampered;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recomputes the audit from the event store, as {@code audit verify} does: for each signed batch in
 * order, it checks the signature against the trusted keys, recomputes every event's leaf and chain
 * link and compares them with the stored chain (which names the first event that changed), then
 * recomputes the batch's Merkle root and head and compares them with the signed ones (which catches
 * a chain rewritten to match edited events). Events and links are streamed in sequence order, so
 * memory is one batch of leaves however long the store is.
 */
public final class AuditVerifier {

    private final Map<String, PublicKey> trustedKeys;

    /** @param trustedKeys public keys by key id; more than one while a key is being rotated out */
    public AuditVerifier(Map<String, PublicKey> trustedKeys) {
        this.trustedKeys = Map.copyOf(trustedKeys);
    }

    /**
     * @param events the event store's events, ordered by sequence
     * @param links  the stored chain links, ordered by sequence
     * @param roots  the signed roots, ordered by batch number
     */
    public AuditResult verify(Iterable<EventRecord> events, Iterable<ChainLink> links, List<SignedRoot> roots) {
        Walk walk = new Walk(events.iterator(), links.iterator());
        long expectedFirst = 1;
        for (int b = 0; b < roots.size(); b++) {
            SignedRoot root = roots.get(b);
            Optional<Tampered> found = checkFrame(root, b + 1, expectedFirst)
                    .or(() -> walk.batch(root));
            if (found.isPresent()) {
                return found.get();
            }
            expectedFirst = root.lastSequence() + 1;
        }
        return walk.tail().map(AuditResult.class::cast)
                .orElseGet(() -> new AuditResult.Intact(walk.sequence - 1 - walk.unsealed, roots.size(), walk.unsealed));
    }

    /** The batch is the next one, starts where the previous ended, and a trusted key signed it. */
    private Optional<Tampered> checkFrame(SignedRoot root, long expectedBatch, long expectedFirst) {
        if (root.batchNumber() != expectedBatch || root.firstSequence() != expectedFirst) {
            return tampered(expectedFirst, Tamper.GAP, "expected batch " + expectedBatch + " from event " + expectedFirst
                    + ", found batch " + root.batchNumber() + " covering " + root.firstSequence() + ".." + root.lastSequence());
        }
        PublicKey key = trustedKeys.get(root.keyId());
        if (key == null || !root.isSignedBy(key)) {
            return tampered(root.firstSequence(), Tamper.BAD_SIGNATURE, "batch " + root.batchNumber()
                    + (key == null ? " is signed by untrusted key " + root.keyId() : " has a signature that does not verify"));
        }
        return Optional.empty();
    }

    private static Optional<Tampered> tampered(long sequence, Tamper tamper, String detail) {
        return Optional.of(new Tampered(sequence, tamper, detail));
    }

    /** The position of the walk through the two streams: the next expected sequence and the head so far. */
    private static final class Walk {
        private final Peeking<EventRecord> events;
        private final Peeking<ChainLink> links;
        private long sequence = 1;
        private byte[] head = EventHash.genesisHead();
        private long unsealed;

        Walk(Iterator<EventRecord> events, Iterator<ChainLink> links) {
            this.events = new Peeking<>(events);
            this.links = new Peeking<>(links);
        }

        Optional<Tampered> batch(SignedRoot root) {
            List<byte[]> leaves = new ArrayList<>(root.leafCount());
            for (long s = root.firstSequence(); s <= root.lastSequence(); s++) {
                Optional<Tampered> found = step(true, leaves);
                if (found.isPresent()) {
                    return found;
                }
            }
            if (!Arrays.equals(MerkleTree.of(leaves).root(), root.merkleRoot()) || !Arrays.equals(head, root.chainHead())) {
                return tampered(root.firstSequence(), Tamper.ROOT_MISMATCH, "batch " + root.batchNumber()
                        + " matches its stored chain but not its signed root or head: events and chain were"
                        + " both rewritten from some event in " + root.firstSequence() + ".." + root.lastSequence());
            }
            return Optional.empty();
        }

        /** Events after the last signed root: in order, and matching their chain links where stored. */
        Optional<Tampered> tail() {
            while (events.peek() != null) {
                Optional<Tampered> found = step(links.peek() != null, null);
                if (found.isPresent()) {
                    return found;
                }
                unsealed++;
            }
            if (links.peek() != null) {
                return tampered(sequence, Tamper.MISSING_EVENT, "the chain covers event " + sequence
                        + " but the event store ends before it");
            }
            return Optional.empty();
        }

        /** Checks the event at {@link #sequence} against its link, extends the head, and moves on. */
        private Optional<Tampered> step(boolean linkRequired, List<byte[]> leaves) {
            EventRecord event = events.peek();
            if (event == null || event.sequence() > sequence) {
                return tampered(sequence, Tamper.MISSING_EVENT, "the event store has no event " + sequence);
            }
            if (event.sequence() < sequence) {
                return tampered(event.sequence(), Tamper.OUT_OF_ORDER, "event " + event.sequence()
                        + " is listed again after event " + (sequence - 1));
            }
            byte[] leaf = EventHash.leaf(events.next());
            byte[] nextHead = EventHash.chain(head, leaf);
            ChainLink link = links.peek() != null && links.peek().sequence() == sequence ? links.next() : null;
            if (link == null && linkRequired) {
                return tampered(sequence, Tamper.CHAIN_BREAK, "no chain link is stored for event " + sequence);
            }
            if (link != null && !link.leafHex().equals(Sha256.hex(leaf))) {
                return tampered(sequence, Tamper.LEAF_MISMATCH, "event " + sequence
                        + " hashes to " + Sha256.hex(leaf) + " but the chain stored " + link.leafHex());
            }
            if (link != null && !link.headHex().equals(Sha256.hex(nextHead))) {
                return tampered(sequence, Tamper.CHAIN_BREAK, "the chain head stored after event " + sequence
                        + " does not follow from the previous head and its leaf");
            }
            if (leaves != null) {
                leaves.add(leaf);
            }
            head = nextHead;
            sequence++;
            return Optional.empty();
        }
    }

    /** An iterator with one element of look-ahead, so two ordered streams can be walked in step. */
    private static final class Peeking<T> {
        private final Iterator<T> source;
        private T next;

        Peeking(Iterator<T> source) {
            this.source = source;
            this.next = source.hasNext() ? source.next() : null;
        }

        T peek() {
            return next;
        }

        T next() {
            T current = next;
            next = source.hasNext() ? source.next() : null;
            return current;
        }
    }
}
