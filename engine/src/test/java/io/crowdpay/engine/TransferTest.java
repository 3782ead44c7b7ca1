package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.BOB;
import static io.crowdpay.engine.EngineFixture.BOB_WALLET;
import static io.crowdpay.engine.EngineFixture.CHF;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.NO_SUCH_POD;
import static io.crowdpay.engine.EngineFixture.NO_SUCH_WALLET;
import static io.crowdpay.engine.EngineFixture.OTHER_POD;
import static io.crowdpay.engine.EngineFixture.OTHER_POD_WALLET;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.OWNER_WALLET;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.eur;
import static io.crowdpay.engine.EngineFixture.money;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import org.junit.jupiter.api.Test;

/** TRANSFER: hold on the source, settled to the beneficiary in the same step. */
class TransferTest {

    private final EngineFixture fx = EngineFixture.given();

    @Test
    void givenFundedPod_whenTransferToBeneficiary_thenHeldPostedAndSettledInOneStep() {
        fx.fund(eur("500.00"));
        Money amount = eur("120.50");

        Transaction tx = fx.transfer(amount).accepted();

        assertThat(tx.status()).as("the caller sees the accepted state").isEqualTo(TransactionStatus.PENDING);
        assertThat(tx.source()).isEqualTo(POD_WALLET);
        assertThat(tx.beneficiary()).isEqualTo(BOB_WALLET);
        long now = fx.now();
        assertThat(fx.events()).containsExactly(
                new Event.TransactionInitiated(tx, now),
                new Event.FundsHeld(tx.id(), POD_WALLET, amount, now),
                new Event.Posted(tx.id(), POD_WALLET, null, BOB_WALLET, null, amount, now),
                new Event.TransactionSettled(tx.id(), now));
        assertThat(fx.get(tx.id()).status()).as("a GET shows the settled state").isEqualTo(TransactionStatus.SETTLED);
        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(37_950);
        assertThat(fx.held(POD_WALLET, EUR)).isZero();
        assertThat(fx.available(BOB_WALLET, EUR)).isEqualTo(12_050);
    }

    @Test
    void givenRequestsWithTheirOwnCopiesOfIds_whenKept_thenTheTransactionsShareTheTablesInstances() {
        fx.fund(eur("100.00"));
        Transaction[] kept = new Transaction[2];
        for (int i = 0; i < 2; i++) {
            // Each request parsed from JSON carries fresh, equal copies of the ids.
            Transaction tx = fx.transfer(eur("1.00")).newId().by(new UserId(new String(OWNER.value())))
                    .in(new PodId(new String(EngineFixture.POD.value()))).to(new WalletId(new String(BOB_WALLET.value())))
                    .accepted();
            kept[i] = fx.transaction(tx.id());
        }
        Transaction a = kept[0];
        Transaction b = kept[1];
        assertThat(a.request().actor()).isEqualTo(OWNER).isSameAs(b.request().actor());
        assertThat(a.request().pod()).isEqualTo(EngineFixture.POD).isSameAs(b.request().pod());
        assertThat(a.beneficiary()).isEqualTo(BOB_WALLET).isSameAs(b.beneficiary()).isSameAs(a.request().beneficiaryWallet())
                .isSameAs(b.request().beneficiaryWallet());
        assertThat(a.source()).isSameAs(b.source());
        assertThat(a.request().metadata()).isEmpty();
        assertThat(a.request().metadata()).isSameAs(b.request().metadata());
    }

    @Test
    void givenFundedPod_whenMemberTransfers_thenAccepted() {
        fx.fund(eur("50.00"));

        Transaction tx = fx.transfer(eur("50.00")).by(MEMBER).accepted();

        assertThat(fx.transaction(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(fx.available(POD_WALLET, EUR)).isZero();
    }

    @Test
    void givenOwnFundedPersonalWallet_whenTransferFromIt_thenSettledFromThatWallet() {
        fx.fundPersonal(OWNER_WALLET, eur("80.00"));

        Transaction tx = fx.transfer(eur("30.00")).from(OWNER_WALLET).accepted();

        assertThat(tx.source()).isEqualTo(OWNER_WALLET);
        assertThat(fx.available(OWNER_WALLET, EUR)).isEqualTo(5_000);
        assertThat(fx.available(BOB_WALLET, EUR)).isEqualTo(3_000);
        assertThat(fx.available(POD_WALLET, EUR)).as("the pod is not touched").isZero();
    }

    @Test
    void givenOwnPersonalWallet_whenTransferToThePod_thenPodCredited() {
        fx.fundPersonal(OWNER_WALLET, eur("80.00"));

        fx.transfer(eur("80.00")).from(OWNER_WALLET).to(POD_WALLET).accepted();

        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(8_000);
        assertThat(fx.available(OWNER_WALLET, EUR)).isZero();
    }

    @Test
    void givenExactlyTheAvailableAmount_whenTransfer_thenAcceptedAndWalletEmpty() {
        fx.fund(eur("99.99"));

        fx.transfer(eur("99.99")).accepted();

        assertThat(fx.balance(POD_WALLET, EUR).total()).isZero();
    }

    @Test
    void givenTooLittleMoney_whenTransfer_thenInsufficientFunds() {
        fx.fund(eur("99.99"));

        fx.transfer(eur("100.00")).rejected(Rejection.INSUFFICIENT_FUNDS);
    }

    @Test
    void givenEmptyPod_whenTransfer_thenInsufficientFunds() {
        fx.transfer(eur("0.01")).rejected(Rejection.INSUFFICIENT_FUNDS);
    }

    @Test
    void givenPendingWithdrawalHold_whenTransferMoreThanStillAvailable_thenInsufficientFunds() {
        fx.fund(eur("100.00"));
        fx.withdrawal(eur("60.00")).accepted();
        assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(4_000);
        assertThat(fx.held(POD_WALLET, EUR)).isEqualTo(6_000);

        fx.transfer(eur("40.01")).rejected(Rejection.INSUFFICIENT_FUNDS);
        fx.transfer(eur("40.00")).accepted();

        assertThat(fx.balance(POD_WALLET, EUR).total()).as("only the withdrawal's hold is left").isEqualTo(6_000);
        assertThat(fx.available(POD_WALLET, EUR)).isZero();
    }

    @Test
    void whenTransferToTheSourceWallet_thenInvalidRequest() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("1.00")).to(POD_WALLET).rejected(Rejection.INVALID_REQUEST);
    }

    @Test
    void whenTransferFromPersonalWalletToItself_thenInvalidRequest() {
        fx.fundPersonal(OWNER_WALLET, eur("10.00"));

        fx.transfer(eur("1.00")).from(OWNER_WALLET).to(OWNER_WALLET).rejected(Rejection.INVALID_REQUEST);
    }

    @Test
    void whenTransferWithoutBeneficiary_thenInvalidRequest() {
        fx.request(TransactionType.TRANSFER, eur("1.00")).rejected(Rejection.INVALID_REQUEST);
    }

    @Test
    void whenTransferToUnknownWallet_thenUnknownWallet() {
        fx.transfer(eur("1.00")).to(NO_SUCH_WALLET).rejected(Rejection.UNKNOWN_WALLET);
    }

    @Test
    void whenTransferFromUnknownWallet_thenUnknownWallet() {
        fx.transfer(eur("1.00")).from(NO_SUCH_WALLET).rejected(Rejection.UNKNOWN_WALLET);
    }

    @Test
    void whenTransferInUnknownPod_thenUnknownPod() {
        fx.transfer(eur("1.00")).in(NO_SUCH_POD).rejected(Rejection.UNKNOWN_POD);
    }

    @Test
    void whenTransferInCurrencyTheServiceDoesNotSupport_thenCurrencyNotSupported() {
        fx.transfer(money("1.00", CHF)).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
    }

    @Test
    void givenBeneficiaryWithoutTheCurrency_whenTransfer_thenCurrencyNotSupported() {
        fx.fund(money("10.00", GBP));

        fx.transfer(money("1.00", GBP)).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
    }

    @Test
    void givenSourceWithoutTheCurrency_whenTransferFromPersonalWallet_thenCurrencyNotSupported() {
        fx.transfer(money("1.00", GBP)).from(OWNER_WALLET).to(POD_WALLET).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
    }

    @Test
    void givenSomeoneElsesPersonalWallet_whenTransferFromIt_thenRoleNotAllowed() {
        fx.fundPersonal(BOB_WALLET, eur("10.00"));

        fx.transfer(eur("1.00")).from(BOB_WALLET).to(OWNER_WALLET).rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenMemberOfThePod_whenTransferFromTheOwnersPersonalWallet_thenRoleNotAllowed() {
        fx.fundPersonal(OWNER_WALLET, eur("10.00"));

        fx.transfer(eur("1.00")).by(MEMBER).from(OWNER_WALLET).rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenAnotherPodsWallet_whenTransferFromIt_thenRoleNotAllowed() {
        fx.transfer(eur("1.00")).from(OTHER_POD_WALLET).rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenNonMember_whenTransferInThePodFromOwnWallet_thenNotAMember() {
        fx.transfer(eur("1.00")).by(BOB).from(BOB_WALLET).to(OWNER_WALLET).rejected(Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenTransferToAnotherPod_whenAccepted_thenOtherPodCredited() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("10.00")).to(OTHER_POD_WALLET).accepted();

        assertThat(fx.available(OTHER_POD_WALLET, EUR)).isEqualTo(1_000);
        // The other pod's money is not the owner's to move.
        fx.transfer(eur("1.00")).in(OTHER_POD).by(OWNER).to(BOB_WALLET).rejected(Rejection.NOT_A_MEMBER);
    }
}
