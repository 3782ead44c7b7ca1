package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.BOB_WALLET;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.EUR_USD;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sagas (issue 4): leg timeouts and AML verdicts arrive as journaled inputs; every compensation is
 * an event and happens once, however often its trigger arrives; money stays conserved.
 */
class SagaCompensationTest {

    private final EngineFixture fx = EngineFixture.given();

    @Nested
    class LegTimeouts {

        @Test
        void givenAnFxSwapWaitingOnItsLeg_whenTheLegTimesOut_thenCompensateFxLegReleasesTheHoldAndFails() {
            fx.fund(eur("1000.00"));
            Money sell = eur("100.00");
            FxQuote quote = fx.quote(sell, USD, EUR_USD);
            Transaction tx = fx.swap(quote).accepted();

            fx.apply(new Command.TimeoutLeg(tx.id(), Leg.FX));

            assertThat(fx.events()).containsExactly(
                    new Event.LegTimedOut(tx.id(), Leg.FX, fx.now()),
                    new Event.CompensationApplied(tx.id(), "CompensateFxLeg", "fx leg timed out", fx.now()),
                    new Event.HoldReleased(tx.id(), POD_WALLET, sell, fx.now()),
                    new Event.TransactionFailed(tx.id(), Failure.LEG_TIMEOUT, "fx leg timed out", fx.now()));
            assertThat(fx.get(tx.id()).status()).isEqualTo(TransactionStatus.FAILED);
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.held(POD_WALLET, EUR)).isZero();
        }

        @Test
        void givenATimedOutLeg_whenItsAnswerArrivesLateOrTheTimeoutAgain_thenNothingMoreHappens() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.withdrawal(eur("300.00")).accepted();
            fx.apply(new Command.TimeoutLeg(tx.id(), Leg.PAYOUT));
            long events = fx.engine().state().eventSequence();

            fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);
            assertThat(fx.events()).isEmpty();
            fx.apply(new Command.TimeoutLeg(tx.id(), Leg.PAYOUT));
            assertThat(fx.events()).isEmpty();

            assertThat(fx.get(tx.id()).failure().code()).isEqualTo(Failure.LEG_TIMEOUT);
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isZero();
            assertThat(fx.engine().state().eventSequence()).as("no event for the late inputs").isEqualTo(events);
        }

        @Test
        void givenASettledTransaction_whenATimeoutArrives_thenIgnored() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.withdrawal(eur("300.00")).accepted();
            fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);

            fx.apply(new Command.TimeoutLeg(tx.id(), Leg.PAYOUT));

            assertThat(fx.events()).isEmpty();
            assertThat(fx.get(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
        }
    }

    @Nested
    class AmlBeforeSettlement {

        @Test
        void givenAPendingWithdrawal_whenAmlHits_thenTheLegIsAbandonedTheHoldReleasedAndItFails() {
            fx.fund(eur("1000.00"));
            Money amount = eur("300.00");
            Transaction tx = fx.withdrawal(amount).accepted();

            fx.apply(new Command.ScreenAml(tx.id(), true, "watch-list match"));

            assertThat(fx.events()).containsExactly(
                    new Event.AmlScreened(tx.id(), true, "watch-list match", fx.now()),
                    new Event.CompensationApplied(tx.id(), "CompensateAmlHit", "watch-list match", fx.now()),
                    new Event.HoldReleased(tx.id(), POD_WALLET, amount, fx.now()),
                    new Event.TransactionFailed(tx.id(), Failure.AML_HIT, "watch-list match", fx.now()));
            assertThat(fx.engine().state().pendingLegs()).doesNotContainKey(tx.id());

            fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);
            assertThat(fx.events()).as("the abandoned leg's late answer").isEmpty();
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isZero();
        }

        @Test
        void givenAPendingTransaction_whenAmlClears_thenRecordedAndItGoesOn() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.withdrawal(eur("300.00")).accepted();

            fx.apply(new Command.ScreenAml(tx.id(), false, null));

            assertThat(fx.events()).containsExactly(new Event.AmlScreened(tx.id(), false, null, fx.now()));
            fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);
            assertThat(fx.get(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
        }
    }

    @Nested
    class AmlAfterSettlement {

        @Test
        void givenASettledTransfer_whenAmlHits_thenMirrorEntriesReturnTheMoneyAndItIsReversed() {
            fx.fund(eur("1000.00"));
            Money amount = eur("120.50");
            Transaction tx = fx.transfer(amount).accepted();
            long bobBefore = fx.available(BOB_WALLET, EUR);

            fx.apply(new Command.ScreenAml(tx.id(), true, "mule account"));

            assertThat(fx.events()).containsExactly(
                    new Event.AmlScreened(tx.id(), true, "mule account", fx.now()),
                    new Event.CompensationApplied(tx.id(), "ReverseSettlement", "mule account", fx.now()),
                    new Event.FundsHeld(tx.id(), BOB_WALLET, amount, fx.now()),
                    new Event.Posted(tx.id(), BOB_WALLET, null, POD_WALLET, null, amount, fx.now()),
                    new Event.TransactionReversed(tx.id(), Failure.AML_HIT, "mule account", fx.now()));
            Transaction reversed = fx.get(tx.id());
            assertThat(reversed.status()).isEqualTo(TransactionStatus.REVERSED);
            assertThat(reversed.failure()).isEqualTo(new Failure(Failure.AML_HIT, "mule account"));
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.available(BOB_WALLET, EUR)).isEqualTo(bobBefore - amount.minorUnits());
        }

        @Test
        void givenAReversedTransaction_whenTheVerdictIsRedelivered_thenTheCompensationIsNotAppliedTwice() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.transfer(eur("120.50")).accepted();
            fx.apply(new Command.ScreenAml(tx.id(), true, "mule account"));
            long pod = fx.available(POD_WALLET, EUR);
            long bob = fx.available(BOB_WALLET, EUR);
            long events = fx.engine().state().eventSequence();

            fx.apply(new Command.ScreenAml(tx.id(), true, "mule account"));
            fx.apply(new Command.ScreenAml(tx.id(), false, null));

            assertThat(fx.events()).isEmpty();
            assertThat(fx.engine().state().eventSequence()).isEqualTo(events);
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(pod);
            assertThat(fx.available(BOB_WALLET, EUR)).isEqualTo(bob);
        }

        @Test
        void givenSettledSwapAndWithdrawalAndTopUp_whenAmlHitsEach_thenEveryClearingAccountIsRestored() {
            fx.fund(eur("1000.00"));
            long fundingBefore = fx.system(SystemAccount.FUNDING_CLEARING, EUR);
            FxQuote quote = fx.quote(eur("100.00"), USD, EUR_USD);
            Transaction swap = fx.swap(quote).accepted();
            fx.completeLeg(swap.id(), Leg.FX, true, null);
            Transaction out = fx.withdrawal(eur("50.00")).accepted();
            fx.completeLeg(out.id(), Leg.PAYOUT, true, null);
            Transaction in = fx.topUp(eur("70.00"));

            for (Transaction tx : new Transaction[]{swap, out, in}) {
                fx.apply(new Command.ScreenAml(tx.id(), true, "hit"));
                assertThat(fx.get(tx.id()).status()).as(tx.type().name()).isEqualTo(TransactionStatus.REVERSED);
            }

            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.available(POD_WALLET, USD)).isZero();
            assertThat(fx.system(SystemAccount.FX_LIQUIDITY, EUR)).isZero();
            assertThat(fx.system(SystemAccount.FX_LIQUIDITY, USD)).isZero();
            assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isZero();
            assertThat(fx.system(SystemAccount.FUNDING_CLEARING, EUR)).isEqualTo(fundingBefore);
            fx.engine().verifyInvariants();
        }

        @Test
        void givenTheToppedUpMoneyWasSpentAlready_whenAmlHits_thenReversalIsBlockedAndNothingGoesNegative() {
            Transaction topUp = fx.topUp(eur("1000.00"));
            fx.transfer(eur("900.00")).accepted();
            fx.apply(new Command.ScreenAml(topUp.id(), true, "stolen card"));

            assertThat(fx.events()).hasSize(2);
            assertThat(fx.events().get(0)).isEqualTo(new Event.AmlScreened(topUp.id(), true, "stolen card", fx.now()));
            assertThat(fx.events().get(1)).isInstanceOfSatisfying(Event.ReversalBlocked.class,
                    b -> assertThat(b.reason()).contains(POD_WALLET.value()).contains("10000 of the 100000"));
            assertThat(fx.get(topUp.id()).status()).isEqualTo(TransactionStatus.SETTLED);
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(10_000);
            fx.engine().verifyInvariants();
        }
    }
}
