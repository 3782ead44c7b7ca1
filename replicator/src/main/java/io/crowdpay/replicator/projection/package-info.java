/**
 * The read model (ADR 0005): one row per transaction with its current status and API fields, wallet
 * balances and pod membership, folded from the engine's event records by one pure function
 * ({@link io.crowdpay.replicator.projection.ReadModelChanges}) and kept either in PostgreSQL
 * ({@link io.crowdpay.replicator.projection.PostgresProjection}, schema {@code read_model}) or in
 * memory ({@link io.crowdpay.replicator.projection.MemoryProjection}, the embedded default). Both
 * answer {@link io.crowdpay.replicator.projection.TransactionQueries} identically. Nothing here
 * reads the engine's live state or speaks HTTP: the gateway renders what these return.
 */
package io.crowdpay.replicator.projection;
