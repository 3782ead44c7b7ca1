package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.ADMIN;
import static io.crowdpay.engine.EngineFixture.CHF;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.EUR_JPY;
import static io.crowdpay.engine.EngineFixture.EUR_USD;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.HOUR;
import static io.crowdpay.engine.EngineFixture.JPY;
import static io.crowdpay.engine.EngineFixture.JPY_EUR;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.NO_SUCH_POD;
import static io.crowdpay.engine.EngineFixture.OTHER_POD;
import static io.crowdpay.engine.EngineFixture.OUTSIDER;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.POD;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.VIEWER;
import static io.crowdpay.engine.EngineFixture.eur;
import static io.crowdpay.engine.EngineFixture.money;
import static io.crowdpay.engine.EngineFixture.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.FxDetails;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** FX quotes (firm, single use, 30 s) and FX_SWAP: hold the sold currency, FX leg, credit the bought one. */
class FxSwapTest {

    private final EngineFixture fx = EngineFixture.given();

    @Nested
    class Quotes {

        @Test
        void whenIssueQuote_thenFirmQuoteWithBuySideRoundedDownAndTtl() {
            FxQuote quote = fx.quote(eur("0.99"), USD, EUR_USD);

            assertThat(quote.buy()).as("0.99 x 1.0857 = 1.074843, rounded down").isEqualTo(usd("1.07"));
            assertThat(quote.sell()).isEqualTo(eur("0.99"));
            assertThat(quote.pod()).isEqualTo(POD);
            assertThat(quote.requestedBy()).isEqualTo(OWNER);
            assertThat(quote.issuedAtMillis()).isEqualTo(fx.now());
            assertThat(quote.expiresAtMillis()).isEqualTo(fx.now() + 30_000);
            assertThat(quote.used()).isFalse();
            assertThat(fx.events()).containsExactly(new Event.QuoteIssued(quote, fx.now()));
            assertThat(fx.storedQuote(quote.id())).isEqualTo(quote);
        }

        @Test
        void whenIssueQuoteBetweenScales_thenBuyInTheBoughtCurrencysMinorUnit() {
            FxQuote quote = fx.quote(eur("1.99"), JPY, EUR_JPY);

            assertThat(quote.buy()).as("1.99 x 161.23 = 320.8477 yen, rounded down").isEqualTo(new Money(320, JPY));
        }

        @Test
        void whenIssueQuoteForTheSameCurrency_thenInvalidRequest() {
            fx.assertRejected(fx.quoteRequest(OWNER, POD, eur("10.00"), EUR, EUR_USD), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenIssueQuoteTooSmallToBuyAnything_thenInvalidRequest() {
            fx.assertRejected(fx.quoteRequest(OWNER, POD, new Money(1, JPY), EUR, JPY_EUR), Rejection.INVALID_REQUEST);
        }

        @Test
        void givenPodWithoutTheBuyCurrency_whenIssueQuote_thenCurrencyNotSupported() {
            fx.assertRejected(fx.quoteRequest(OUTSIDER, OTHER_POD, eur("10.00"), GBP, EUR_USD), Rejection.CURRENCY_NOT_SUPPORTED);
        }

        @Test
        void whenIssueQuoteInCurrencyTheServiceDoesNotSupport_thenCurrencyNotSupported() {
            fx.assertRejected(fx.quoteRequest(OWNER, POD, eur("10.00"), CHF, EUR_USD), Rejection.CURRENCY_NOT_SUPPORTED);
        }

        @Test
        void whenIssueQuoteForUnknownPod_thenUnknownPod() {
            fx.assertRejected(fx.quoteRequest(OWNER, NO_SUCH_POD, eur("10.00"), USD, EUR_USD), Rejection.UNKNOWN_POD);
        }

        @Test
        void givenNonMember_whenIssueQuote_thenNotAMember() {
            fx.assertRejected(fx.quoteRequest(OUTSIDER, POD, eur("10.00"), USD, EUR_USD), Rejection.NOT_A_MEMBER);
        }

        @Test
        void givenMemberRole_whenIssueQuote_thenRoleNotAllowed() {
            fx.assertRejected(fx.quoteRequest(MEMBER, POD, eur("10.00"), USD, EUR_USD), Rejection.ROLE_NOT_ALLOWED);
        }

        @Test
        void givenViewerRole_whenIssueQuote_thenRoleNotAllowed() {
            fx.assertRejected(fx.quoteRequest(VIEWER, POD, eur("10.00"), USD, EUR_USD), Rejection.ROLE_NOT_ALLOWED);
        }

        @Test
        void givenAdminWhoseKycLapsed_whenIssueQuote_thenKycNotVerified() {
            fx.putUser(ADMIN, KycStatus.PENDING, 2);

            fx.assertRejected(fx.quoteRequest(ADMIN, POD, eur("10.00"), USD, EUR_USD), Rejection.KYC_NOT_VERIFIED);
        }
    }

    @Nested
    class Swaps {

        private final Money sell = eur("100.00");
        private final Money buy = usd("108.57");

        @Test
        void givenQuote_whenSwap_thenSellHeldFxLegRequestedAndQuoteUsed() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            Transaction tx = fx.swap(quote).accepted();

            assertThat(tx.status()).isEqualTo(TransactionStatus.PENDING);
            assertThat(tx.fx()).isEqualTo(new FxDetails(quote.id(), EUR_USD, buy));
            assertThat(tx.source()).isEqualTo(POD_WALLET);
            assertThat(tx.beneficiary()).isEqualTo(POD_WALLET);
            assertThat(fx.events()).containsExactly(
                    new Event.TransactionInitiated(tx, fx.now()),
                    new Event.FundsHeld(tx.id(), POD_WALLET, sell, fx.now()),
                    new Event.LegRequested(tx.id(), Leg.FX, sell, fx.now()));
            assertThat(fx.storedQuote(quote.id()).used()).isTrue();
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(90_000);
            assertThat(fx.held(POD_WALLET, EUR)).isEqualTo(10_000);
        }

        @Test
        void givenHeldFunds_whenFxLegSucceeds_thenSellGoesToLiquidityAndBuyCredited() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.swap(fx.quote(sell, USD, EUR_USD)).accepted();

            fx.completeLeg(tx.id(), Leg.FX, true, null);

            long now = fx.now();
            assertThat(fx.events()).containsExactly(
                    new Event.LegCompleted(tx.id(), Leg.FX, true, null, now),
                    new Event.Posted(tx.id(), POD_WALLET, null, null, SystemAccount.FX_LIQUIDITY, sell, now),
                    new Event.Posted(tx.id(), null, SystemAccount.FX_LIQUIDITY, POD_WALLET, null, buy, now),
                    new Event.TransactionSettled(tx.id(), now));
            assertThat(fx.get(tx.id()).status()).isEqualTo(TransactionStatus.SETTLED);
            assertThat(fx.balance(POD_WALLET, EUR).total()).isEqualTo(90_000);
            assertThat(fx.held(POD_WALLET, EUR)).isZero();
            assertThat(fx.available(POD_WALLET, USD)).isEqualTo(10_857);
            assertThat(fx.system(SystemAccount.FX_LIQUIDITY, EUR)).isEqualTo(10_000);
            assertThat(fx.system(SystemAccount.FX_LIQUIDITY, USD)).isEqualTo(-10_857);
        }

        @Test
        void givenHeldFunds_whenFxLegFails_thenHoldReleased() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);
            Transaction tx = fx.swap(quote).accepted();

            fx.completeLeg(tx.id(), Leg.FX, false, "liquidity provider rejected the trade");

            assertThat(fx.events()).containsExactly(
                    new Event.LegCompleted(tx.id(), Leg.FX, false, "liquidity provider rejected the trade", fx.now()),
                    new Event.CompensationApplied(tx.id(), "CompensateFxLeg", "liquidity provider rejected the trade", fx.now()),
                    new Event.HoldReleased(tx.id(), POD_WALLET, sell, fx.now()),
                    new Event.TransactionFailed(tx.id(), Failure.LEG_FAILED, "liquidity provider rejected the trade", fx.now()));
            Transaction failed = fx.get(tx.id());
            assertThat(failed.status()).isEqualTo(TransactionStatus.FAILED);
            assertThat(failed.failure().reason()).isEqualTo("liquidity provider rejected the trade");
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
            assertThat(fx.held(POD_WALLET, EUR)).isZero();
            assertThat(fx.balance(POD_WALLET, USD).total()).isZero();
            assertThat(fx.system(SystemAccount.FX_LIQUIDITY, EUR)).isZero();
            assertThat(fx.storedQuote(quote.id()).used()).as("a quote is single use even if its swap failed").isTrue();
        }

        @Test
        void givenFailedSwap_whenFxFailureRedelivered_thenIgnored() {
            fx.fund(eur("1000.00"));
            Transaction tx = fx.swap(fx.quote(sell, USD, EUR_USD)).accepted();
            fx.completeLeg(tx.id(), Leg.FX, false, "rejected");

            fx.assertIgnored(new Command.CompleteLeg(tx.id(), Leg.FX, false, "rejected"));

            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(100_000);
        }

        @Test
        void givenQuote_whenSwapJustBeforeExpiry_thenAccepted() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.at(quote.expiresAtMillis() - 1);

            fx.swap(quote).accepted();
        }

        @Test
        void givenQuote_whenSwapAtExactlyExpiresAt_thenQuoteExpired() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.at(quote.expiresAtMillis());

            fx.swap(quote).rejected(Rejection.FX_QUOTE_EXPIRED);
        }

        @Test
        void givenQuote_whenSwapAfterExpiry_thenQuoteExpired() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.at(quote.expiresAtMillis() + 10_000);

            fx.swap(quote).rejected(Rejection.FX_QUOTE_EXPIRED);
        }

        @Test
        void givenQuoteExpiredMoreThanAnHourAgo_whenSwap_thenQuoteInvalidBecauseForgotten() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.at(quote.expiresAtMillis() + HOUR);

            fx.swap(quote).rejected(Rejection.FX_QUOTE_INVALID);
            assertThat(fx.storedQuote(quote.id())).isNull();
        }

        @Test
        void whenSwapWithUnknownQuote_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));

            fx.request(TransactionType.FX_SWAP, sell).quote(new QuoteId("q_never_issued")).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void whenSwapWithoutQuoteId_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));

            fx.request(TransactionType.FX_SWAP, sell).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void givenQuoteOfAnotherPod_whenSwap_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));
            FxQuote theirs = EngineFixture.expect(fx.apply(fx.quoteRequest(OUTSIDER, OTHER_POD, sell, USD, EUR_USD)),
                    Outcome.QuoteIssued.class).quote();

            fx.swap(theirs).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void givenUsedQuote_whenSwapAgain_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);
            fx.swap(quote).accepted();

            fx.swap(quote).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void givenQuote_whenSwapAmountDiffersFromSellSide_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.swap(quote).amount(eur("99.99")).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void givenQuote_whenSwapAmountInAnotherCurrency_thenQuoteInvalid() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.swap(quote).amount(money("100.00", GBP)).rejected(Rejection.FX_QUOTE_INVALID);
        }

        @Test
        void givenQuoteButTooLittleMoney_whenSwap_thenInsufficientFundsAndQuoteStillUnused() {
            fx.fund(eur("99.99"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.swap(quote).rejected(Rejection.INSUFFICIENT_FUNDS);

            assertThat(fx.storedQuote(quote.id()).used()).isFalse();
        }

        @Test
        void givenQuote_whenMemberSwaps_thenRoleNotAllowed() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.swap(quote).by(MEMBER).rejected(Rejection.ROLE_NOT_ALLOWED);
        }

        @Test
        void givenQuoteIssuedToOwner_whenAdminSwaps_thenAccepted() {
            fx.fund(eur("1000.00"));
            FxQuote quote = fx.quote(sell, USD, EUR_USD);

            fx.swap(quote).by(ADMIN).accepted();
        }
    }
}
