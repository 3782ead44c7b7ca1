package io.crowdpay.replicator.projection;

import io.crowdpay.engine.transaction.Transaction;
import java.util.Objects;

/**
 * One transaction as the read model holds it: the engine's own immutable {@link Transaction}
 * rebuilt from its events, so the gateway renders a listed transaction with the very code that
 * renders {@code GET /v1/transactions/{id}}, and the two cannot drift apart byte by byte.
 *
 * <p>The rebuilt request carries the <em>resolved</em> source and beneficiary wallets as its
 * requested ones (a top-up's beneficiary is the pod's wallet, though the client named none): the
 * event names only the resolved wallets, and nothing reads the requested ones from a projected
 * transaction (idempotency is the engine's, on its own state; rendering uses the resolved ones).
 *
 * @param sequence the global sequence of the {@code TransactionInitiated} event: with the creation
 *                 time, the transaction's {@link Position} in the list
 */
public record ProjectedTransaction(long sequence, Transaction transaction) {

    public ProjectedTransaction {
        Objects.requireNonNull(transaction, "transaction");
        if (sequence < 1) {
            throw new IllegalArgumentException("event sequences start at 1: " + sequence);
        }
    }

    public Position position() {
        return new Position(transaction.createdAtMillis(), sequence);
    }

    /** The same transaction after a later status change. */
    ProjectedTransaction with(StatusChange change) {
        return new ProjectedTransaction(sequence, change.applyTo(transaction));
    }
}
