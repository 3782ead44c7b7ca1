package io.crowdpay.replicator.projection;

/**
 * The read side of the transaction projection, served by {@code GET /v1/transactions?...}: from
 * PostgreSQL's {@code read_model.transactions} when DATABASE_URL is set, from memory otherwise.
 */
public interface TransactionQueries {
}
