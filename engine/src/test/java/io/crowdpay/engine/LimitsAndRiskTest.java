package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.DAY;
import static io.crowdpay.engine.EngineFixture.JPY;
import static io.crowdpay.engine.EngineFixture.LOW_TIER;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.MINUTE;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.SECOND;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.eur;
import static io.crowdpay.engine.EngineFixture.usd;

import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KYC tier limits (per transaction and per UTC day) and the risk rules (amount threshold, velocity). */
class LimitsAndRiskTest {

    /** A verified user of each tier; tests use USD, which has no risk threshold, so only tier limits apply. */
    static Stream<Arguments> tiers() {
        return Stream.of(
                Arguments.of(LOW_TIER, 0),
                Arguments.of(MEMBER, 1),
                Arguments.of(OWNER, 2));
    }

    @Nested
    class PerTransaction {

        @ParameterizedTest(name = "tier {1}")
        @MethodSource("io.crowdpay.engine.LimitsAndRiskTest#tiers")
        void givenTier_whenOneMinorUnitAboveItsPerTransactionLimit_thenLimitExceeded(UserId user, int tier) {
            EngineFixture fx = EngineFixture.given();
            long limit = ConfigBuilder.PER_TRANSACTION_MAX_CENTS[tier];

            fx.transfer(new Money(limit + 1, USD)).by(user).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @ParameterizedTest(name = "tier {1}")
        @MethodSource("io.crowdpay.engine.LimitsAndRiskTest#tiers")
        void givenTier_whenExactlyItsPerTransactionLimit_thenAccepted(UserId user, int tier) {
            EngineFixture fx = EngineFixture.given();
            Money limit = new Money(ConfigBuilder.PER_TRANSACTION_MAX_CENTS[tier], USD);
            fx.fund(limit);

            fx.transfer(limit).by(user).accepted();
        }

        @Test
        void givenTier0_whenAboveItsYenLimit_thenLimitExceededInThatCurrencysUnits() {
            EngineFixture fx = EngineFixture.given();

            fx.transfer(new Money(ConfigBuilder.PER_TRANSACTION_MAX_YEN[0] + 1, JPY)).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @Test
        void givenTier0_whenTopUpAboveItsLimit_thenLimitExceeded() {
            EngineFixture fx = EngineFixture.given();

            fx.topUpRequest(eur("100.01")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @Test
        void givenUserPromotedToHigherTier_whenSameAmountAgain_thenAccepted() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("500.00"));
            fx.transfer(eur("500.00")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);

            fx.putUser(LOW_TIER, KycStatus.VERIFIED, 1);

            fx.transfer(eur("500.00")).by(LOW_TIER).accepted();
        }
    }

    @Nested
    class Daily {

        @ParameterizedTest(name = "tier {1}")
        @MethodSource("io.crowdpay.engine.LimitsAndRiskTest#tiers")
        void givenTierDailyLimitSpentInFullTransactions_whenOneMoreCent_thenLimitExceeded(UserId user, int tier) {
            EngineFixture fx = EngineFixture.given();
            long perTransaction = ConfigBuilder.PER_TRANSACTION_MAX_CENTS[tier];
            long daily = ConfigBuilder.DAILY_MAX_CENTS[tier];
            fx.fund(new Money(daily, USD));
            fx.advance(DAY); // a new UTC day for the spender's own limits, whatever funding cost the treasurer
            for (long spent = 0; spent < daily; spent += perTransaction) {
                fx.transfer(new Money(perTransaction, USD)).by(user).accepted();
                fx.advance(SECOND);
            }
            fx.fund(usd("1.00"));

            fx.transfer(usd("0.01")).by(user).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @Test
        void givenTier0SpentMostOfItsDay_whenRemainderExactlyFits_thenAcceptedAndNextCentRefused() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("300.00"));
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
            fx.transfer(eur("99.99")).by(LOW_TIER).accepted();

            fx.transfer(eur("0.02")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
            fx.transfer(eur("0.01")).by(LOW_TIER).accepted();
            fx.transfer(eur("0.01")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @Test
        void givenDailyLimitReached_whenStillTheSameUtcDay_thenLimitExceededUntilMidnight() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("300.00"));
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();

            fx.at(Instant.parse("2025-03-10T23:59:59.999Z").toEpochMilli());

            fx.transfer(eur("0.01")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
        }

        @Test
        void givenDailyLimitReached_whenNextUtcDayBegins_thenAcceptedAgain() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("300.00"));
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();

            fx.at(Instant.parse("2025-03-11T00:00:00Z").toEpochMilli());

            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
        }

        @Test
        void givenDailyLimitReachedInEur_whenSpendingUsd_thenCountedSeparately() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("200.00"));
            fx.fund(usd("50.00"));
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();

            fx.transfer(usd("50.00")).by(LOW_TIER).accepted();
        }

        @Test
        void givenRefusedAttempt_whenRetryWithinLimit_thenTheRefusalDidNotCount() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("200.00"));
            fx.transfer(eur("150.00")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);

            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
            fx.transfer(eur("100.00")).by(LOW_TIER).accepted();
        }

        @Test
        void givenFailedTopUp_whenSpendingAgainTheSameDay_thenTheFailedAmountStillCounts() {
            // Daily limits count what was initiated and accepted: a leg that fails later does not hand
            // the limit back (otherwise a user could probe the limit with transactions meant to fail).
            EngineFixture fx = EngineFixture.given();
            var failed = fx.topUpRequest(eur("100.00")).by(LOW_TIER).accepted();
            fx.completeLeg(failed.id(), Leg.FUNDING, false, "card declined");
            fx.topUpRequest(eur("100.00")).by(LOW_TIER).accepted();

            fx.topUpRequest(eur("0.01")).by(LOW_TIER).rejected(Rejection.LIMIT_EXCEEDED);
        }
    }

    @Nested
    class Risk {

        @Test
        void givenTierAllowsIt_whenAmountAboveRiskThreshold_thenRiskRejected() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("6000.00"));

            fx.transfer(eur("5000.01")).rejected(Rejection.RISK_REJECTED);
        }

        @Test
        void whenAmountExactlyAtRiskThreshold_thenAccepted() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(eur("5000.00"));

            fx.transfer(eur("5000.00")).accepted();
        }

        @Test
        void givenNoThresholdForTheCurrency_whenLargeAmount_thenOnlyTierLimitsApply() {
            EngineFixture fx = EngineFixture.given();
            fx.fund(usd("10000.00"));

            fx.transfer(usd("10000.00")).accepted();
        }

        @Test
        void givenVelocityCountReachedWithinWindow_whenOneMore_thenRiskRejected() {
            EngineFixture fx = EngineFixture.given(rules -> rules.velocity(3, MINUTE));
            fx.fund(eur("100.00"));
            long first = fx.now();
            for (int i = 0; i < 3; i++) {
                fx.transfer(eur("1.00")).accepted();
                fx.advance(10 * SECOND);
            }

            fx.transfer(eur("1.00")).rejected(Rejection.RISK_REJECTED);
            fx.at(first + MINUTE - 1);
            fx.transfer(eur("1.00")).rejected(Rejection.RISK_REJECTED);
        }

        @Test
        void givenVelocityCountReached_whenOldestLeavesTheWindow_thenAllowedAgain() {
            EngineFixture fx = EngineFixture.given(rules -> rules.velocity(3, MINUTE));
            fx.fund(eur("100.00"));
            long first = fx.now();
            for (int i = 0; i < 3; i++) {
                fx.transfer(eur("1.00")).accepted();
                fx.advance(10 * SECOND);
            }

            fx.at(first + MINUTE);

            fx.transfer(eur("1.00")).accepted();
            fx.transfer(eur("1.00")).rejected(Rejection.RISK_REJECTED);
        }

        @Test
        void givenOneUserAtVelocityLimit_whenAnotherUserInitiates_thenAccepted() {
            EngineFixture fx = EngineFixture.given(rules -> rules.velocity(3, MINUTE));
            fx.fund(eur("100.00"));
            for (int i = 0; i < 3; i++) {
                fx.transfer(eur("1.00")).accepted();
            }
            fx.transfer(eur("1.00")).rejected(Rejection.RISK_REJECTED);

            fx.transfer(eur("1.00")).by(MEMBER).accepted();
        }

        @Test
        void givenRefusedAttempts_whenVelocityCounted_thenOnlyAcceptedOnesCount() {
            EngineFixture fx = EngineFixture.given(rules -> rules.velocity(2, MINUTE));
            fx.fund(eur("100.00"));
            fx.transfer(eur("1.00")).accepted();
            fx.transfer(eur("100.01")).rejected(Rejection.INSUFFICIENT_FUNDS);
            fx.transfer(eur("200.00")).rejected(Rejection.INSUFFICIENT_FUNDS);

            fx.transfer(eur("1.00")).accepted();
        }
    }
}
