package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.EUR_JPY;
import static io.crowdpay.engine.EngineFixture.EUR_USD;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.JPY;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.POD;
import static io.crowdpay.engine.EngineFixture.POD_MEMBERS;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.eur;
import static io.crowdpay.engine.EngineFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inputs the engine must refuse or absorb rather than throw on. An exception out of {@code apply} halts
 * the processor (journal's {@code Processor}), and since the command is already journaled, every replay
 * halts at the same index again: a poison pill. So every well-formed command must end in an Outcome.
 *
 * <p>The tests marked REGRESSION each failed against an earlier version of the engine (the comment says
 * how it broke); they guard the fix.
 */
class EngineRobustnessTest {

    private final EngineFixture fx = EngineFixture.given();

    /*
     * REGRESSION (Engine.setCurrencies): PutPod may drop a currency whose balance is zero while a pending
     * TOP_UP will credit it. When the funding leg then confirms, Ledger.creditFromSystem ->
     * Wallet.balance throws IllegalStateException("wallet pw_pod_trip has no GBP balance") after the
     * pending leg was already removed: the engine halts, and halts again on every replay.
     */
    @Test
    void givenPendingTopUpInACurrency_whenPodDropsThatCurrencyAndFundingConfirms_thenEngineDoesNotHalt() {
        Transaction topUp = fx.topUpRequest(money("20.00", GBP)).accepted();

        assertThatCode(() -> {
            fx.apply(new Command.PutPod(POD, "Lisbon trip", List.of(EUR, USD, JPY), POD_MEMBERS));
            fx.completeLeg(topUp.id(), Leg.FUNDING, true, null);
        }).doesNotThrowAnyException();

        fx.engine().verifyInvariants();
        assertThat(fx.transaction(topUp.id()).status().isTerminal()).isTrue();
    }

    /*
     * REGRESSION (Engine.setCurrencies): same as above for the bought side of a pending FX swap; the
     * sold side is held, so it cannot be dropped, but the bought currency can, and Settlement.settleLeg
     * then throws while crediting it.
     */
    @Test
    void givenPendingSwapIntoACurrency_whenPodDropsThatCurrencyAndFxConfirms_thenEngineDoesNotHalt() {
        fx.fund(eur("100.00"));
        FxQuote quote = fx.quote(eur("100.00"), USD, EUR_USD);
        Transaction swap = fx.swap(quote).accepted();

        assertThatCode(() -> {
            fx.apply(new Command.PutPod(POD, "Lisbon trip", List.of(EUR, JPY, GBP), POD_MEMBERS));
            fx.completeLeg(swap.id(), Leg.FX, true, null);
        }).doesNotThrowAnyException();

        fx.engine().verifyInvariants();
        assertThat(fx.transaction(swap.id()).status().isTerminal()).isTrue();
    }

    /*
     * Regression: the engine refuses non-positive amounts itself. Before commit e25f37e a TRANSFER of 0
     * passed every check and Ledger.hold threw after the transaction, key and spending were stored.
     */
    @ParameterizedTest(name = "{0} of {1} cents")
    @CsvSource({"TRANSFER, 0", "WITHDRAWAL, -100", "TOP_UP, 0", "TOP_UP, -1", "FX_SWAP, 0"})
    void whenInitiateWithNonPositiveAmount_thenInvalidRequestAndNothingChanges(TransactionType type, long cents) {
        fx.fund(eur("10.00"));

        fx.request(type, new Money(cents, EUR)).to(EngineFixture.BOB_WALLET).payout(EngineFixture.CLEAN_PAYOUT)
                .rejected(Rejection.INVALID_REQUEST);
    }

    @ParameterizedTest(name = "sell {0} cents")
    @CsvSource({"0", "-1"})
    void whenIssueQuoteWithNonPositiveSellAmount_thenInvalidRequest(long cents) {
        fx.assertRejected(fx.quoteRequest(OWNER, POD, new Money(cents, EUR), USD, EUR_USD), Rejection.INVALID_REQUEST);
    }

    /*
     * REGRESSION (Rate.convert via Engine.issueQuote): a large sell amount times the rate overflows a long;
     * BigInteger.longValueExact throws ArithmeticException out of apply. The quote should be refused
     * (INVALID_REQUEST) like one too small to buy anything.
     */
    @Test
    void whenIssueQuoteWhoseBuySideOverflows_thenRefusedNotThrown() {
        Command.IssueQuote huge = fx.quoteRequest(OWNER, POD, new Money(Long.MAX_VALUE, EUR), JPY, EUR_JPY);

        assertThatCode(() -> fx.assertRejected(huge, Rejection.INVALID_REQUEST)).doesNotThrowAnyException();
    }

    /*
     * REGRESSION (Engine.putPod): PodId accepts up to 128 characters, but the pod's wallet id is "pw_" +
     * pod id, and WalletId allows only 128, so a pod id of 126..128 characters makes WalletId's
     * constructor throw IllegalArgumentException out of apply. API.md limits client ids to 64
     * characters of [A-Za-z0-9_-] (Ids.CLIENT_ID), which nothing in the engine checks.
     */
    @Test
    void whenPutPodWithIdTooLongForItsWalletId_thenInvalidRequestNotThrown() {
        var command = new Command.PutPod(new PodId("p".repeat(128)), "Long", List.of(EUR), List.of(new Member(OWNER, Role.OWNER)));

        assertThatCode(() -> fx.assertRejected(command, Rejection.INVALID_REQUEST)).doesNotThrowAnyException();
    }

    /*
     * REGRESSION (Engine.issueQuote): an IssueQuote whose id is already in use silently replaces the stored
     * quote, resetting "used" to false, so a single-use quote can be swapped twice. Initiate refuses a
     * reused transaction id with INVALID_REQUEST; IssueQuote should do the same.
     */
    @Test
    void givenUsedQuote_whenAQuoteWithTheSameIdIsIssuedAgain_thenInvalidRequest() {
        fx.fund(eur("300.00"));
        FxQuote quote = fx.quote(eur("100.00"), USD, EUR_USD);
        fx.swap(quote).accepted();

        fx.assertRejected(new Command.IssueQuote(quote.id(), OWNER, POD, eur("100.00"), USD, EUR_USD), Rejection.INVALID_REQUEST);
        assertThat(fx.storedQuote(new QuoteId(quote.id().value())).used()).isTrue();
    }
}
