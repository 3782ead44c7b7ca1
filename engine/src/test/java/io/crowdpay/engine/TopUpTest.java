package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.CHF;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.OTHER_POD;
import static io.crowdpay.engine.EngineFixture.OUTSIDER;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.SECOND;
import static io.crowdpay.engine.EngineFixture.eur;
import static io.crowdpay.engine.EngineFixture.money;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import org.junit.jupiter.api.Test;

/** TOP_UP: nothing is held; the pod's wallet is credited from funding clearing when the funding leg confirms. */
class TopUpTest {

    private final EngineFixture fx = EngineFixture.given();

    @Test
    void whenTopUp_thenInitiatedAndFundingLegRequestedWithoutCredit() {
        Money amount = eur("250.00");

        Transaction tx = fx.topUpRequest(amount).accepted();

        assertThat(tx.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(tx.source()).isNull();
        assertThat(tx.beneficiary()).isEqualTo(POD_WALLET);
        assertThat(fx.events()).containsExactly(
                new Event.TransactionInitiated(tx, fx.now()),
                new Event.LegRequested(tx.id(), Leg.FUNDING, amount, fx.now()));
        assertThat(fx.balance(POD_WALLET, EUR).total()).as("nothing credited before funding confirms").isZero();
        assertThat(fx.engine().state().pendingLegs()).containsEntry(tx.id(), Leg.FUNDING);
    }

    @Test
    void givenPendingTopUp_whenFundingSucceeds_thenLegCompletedPostedAndSettled() {
        Money amount = eur("250.00");
        Transaction tx = fx.topUpRequest(amount).accepted();
        fx.advance(2 * SECOND);

        fx.completeLeg(tx.id(), Leg.FUNDING, true, null);

        long now = fx.now();
        assertThat(fx.events()).containsExactly(
                new Event.LegCompleted(tx.id(), Leg.FUNDING, true, null, now),
                new Event.Posted(tx.id(), null, SystemAccount.FUNDING_CLEARING, POD_WALLET, null, amount, now),
                new Event.TransactionSettled(tx.id(), now));
        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(25_000);
        assertThat(fx.system(SystemAccount.FUNDING_CLEARING, EUR)).as("the mirror image of the credit").isEqualTo(-25_000);
        Transaction settled = fx.get(tx.id());
        assertThat(settled.status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(settled.updatedAtMillis()).isEqualTo(now);
        assertThat(settled.createdAtMillis()).isEqualTo(now - 2 * SECOND);
        assertThat(fx.engine().state().pendingLegs()).isEmpty();
    }

    @Test
    void givenPendingTopUp_whenFundingFails_thenFailedWithNothingToRelease() {
        Transaction tx = fx.topUpRequest(eur("250.00")).accepted();

        fx.completeLeg(tx.id(), Leg.FUNDING, false, "card declined");

        assertThat(fx.events()).containsExactly(
                new Event.LegCompleted(tx.id(), Leg.FUNDING, false, "card declined", fx.now()),
                new Event.CompensationApplied(tx.id(), "AbandonFunding", "card declined", fx.now()),
                new Event.TransactionFailed(tx.id(), Failure.LEG_FAILED, "card declined", fx.now()));
        Transaction failed = fx.get(tx.id());
        assertThat(failed.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(failed.failure()).isEqualTo(new Failure(Failure.LEG_FAILED, "card declined"));
        assertThat(fx.balance(POD_WALLET, EUR).total()).isZero();
        assertThat(fx.system(SystemAccount.FUNDING_CLEARING, EUR)).isZero();
    }

    @Test
    void givenPendingTopUp_whenFundingFailsWithoutReason_thenReasonNamesTheLeg() {
        Transaction tx = fx.topUpRequest(eur("250.00")).accepted();

        fx.completeLeg(tx.id(), Leg.FUNDING, false, null);

        assertThat(fx.transaction(tx.id()).failure()).isEqualTo(new Failure(Failure.LEG_FAILED, "funding leg failed"));
    }

    @Test
    void givenSettledTopUp_whenFundingConfirmationRedelivered_thenIgnored() {
        Transaction tx = fx.topUp(eur("250.00"));

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.FUNDING, true, null));

        assertThat(fx.available(POD_WALLET, EUR)).as("credited once").isEqualTo(25_000);
    }

    @Test
    void givenSettledTopUp_whenLateFailureArrives_thenIgnored() {
        Transaction tx = fx.topUp(eur("250.00"));

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.FUNDING, false, "chargeback"));

        assertThat(fx.transaction(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
    }

    @Test
    void givenPendingTopUp_whenAnswerIsForAnotherLeg_thenIgnoredAndStillPending() {
        Transaction tx = fx.topUpRequest(eur("250.00")).accepted();

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.PAYOUT, true, null));

        assertThat(fx.transaction(tx.id()).status()).isEqualTo(TransactionStatus.PENDING);
    }

    @Test
    void givenMemberRole_whenTopUp_thenAccepted() {
        Transaction tx = fx.topUpRequest(eur("20.00")).by(MEMBER).accepted();

        assertThat(tx.request().actor()).isEqualTo(MEMBER);
    }

    @Test
    void givenPodWithoutTheCurrency_whenTopUp_thenCurrencyNotSupported() {
        fx.topUpRequest(money("20.00", GBP)).by(OUTSIDER).in(OTHER_POD).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
    }

    @Test
    void whenTopUpInCurrencyTheServiceDoesNotSupport_thenCurrencyNotSupported() {
        fx.topUpRequest(money("20.00", CHF)).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
    }
}
