package io.crowdpay.engine;

import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.wallet.WalletView;

/**
 * The engine's answer to one command. Every payload is immutable, so the gateway may render it on
 * another thread.
 */
public sealed interface Outcome {

    /** A new transaction accepted, or the original one returned for an idempotent replay. */
    record TransactionAccepted(Transaction transaction, boolean replayed) implements Outcome {
    }

    record TransactionFound(Transaction transaction) implements Outcome {
    }

    record UserSaved(User user) implements Outcome {
    }

    record PodSaved(Pod pod) implements Outcome {
    }

    record WalletFound(WalletView wallet) implements Outcome {
    }

    record QuoteIssued(FxQuote quote) implements Outcome {
    }

    /** An internal input (leg answer, configuration) was applied; nobody waits on a body. */
    record Applied() implements Outcome {
    }

    /** Refused with a named reason and a human-readable detail; nothing changed. */
    record Rejected(Rejection rejection, String detail) implements Outcome {
    }

    Applied APPLIED = new Applied();
}
