package io.crowdpay.replicator.projection;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.wallet.WalletId;
import java.util.Objects;

/**
 * One currency of one wallet, in minor units: what may be spent ({@code available}) and what is
 * held for transactions in flight, as {@code GET /v1/wallets/{id}} shows them. Inside a batch the
 * same shape carries a change (deltas, possibly negative); a stored balance is never negative.
 */
public record WalletBalance(WalletId wallet, Currency currency, long available, long held) {

    /** The key of a balance: one wallet, one currency. */
    public record Line(WalletId wallet, Currency currency) {
        public Line {
            Objects.requireNonNull(wallet, "wallet");
            Objects.requireNonNull(currency, "currency");
        }
    }

    public WalletBalance {
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(currency, "currency");
    }

    public long total() {
        return Math.addExact(available, held);
    }

    public Line line() {
        return new Line(wallet, currency);
    }

    /** This balance moved by a change of the same line; overflow throws rather than wraps. */
    WalletBalance plus(WalletBalance change) {
        if (!line().equals(change.line())) {
            throw new IllegalArgumentException("adding " + change.line() + " to " + line());
        }
        return new WalletBalance(wallet, currency, Math.addExact(available, change.available),
                Math.addExact(held, change.held));
    }

    /**
     * Throws when a stored balance would go negative: the engine never lets one, so a negative one
     * means the read model missed or doubled an event, and it must stop rather than drift.
     */
    WalletBalance requireNonNegative() {
        if (available < 0 || held < 0) {
            throw new IllegalStateException("read model balance of " + wallet + " " + currency
                    + " would go negative: available=" + available + " held=" + held);
        }
        return this;
    }
}
