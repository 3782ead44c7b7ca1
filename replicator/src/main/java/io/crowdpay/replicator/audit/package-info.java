/**
 * The pure computations of the Merkle audit (issue 3, point 4): the canonical hash of an
 * {@link io.crowdpay.replicator.EventRecord} ({@link io.crowdpay.replicator.audit.EventHash}), the
 * hash chain over all events, RFC 6962 Merkle roots and inclusion proofs per batch
 * ({@link io.crowdpay.replicator.audit.MerkleTree}), Ed25519-signed batch roots and the verifier that
 * recomputes all of it and names the first tampered event.
 * Only the JDK's {@code java.security} lives here: no JDBC, no NATS, no clock (times arrive as
 * arguments), so storing roots in PostgreSQL and publishing them belong to the adapters.
 */
package io.crowdpay.replicator.audit;
