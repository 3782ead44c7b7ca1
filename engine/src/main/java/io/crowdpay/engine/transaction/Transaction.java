package io.crowdpay.engine.transaction;

import io.crowdpay.engine.command.Command.Initiate;
import io.crowdpay.engine.wallet.WalletId;
import java.util.Objects;

/**
 * A transaction: the request that started it, the wallets it resolved to, and where it is in its
 * lifecycle. Immutable, so that views can cross to other threads; a status change makes a new one.
 */
public record Transaction(Initiate request, WalletId source, WalletId beneficiary, FxDetails fx,
                          TransactionStatus status, Failure failure, long createdAtMillis, long updatedAtMillis) {

    public Transaction {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
    }

    public TransactionId id() {
        return request.id();
    }

    public TransactionType type() {
        return request.type();
    }

    public Transaction settled(long atMillis) {
        return new Transaction(request, source, beneficiary, fx, TransactionStatus.SETTLED, null, createdAtMillis, atMillis);
    }

    public Transaction reversed(Failure why, long atMillis) {
        return new Transaction(request, source, beneficiary, fx, TransactionStatus.REVERSED, why, createdAtMillis, atMillis);
    }

    public Transaction failed(Failure why, long atMillis) {
        return new Transaction(request, source, beneficiary, fx, TransactionStatus.FAILED, why, createdAtMillis, atMillis);
    }
}
