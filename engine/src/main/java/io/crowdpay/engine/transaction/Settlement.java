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

    /** The compensation that undoes a pending transaction whose leg failed or timed out. */
    public static String compensationFor(Leg leg) {
        return switch (leg) {
            case FX -> "CompensateFxLeg";
            case PAYOUT -> "ReleasePayoutHold";
            case FUNDING -> "AbandonFunding";
        };
    }

    /**
     * Undoes a pending transaction: records the compensation, then gives back what was held (a
     * top-up held nothing). The caller marks the transaction FAILED.
     */
    public void compensate(Transaction tx, String compensation, String reason, long now) {
        events.accept(new Event.CompensationApplied(tx.id(), compensation, reason, now));
        WalletId source = tx.source();
        if (source != null) {
            ledger.release(source, tx.request().amount());
            events.accept(new Event.HoldReleased(tx.id(), source, tx.request().amount(), now));
        }
    }

    /**
     * Why a settled transaction cannot be reversed now (a wallet to debit no longer holds the money),
     * or null when it can: every compensating entry must be fully covered, because no balance may
     * go negative.
     */
    public String whyNotReversible(Transaction tx) {
        Money amount = tx.request().amount();
        return switch (tx.type()) {
            case TRANSFER -> shortOf(tx.beneficiary(), amount);
            case TOP_UP -> shortOf(tx.beneficiary(), amount);
            case FX_SWAP -> shortOf(tx.beneficiary(), tx.fx().buy());
            case WITHDRAWAL -> null; // the money comes back from the payout clearing account
        };
    }

    private String shortOf(WalletId wallet, Money amount) {
        long available = ledger.available(wallet, amount.currency());
        return available >= amount.minorUnits() ? null
                : wallet + " has " + available + " of the " + amount.minorUnits() + " minor units of " + amount.currency() + " to return";
    }

    /**
     * Reverses a settled transaction with compensating entries, each the mirror of a settlement entry,
     * after {@link #whyNotReversible} said it can. Money taken back from a wallet is first held, then
     * settled out of the hold, so a reversal is told with the same events as a settlement. The caller
     * marks the transaction REVERSED.
     */
    public void reverse(Transaction tx, String reason, long now) {
        events.accept(new Event.CompensationApplied(tx.id(), "ReverseSettlement", reason, now));
        Money amount = tx.request().amount();
        switch (tx.type()) {
            case TRANSFER -> {
                takeBack(tx, tx.beneficiary(), amount, now);
                ledger.settleHeldToWallet(tx.beneficiary(), tx.source(), amount);
                events.accept(new Event.Posted(tx.id(), tx.beneficiary(), null, tx.source(), null, amount, now));
            }
            case TOP_UP -> {
                takeBack(tx, tx.beneficiary(), amount, now);
                ledger.settleHeldToSystem(tx.beneficiary(), SystemAccount.FUNDING_CLEARING, amount);
                events.accept(new Event.Posted(tx.id(), tx.beneficiary(), null, null, SystemAccount.FUNDING_CLEARING, amount, now));
            }
            case WITHDRAWAL -> {
                ledger.creditFromSystem(SystemAccount.PAYOUT_CLEARING, tx.source(), amount);
                events.accept(new Event.Posted(tx.id(), null, SystemAccount.PAYOUT_CLEARING, tx.source(), null, amount, now));
            }
            case FX_SWAP -> {
                Money buy = tx.fx().buy();
                takeBack(tx, tx.beneficiary(), buy, now);
                ledger.settleHeldToSystem(tx.beneficiary(), SystemAccount.FX_LIQUIDITY, buy);
                events.accept(new Event.Posted(tx.id(), tx.beneficiary(), null, null, SystemAccount.FX_LIQUIDITY, buy, now));
                ledger.creditFromSystem(SystemAccount.FX_LIQUIDITY, tx.source(), amount);
                events.accept(new Event.Posted(tx.id(), null, SystemAccount.FX_LIQUIDITY, tx.source(), null, amount, now));
            }
        }
    }

    private void takeBack(Transaction tx, WalletId wallet, Money amount, long now) {
        ledger.hold(wallet, amount);
        events.accept(new Event.FundsHeld(tx.id(), wallet, amount, now));
    }
}
