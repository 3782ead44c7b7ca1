package io.crowdpay.replicator.audit;

/**
 * The read side of the audit trail: a transaction's events with their inclusion proofs and the
 * signed roots of their batches.
 */
public interface AuditQueries {
}
