package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.BOB;
import static io.crowdpay.engine.EngineFixture.BOB_WALLET;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.NO_SUCH_WALLET;
import static io.crowdpay.engine.EngineFixture.OUTSIDER;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.POD;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.VIEWER;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads: a pod's data only for its members (any role) or an admin; a personal wallet for its owner. */
class QueryTest {

    private final EngineFixture fx = EngineFixture.given();
    private Transaction transfer;

    @BeforeEach
    void aSettledTransfer() {
        fx.fund(eur("100.00"));
        transfer = fx.transfer(eur("40.00")).accepted();
    }

    @Test
    void givenTransaction_whenViewerOfItsPodAsks_thenFound() {
        Outcome outcome = fx.apply(new Command.GetTransaction(transfer.id(), VIEWER, false));

        assertThat(EngineFixture.expect(outcome, Outcome.TransactionFound.class).transaction())
                .isEqualTo(fx.transaction(transfer.id()));
    }

    @Test
    void givenTransaction_whenMemberAsks_thenFound() {
        assertThat(fx.apply(new Command.GetTransaction(transfer.id(), MEMBER, false))).isInstanceOf(Outcome.TransactionFound.class);
    }

    @Test
    void givenTransaction_whenNonMemberAsks_thenNotAMember() {
        fx.assertQueryRejected(new Command.GetTransaction(transfer.id(), OUTSIDER, false), Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenTransaction_whenBeneficiaryWhoIsNoMemberAsks_thenNotAMember() {
        fx.assertQueryRejected(new Command.GetTransaction(transfer.id(), BOB, false), Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenTransaction_whenAdminAsks_thenFoundWhoeverTheyAre() {
        assertThat(fx.apply(new Command.GetTransaction(transfer.id(), OUTSIDER, true))).isInstanceOf(Outcome.TransactionFound.class);
    }

    @Test
    void whenUnknownTransactionAsked_thenNotFound() {
        fx.assertQueryRejected(new Command.GetTransaction(new TransactionId("tx_unknown"), OWNER, false), Rejection.NOT_FOUND);
    }

    @Test
    void whenUnknownTransactionAskedByAdmin_thenNotFound() {
        fx.assertQueryRejected(new Command.GetTransaction(new TransactionId("tx_unknown"), OWNER, true), Rejection.NOT_FOUND);
    }

    @Test
    void givenPodWallet_whenViewerAsks_thenBalancesShown() {
        Outcome outcome = fx.apply(new Command.GetWallet(POD_WALLET, VIEWER, false));

        WalletView view = EngineFixture.expect(outcome, Outcome.WalletFound.class).wallet();
        assertThat(view.id()).isEqualTo(POD_WALLET);
        assertThat(view.pod()).isEqualTo(POD);
        assertThat(view.owner()).isNull();
        assertThat(view.balances()).contains(new WalletView.Line(EUR, 6_000, 0));
    }

    @Test
    void givenPodWallet_whenNonMemberAsks_thenNotAMember() {
        fx.assertQueryRejected(new Command.GetWallet(POD_WALLET, BOB, false), Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenPersonalWallet_whenOwnerAsks_thenFound() {
        Outcome outcome = fx.apply(new Command.GetWallet(BOB_WALLET, BOB, false));

        WalletView view = EngineFixture.expect(outcome, Outcome.WalletFound.class).wallet();
        assertThat(view.owner()).isEqualTo(BOB);
        assertThat(view.balances()).contains(new WalletView.Line(EUR, 4_000, 0));
    }

    @Test
    void givenPersonalWallet_whenSomeoneElseAsks_thenNotAMember() {
        fx.assertQueryRejected(new Command.GetWallet(BOB_WALLET, OWNER, false), Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenPersonalWallet_whenAdminAsks_thenFound() {
        assertThat(fx.apply(new Command.GetWallet(BOB_WALLET, new UserId("u_support"), true))).isInstanceOf(Outcome.WalletFound.class);
    }

    @Test
    void whenUnknownWalletAsked_thenNotFound() {
        fx.assertQueryRejected(new Command.GetWallet(NO_SUCH_WALLET, OWNER, true), Rejection.NOT_FOUND);
    }

    @Test
    void whenQueryAnswered_thenNothingChangesNotEvenTheClock() {
        String before = fx.hash();
        long commands = fx.engine().state().commandsApplied();
        fx.advance(EngineFixture.HOUR);

        fx.apply(new Command.GetWallet(POD_WALLET, OWNER, false));
        fx.apply(new Command.GetTransaction(transfer.id(), OWNER, false));

        assertThat(fx.events()).isEmpty();
        assertThat(fx.engine().state().commandsApplied()).isEqualTo(commands);
        assertThat(fx.hash()).isEqualTo(before);
    }

    @Test
    void whenQueryAnswered_thenItIsNotJournaled() {
        assertThat(new Command.GetWallet(POD_WALLET, OWNER, false).journaled()).isFalse();
        assertThat(new Command.GetTransaction(transfer.id(), OWNER, false).journaled()).isFalse();
    }
}
