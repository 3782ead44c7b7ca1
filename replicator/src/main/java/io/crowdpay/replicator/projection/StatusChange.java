package io.crowdpay.replicator.projection;

import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import java.util.Objects;

/**
 * A transaction leaving PENDING, as a {@code TransactionSettled} or {@code TransactionFailed} event
 * says, or a settled one becoming REVERSED ({@code TransactionReversed}): kept apart from the transaction it changes because that transaction may have been
 * initiated in an earlier batch, already stored, and only these fields change.
 *
 * @param failure why a transaction FAILED or was REVERSED, null otherwise
 */
public record StatusChange(TransactionStatus status, Failure failure, long atMillis) {

    public StatusChange {
        Objects.requireNonNull(status, "status");
        boolean explained = status == TransactionStatus.FAILED || status == TransactionStatus.REVERSED;
        if (explained != (failure != null)) {
            throw new IllegalArgumentException("a failure goes with FAILED or REVERSED and only with them: " + status);
        }
    }

    /** Uses the engine's own lifecycle steps, so the read model changes a transaction as the engine does. */
    Transaction applyTo(Transaction tx) {
        return switch (status) {
            case SETTLED -> tx.settled(atMillis);
            case FAILED -> tx.failed(failure, atMillis);
            case REVERSED -> tx.reversed(failure, atMillis);
            case PENDING -> throw new IllegalStateException("no event moves a transaction back to PENDING");
        };
    }
}
