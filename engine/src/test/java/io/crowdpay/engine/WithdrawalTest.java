package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.ADMIN;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.transaction.TransactionId;
import org.junit.jupiter.api.Test;

/** WITHDRAWAL: hold, then pay out through the bank leg; a failed payout gives the hold back, once. */
class WithdrawalTest {

    private final EngineFixture fx = EngineFixture.given();
    private final Money amount = eur("300.00");

    @Test
    void givenFundedPod_whenWithdraw_thenHeldAndPayoutLegRequested() {
        fx.fund(eur("1000.00"));

        Transaction tx = fx.withdrawal(amount).accepted();

        assertThat(tx.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(fx.events()).containsExactly(
                new Event.TransactionInitiated(tx, fx.now()),
                new Event.FundsHeld(tx.id(), POD_WALLET, amount, fx.now()),
                new Event.LegRequested(tx.id(), Leg.PAYOUT, amount, fx.now()));
        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(70_000);
        assertThat(fx.held(POD_WALLET, EUR)).isEqualTo(30_000);
    }

    @Test
    void givenHeldFunds_whenPayoutSucceeds_thenPostedToPayoutClearingAndSettled() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();

        fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);

        assertThat(fx.events()).containsExactly(
                new Event.LegCompleted(tx.id(), Leg.PAYOUT, true, null, fx.now()),
                new Event.Posted(tx.id(), POD_WALLET, null, null, SystemAccount.PAYOUT_CLEARING, amount, fx.now()),
                new Event.TransactionSettled(tx.id(), fx.now()));
        assertThat(fx.get(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(70_000);
        assertThat(fx.held(POD_WALLET, EUR)).isZero();
        assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isEqualTo(30_000);
    }

    @Test
    void givenHeldFunds_whenPayoutFails_thenHoldReleasedAndFailed() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();

        fx.completeLeg(tx.id(), Leg.PAYOUT, false, "account closed");

        assertThat(fx.events()).containsExactly(
                new Event.LegCompleted(tx.id(), Leg.PAYOUT, false, "account closed", fx.now()),
                new Event.CompensationApplied(tx.id(), "ReleasePayoutHold", "account closed", fx.now()),
                new Event.HoldReleased(tx.id(), POD_WALLET, amount, fx.now()),
                new Event.TransactionFailed(tx.id(), Failure.LEG_FAILED, "account closed", fx.now()));
        Transaction failed = fx.get(tx.id());
        assertThat(failed.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(failed.failure()).isEqualTo(new Failure(Failure.LEG_FAILED, "account closed"));
        assertThat(fx.available(POD_WALLET, EUR)).as("available restored").isEqualTo(100_000);
        assertThat(fx.held(POD_WALLET, EUR)).isZero();
        assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isZero();
    }

    @Test
    void givenFailedWithdrawal_whenFailureRedelivered_thenIgnoredSoCompensationHappensOnce() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();
        fx.completeLeg(tx.id(), Leg.PAYOUT, false, "account closed");

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.PAYOUT, false, "account closed"));

        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
    }

    @Test
    void givenFailedWithdrawal_whenLateSuccessArrives_thenIgnored() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();
        fx.completeLeg(tx.id(), Leg.PAYOUT, false, "account closed");

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.PAYOUT, true, null));

        assertThat(fx.transaction(tx.id()).status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(fx.system(SystemAccount.PAYOUT_CLEARING, EUR)).isZero();
    }

    @Test
    void givenSettledWithdrawal_whenLateFailureArrives_thenIgnored() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();
        fx.completeLeg(tx.id(), Leg.PAYOUT, true, null);

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.PAYOUT, false, "returned by bank"));

        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(70_000);
    }

    @Test
    void givenPendingWithdrawal_whenAnswerIsForTheFundingLeg_thenIgnoredAndStillHeld() {
        fx.fund(eur("1000.00"));
        Transaction tx = fx.withdrawal(amount).accepted();

        fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.FUNDING, false, "wrong leg"));

        assertThat(fx.held(POD_WALLET, EUR)).isEqualTo(30_000);
    }

    @Test
    void whenLegAnswerForUnknownTransaction_thenIgnored() {
        fx.assertIgnored(new Command.CompleteLeg(new TransactionId("tx_never_seen"), Leg.PAYOUT, true, null));
    }

    @Test
    void givenAdminRole_whenWithdraw_thenAccepted() {
        fx.fund(eur("1000.00"));

        fx.withdrawal(amount).by(ADMIN).accepted();
    }

    @Test
    void whenWithdrawWithoutPayout_thenInvalidRequest() {
        fx.fund(eur("1000.00"));

        fx.request(TransactionType.WITHDRAWAL, amount).rejected(Rejection.INVALID_REQUEST);
    }

    @Test
    void givenTooLittleMoney_whenWithdraw_thenInsufficientFunds() {
        fx.fund(eur("299.99"));

        fx.withdrawal(amount).rejected(Rejection.INSUFFICIENT_FUNDS);
    }
}
