package io.crowdpay.replicator.projection;

import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import java.util.Objects;

/**
 * A transaction leaving PENDING, as a {@code TransactionSettled} or {@code TransactionFailed} event
 * says: kept apart from the transaction it changes because that transaction may have been
 * initiated in an earlier batch, already stored, and only these fields change.
 *
 * @param failure the failure of a FAILED transaction, null otherwise
 */
public record StatusChange(TransactionStatus status, Failure failure, long atMillis) {

    public StatusChange {
        Objects.requireNonNull(status, "status");
        if ((status == TransactionStatus.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("a failure goes with FAILED and only with it: " + status);
        }
    }

    /** Uses the engine's own lifecycle steps, so the read model changes a transaction as the engine does. */
    Transaction applyTo(Transaction tx) {
        return switch (status) {
            case SETTLED -> tx.settled(atMillis);
            case FAILED -> tx.failed(failure, atMillis);
            case PENDING, REVERSED -> throw new IllegalStateException("no event moves a transaction to " + status);
        };
    }
}
