package io.crowdpay.replicator.audit;

/**
 * One event's place in the hash chain as the audit stores it: its leaf hash and the chain head after
 * it, both lowercase hex. Stored per event because a signed root only says that something in its
 * batch changed; these rows let {@code audit verify} name the first event that no longer matches.
 */
public record ChainLink(long sequence, String leafHex, String headHex) {

    public ChainLink {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequences start at 1");
        }
        if (leafHex == null || headHex == null || leafHex.length() != 2 * Sha256.BYTES || headHex.length() != 2 * Sha256.BYTES) {
            throw new IllegalArgumentException("leaf and head are 64 hex digits");
        }
    }

    static ChainLink of(long sequence, byte[] leaf, byte[] head) {
        return new ChainLink(sequence, Sha256.hex(leaf), Sha256.hex(head));
    }
}
