package io.crowdpay.replicator.audit;

import io.crowdpay.replicator.EventRecord;

/**
 * The audit's hashes of one event: its canonical encoding, its leaf hash and its link in the hash
 * chain over all events.
 *
 * <p>This is a storage format: signed roots in PostgreSQL and on the audit subject commit to these
 * exact bytes, so the fields must never be reordered, added, removed or re-spelled. A change needs
 * a new, versioned encoding and a verifier that knows both.
 */
public final class EventHash {

    private EventHash() {
    }

    /** The chain head before the first event: 32 zero bytes (a fresh copy, since arrays are mutable). */
    public static byte[] genesisHead() {
        return new byte[Sha256.BYTES];
    }

    /**
     * The canonical encoding: nine length-prefixed UTF-8 fields (4-byte big-endian byte length, then
     * the bytes), in this order: sequence, eventId, streamId, streamVersion, type, payloadJson,
     * journalIndex, atMillis, correlationId. Numbers are their decimal text ({@code "42"}); a null
     * correlationId is encoded as the empty string, because the record has no other spelling for
     * "none" and an empty id is never issued.
     */
    public static byte[] encoding(EventRecord event) {
        return new CanonicalFields(192 + event.payloadJson().length() * 2)
                .add(event.sequence())
                .add(event.eventId())
                .add(event.streamId())
                .add(event.streamVersion())
                .add(event.type())
                .add(event.payloadJson())
                .add(event.journalIndex())
                .add(event.atMillis())
                .add(event.correlationId() == null ? "" : event.correlationId())
                .bytes();
    }

    /** The Merkle leaf hash: SHA-256(0x00 || encoding), RFC 6962's leaf domain. */
    public static byte[] leaf(EventRecord event) {
        return Sha256.digest(Sha256.LEAF, encoding(event));
    }

    /**
     * The next chain head: SHA-256(0x02 || previous head || leaf). The chain commits to the order of
     * all events ever, across batches, so a batch cannot be dropped or replaced without breaking the
     * head that the next signed root carries. 0x02 keeps chain links apart from leaves and nodes.
     */
    public static byte[] chain(byte[] previousHead, byte[] leaf) {
        requireHash(previousHead, "previous head");
        requireHash(leaf, "leaf");
        return Sha256.digest(Sha256.CHAIN, previousHead, leaf);
    }

    static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != Sha256.BYTES) {
            throw new IllegalArgumentException(what + " must be a 32-byte SHA-256 hash");
        }
    }
}
