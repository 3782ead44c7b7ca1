package io.crowdpay.engine.transaction;

import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.ledger.Ledger;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.wallet.WalletId;
import java.util.function.Consumer;

/**
 * The ledger movements of each lifecycle step, and the events that record them. Every method is
 * called only for a transaction in the right state; the processor checks that first.
 */
public final class Settlement {

    private final Ledger ledger;
    private final Consumer<Event> events;

    public Settlement(Ledger ledger, Consumer<Event> events) {
        this.ledger = ledger;
        this.events = events;
    }

    public void hold(Transaction tx, long now) {
        ledger.hold(tx.source(), tx.request().amount());
        events.accept(new Event.FundsHeld(tx.id(), tx.source(), tx.request().amount(), now));
    }

    /** A transfer settles at once: the hold moves to the beneficiary. */
    public void settleTransfer(Transaction tx, long now) {
        Money amount = tx.request().amount();
        ledger.settleHeldToWallet(tx.source(), tx.beneficiary(), amount);
        events.accept(new Event.Posted(tx.id(), tx.source(), null, tx.beneficiary(), null, amount, now));
    }

    /** The outside leg confirmed: move the money through the leg's clearing account. */
    public void settleLeg(Transaction tx, long now) {
        Money amount = tx.request().amount();
        switch (tx.type().externalLeg()) {
            case FUNDING -> {
                ledger.creditFromSystem(SystemAccount.FUNDING_CLEARING, tx.beneficiary(), amount);
                events.accept(new Event.Posted(tx.id(), null, SystemAccount.FUNDING_CLEARING, tx.beneficiary(), null, amount, now));
            }
            case PAYOUT -> {
                ledger.settleHeldToSystem(tx.source(), SystemAccount.PAYOUT_CLEARING, amount);
                events.accept(new Event.Posted(tx.id(), tx.source(), null, null, SystemAccount.PAYOUT_CLEARING, amount, now));
            }
            case FX -> {
                Money buy = tx.fx().buy();
                ledger.settleHeldToSystem(tx.source(), SystemAccount.FX_LIQUIDITY, amount);
                events.accept(new Event.Posted(tx.id(), tx.source(), null, null, SystemAccount.FX_LIQUIDITY, amount, now));
                ledger.creditFromSystem(SystemAccount.FX_LIQUIDITY, tx.beneficiary(), buy);
                events.accept(new Event.Posted(tx.id(), null, SystemAccount.FX_LIQUIDITY, tx.beneficiary(), null, buy, now));
            }
        }
    }

    /** The outside leg failed: give back what was held (a top-up held nothing). */
    public void compensate(Transaction tx, long now) {
        WalletId source = tx.source();
        if (source != null) {
            ledger.release(source, tx.request().amount());
            events.accept(new Event.HoldReleased(tx.id(), source, tx.request().amount(), now));
        }
    }
}
