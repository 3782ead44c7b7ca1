package io.crowdpay.engine.event;

import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.wallet.WalletId;

/**
 * What happened, as the engine decided it. Downstream consumers (event store, projections, JetStream,
 * audit, counterparties) read these from the output ring. Each has a stable wire name in
 * {@link EventTypes}; Java class names never leave the process.
 */
public sealed interface Event {

    long atMillis();

    /** A user's KYC facts were recorded. */
    record UserUpserted(User user, long atMillis) implements Event {
    }

    /** A pod was created or changed. */
    record PodUpserted(Pod pod, long atMillis) implements Event {
    }

    /** A personal wallet was created or changed. */
    record WalletUpserted(WalletId wallet, long atMillis) implements Event {
    }

    /** A firm FX quote was issued. */
    record QuoteIssued(FxQuote quote, long atMillis) implements Event {
    }

    /** A transaction passed every check and was accepted as PENDING; carries its full state. */
    record TransactionInitiated(Transaction transaction, long atMillis) implements Event {
    }

    /** Money moved from available to held in a wallet for a transaction. */
    record FundsHeld(TransactionId transaction, WalletId wallet, Money amount, long atMillis) implements Event {
    }

    /** A hold was undone: the money is available again. */
    record HoldReleased(TransactionId transaction, WalletId wallet, Money amount, long atMillis) implements Event {
    }

    /** The transaction waits for an outside leg; counterparties act on this. */
    record LegRequested(TransactionId transaction, Leg leg, Money amount, long atMillis) implements Event {
    }

    /** A counterparty answered a leg. */
    record LegCompleted(TransactionId transaction, Leg leg, boolean success, String reason, long atMillis) implements Event {
    }

    /**
     * A balanced ledger entry: money left one account and entered another. An account is a wallet or
     * a system clearing account; exactly one of each pair of fields is set.
     */
    record Posted(TransactionId transaction, WalletId debitWallet, SystemAccount debitSystem,
                  WalletId creditWallet, SystemAccount creditSystem, Money amount, long atMillis) implements Event {
    }

    /** The transaction reached SETTLED. */
    record TransactionSettled(TransactionId transaction, long atMillis) implements Event {
    }

    /** The transaction reached FAILED; its holds are released. */
    record TransactionFailed(TransactionId transaction, String code, String reason, long atMillis) implements Event {
    }

    /** The leg got no answer within the leg timeout; a compensation follows. */
    record LegTimedOut(TransactionId transaction, Leg leg, long atMillis) implements Event {
    }

    /** The AML screening's verdict arrived for the transaction. */
    record AmlScreened(TransactionId transaction, boolean hit, String reason, long atMillis) implements Event {
    }

    /**
     * A saga compensation ran: {@code CompensateFxLeg}, {@code ReleasePayoutHold},
     * {@code AbandonFunding}, {@code CompensateAmlHit} or {@code ReverseSettlement}. The ledger
     * entries it made follow as their own events (HoldReleased, Posted).
     */
    record CompensationApplied(TransactionId transaction, String compensation, String reason, long atMillis) implements Event {
    }

    /**
     * A reversal could not be made because the wallet to debit no longer holds the money; the
     * transaction stays SETTLED and the case goes to operations. A later verdict may try again.
     */
    record ReversalBlocked(TransactionId transaction, String reason, long atMillis) implements Event {
    }

    /** The transaction went from SETTLED to REVERSED; its compensating entries are posted. */
    record TransactionReversed(TransactionId transaction, String code, String reason, long atMillis) implements Event {
    }

    /** The rules changed (a Configure command). */
    record EngineConfigured(String configHash, long atMillis) implements Event {
    }
}
