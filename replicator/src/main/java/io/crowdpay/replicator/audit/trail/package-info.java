/**
 * The audit trail's adapters around the pure computations of {@code io.crowdpay.replicator.audit}:
 * {@link io.crowdpay.replicator.audit.trail.AuditConsumer} chains and seals the event log into signed
 * batches, {@link io.crowdpay.replicator.audit.trail.AuditStore} keeps them in PostgreSQL (roots and
 * links in one transaction, append-only), {@link io.crowdpay.replicator.audit.trail.RootPublisher}
 * hands each root to the audit-vault over JetStream, {@link io.crowdpay.replicator.audit.trail.PostgresAuditQueries}
 * serves inclusion proofs, and {@link io.crowdpay.replicator.audit.trail.StoredAudit} streams the
 * whole store to the verifier. JDBC and NATS live here; no engine types, no HTTP.
 */
package io.crowdpay.replicator.audit.trail;
