package io.crowdpay.replicator.audit;

/** The outcome of {@link AuditVerifier#verify}: everything intact, or the first tampered event. */
public sealed interface AuditResult {

    /**
     * Every signed batch recomputed to its signed root and head.
     *
     * @param eventsSealed   events covered by signed roots
     * @param batches        signed roots verified
     * @param eventsUnsealed events after the last signed root, chain-checked but not yet signed
     */
    record Intact(long eventsSealed, long batches, long eventsUnsealed) implements AuditResult {
    }

    /**
     * The first tampered event in sequence order.
     *
     * @param sequence the event's sequence; for {@link Tamper#BAD_SIGNATURE} and
     *                 {@link Tamper#ROOT_MISMATCH} the first event of the batch, since only the batch
     *                 as a whole is known to be wrong
     * @param tamper   what differed
     * @param detail   a sentence for the operator
     */
    record Tampered(long sequence, Tamper tamper, String detail) implements AuditResult {
    }
}
