package io.crowdpay.replicator.audit;

/** What {@code audit verify} found wrong at the first tampered event: a named reason, not an exception. */
public enum Tamper {
    /** The batch's root is not signed by a trusted key (unknown key id, or the signature fails). */
    BAD_SIGNATURE,
    /** The signed roots do not cover the events 1, 2, 3... without a hole or an overlap. */
    GAP,
    /** The event store has no event at a sequence that a signed root or a chain link covers. */
    MISSING_EVENT,
    /** The event store lists an event at or below one it already listed (duplicated or reordered). */
    OUT_OF_ORDER,
    /** The event's recomputed leaf hash differs from the one the audit chain stored for it. */
    LEAF_MISMATCH,
    /** The stored chain link is missing or does not follow from the previous head and this leaf. */
    CHAIN_BREAK,
    /** The batch's events and chain agree with each other but not with the signed Merkle root or head. */
    ROOT_MISMATCH
}
