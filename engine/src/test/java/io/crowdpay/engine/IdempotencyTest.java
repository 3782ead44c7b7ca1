package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.ADMIN;
import static io.crowdpay.engine.EngineFixture.DAY;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.SECOND;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys (scoped to the acting user, kept 24 h) and the engine's bounded tables, which refuse
 * with CAPACITY_EXCEEDED rather than grow without limit.
 */
class IdempotencyTest {

    @Nested
    class Replays {

        private final EngineFixture fx = EngineFixture.given();

        @Test
        void givenSettledTransfer_whenSameRequestReplayed_thenOriginalReturnedInItsCurrentState() {
            fx.fund(eur("100.00"));
            EngineFixture.Request request = fx.transfer(eur("25.00")).key("order-17");
            Transaction original = request.accepted();
            assertThat(original.status()).isEqualTo(TransactionStatus.PENDING);

            Outcome replay = request.newId().correlation("retry-2").submit();

            Outcome.TransactionAccepted accepted = EngineFixture.expect(replay, Outcome.TransactionAccepted.class);
            assertThat(accepted.replayed()).isTrue();
            assertThat(accepted.transaction().id()).isEqualTo(original.id());
            assertThat(accepted.transaction().status()).as("the current state, not the one first answered").isEqualTo(TransactionStatus.SETTLED);
            assertThat(accepted.transaction()).isEqualTo(fx.transaction(original.id()));
            assertThat(fx.events()).isEmpty();
            assertThat(fx.available(POD_WALLET, EUR)).as("moved once").isEqualTo(7_500);
            assertThat(fx.engine().state().transactions()).hasSize(2); // the funding top-up and the transfer
        }

        @Test
        void givenReplayOfSameRequest_whenComparedWithTwinThatSawNothing_thenNothingChanged() {
            fx.fund(eur("100.00"));
            EngineFixture.Request request = fx.transfer(eur("25.00")).key("order-17");
            request.accepted();

            fx.assertReplayed(request.newId().command());
        }

        @Test
        void givenPendingWithdrawal_whenReplayedAfterPayoutFailed_thenReplayShowsFailed() {
            fx.fund(eur("100.00"));
            EngineFixture.Request request = fx.withdrawal(eur("25.00")).key("payout-1");
            Transaction original = request.accepted();
            fx.completeLeg(original.id(), Leg.PAYOUT, false, "account closed");

            Outcome replay = request.newId().submit();

            Transaction replayed = EngineFixture.expect(replay, Outcome.TransactionAccepted.class).transaction();
            assertThat(replayed.status()).isEqualTo(TransactionStatus.FAILED);
            assertThat(replayed.failure().reason()).isEqualTo("account closed");
        }

        @Test
        void givenUsedKey_whenSameKeyWithDifferentAmount_thenIdempotencyKeyReused() {
            fx.fund(eur("100.00"));
            fx.transfer(eur("25.00")).key("order-17").accepted();

            fx.transfer(eur("26.00")).key("order-17").rejected(Rejection.IDEMPOTENCY_KEY_REUSED);
        }

        @Test
        void givenUsedKey_whenSameKeyWithDifferentDescription_thenIdempotencyKeyReused() {
            fx.fund(eur("100.00"));
            fx.transfer(eur("25.00")).key("order-17").accepted();

            fx.transfer(eur("25.00")).key("order-17").description("lunch").rejected(Rejection.IDEMPOTENCY_KEY_REUSED);
        }

        @Test
        void givenUsedKey_whenSameKeyWithDifferentType_thenIdempotencyKeyReused() {
            fx.fund(eur("100.00"));
            fx.transfer(eur("25.00")).key("order-17").accepted();

            fx.withdrawal(eur("25.00")).key("order-17").rejected(Rejection.IDEMPOTENCY_KEY_REUSED);
        }

        @Test
        void givenKeyUsedByOneUser_whenAnotherUserUsesTheSameKey_thenItIsADifferentKey() {
            fx.fund(eur("100.00"));
            Transaction owners = fx.transfer(eur("25.00")).key("order-17").accepted();

            Transaction admins = fx.transfer(eur("25.00")).key("order-17").by(ADMIN).accepted();

            assertThat(admins.id()).isNotEqualTo(owners.id());
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(5_000);
        }

        @Test
        void givenRejectedRequest_whenRetriedWithTheSameKey_thenEvaluatedAfresh() {
            fx.transfer(eur("25.00")).key("order-17").rejected(Rejection.INSUFFICIENT_FUNDS);
            fx.fund(eur("100.00"));

            fx.transfer(eur("25.00")).key("order-17").accepted();
        }

        @Test
        void givenKeyJustInsideRetention_whenReplayed_thenStillTheOriginal() {
            fx.fund(eur("100.00"));
            EngineFixture.Request request = fx.transfer(eur("25.00")).key("order-17");
            Transaction original = request.accepted();

            fx.advance(DAY - 1);

            Outcome replay = request.newId().submit();
            assertThat(EngineFixture.expect(replay, Outcome.TransactionAccepted.class).transaction().id()).isEqualTo(original.id());
        }

        @Test
        void givenKeyOlderThanRetention_whenReused_thenNewTransaction() {
            fx.fund(eur("100.00"));
            EngineFixture.Request request = fx.transfer(eur("25.00")).key("order-17");
            Transaction original = request.accepted();

            fx.advance(DAY);

            Transaction second = request.newId().accepted();
            assertThat(second.id()).isNotEqualTo(original.id());
            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(5_000);
        }

        @Test
        void givenExpiredKey_whenReusedForADifferentRequest_thenAccepted() {
            fx.fund(eur("100.00"));
            fx.transfer(eur("25.00")).key("order-17").accepted();

            fx.advance(DAY);

            fx.transfer(eur("30.00")).key("order-17").accepted();
        }

        @Test
        void givenExistingTransactionId_whenNewRequestReusesIt_thenInvalidRequest() {
            fx.fund(eur("100.00"));
            Transaction first = fx.transfer(eur("25.00")).accepted();

            fx.transfer(eur("25.00")).id(first.id()).rejected(Rejection.INVALID_REQUEST);
        }
    }

    @Nested
    class Retention {

        private final EngineFixture fx = EngineFixture.given();

        @Test
        void givenSettledTransactionOlderThanRetention_whenTimeMovesOn_thenItIsEvictedWithItsKey() {
            fx.fund(eur("100.00"));
            Transaction paid = fx.transfer(eur("25.00")).accepted();
            fx.advance(DAY - 1);
            assertThat(fx.transaction(paid.id())).isNotNull();

            fx.advance(1);
            fx.transfer(eur("1.00")).accepted();

            assertThat(fx.transaction(paid.id())).isNull();
            Outcome answer = fx.apply(new io.crowdpay.engine.command.Command.GetTransaction(paid.id(), EngineFixture.OWNER, true));
            assertThat(answer).isEqualTo(new Outcome.Rejected(Rejection.NOT_FOUND, "no transaction " + paid.id()));
        }

        @Test
        void givenTransactionStillWaitingOnItsLeg_whenItsKeyExpires_thenItStaysUntilItEnds() {
            Transaction topUp = fx.topUpRequest(eur("10.00")).accepted();
            fx.advance(DAY);
            fx.fund(eur("1.00"));
            assertThat(fx.transaction(topUp.id()).status()).isEqualTo(TransactionStatus.PENDING);

            fx.completeLeg(topUp.id(), Leg.FUNDING, true, null);

            // Its money is credited all the same; only the record, past retention, is not kept.
            assertThat(fx.transaction(topUp.id())).isNull();
            assertThat(fx.engine().state().pendingLegs()).doesNotContainKey(topUp.id());
            fx.engine().verifyInvariants();
        }
    }

    @Nested
    class Capacity {

        @Test
        void givenPendingLegsAtCapacity_whenAnotherTopUp_thenCapacityExceeded() {
            EngineFixture fx = EngineFixture.given(rules -> rules.pendingLegsMax(2));
            fx.topUpRequest(eur("10.00")).accepted();
            fx.topUpRequest(eur("10.00")).accepted();

            fx.topUpRequest(eur("10.00")).rejected(Rejection.CAPACITY_EXCEEDED);
        }

        @Test
        void givenPendingLegsAtCapacity_whenWithdraw_thenCapacityExceeded() {
            EngineFixture fx = EngineFixture.given(rules -> rules.pendingLegsMax(2));
            fx.fund(eur("100.00"));
            fx.topUpRequest(eur("10.00")).accepted();
            fx.topUpRequest(eur("10.00")).accepted();

            fx.withdrawal(eur("10.00")).rejected(Rejection.CAPACITY_EXCEEDED);
        }

        @Test
        void givenPendingLegsAtCapacity_whenTransfer_thenAcceptedBecauseItWaitsOnNobody() {
            EngineFixture fx = EngineFixture.given(rules -> rules.pendingLegsMax(2));
            fx.fund(eur("100.00"));
            fx.topUpRequest(eur("10.00")).accepted();
            fx.topUpRequest(eur("10.00")).accepted();

            fx.transfer(eur("10.00")).accepted();
        }

        @Test
        void givenPendingLegsAtCapacity_whenOneLegCompletes_thenRoomAgain() {
            EngineFixture fx = EngineFixture.given(rules -> rules.pendingLegsMax(2));
            Transaction first = fx.topUpRequest(eur("10.00")).accepted();
            fx.topUpRequest(eur("10.00")).accepted();
            fx.advance(SECOND);

            fx.completeLeg(first.id(), Leg.FUNDING, false, "card declined");

            fx.topUpRequest(eur("10.00")).accepted();
        }

        @Test
        void givenIdempotencyTableFull_whenNewRequest_thenCapacityExceeded() {
            EngineFixture fx = EngineFixture.given(rules -> rules.idempotencyKeysMax(3));
            fx.fund(eur("100.00"));
            fx.transfer(eur("1.00")).accepted();
            fx.transfer(eur("1.00")).accepted();
            assertThat(fx.engine().state().idempotency()).hasSize(3);

            fx.transfer(eur("1.00")).by(MEMBER).rejected(Rejection.CAPACITY_EXCEEDED);
        }

        @Test
        void givenIdempotencyTableFull_whenReplay_thenStillAnswered() {
            EngineFixture fx = EngineFixture.given(rules -> rules.idempotencyKeysMax(3));
            fx.fund(eur("100.00"));
            fx.transfer(eur("1.00")).accepted();
            EngineFixture.Request last = fx.transfer(eur("1.00"));
            Transaction original = last.accepted();

            Outcome replay = last.newId().submit();

            assertThat(EngineFixture.expect(replay, Outcome.TransactionAccepted.class).transaction().id()).isEqualTo(original.id());
        }

        @Test
        void givenIdempotencyTableFull_whenKeysExpire_thenRoomAgain() {
            EngineFixture fx = EngineFixture.given(rules -> rules.idempotencyKeysMax(3));
            fx.fund(eur("100.00"));
            fx.transfer(eur("1.00")).accepted();
            fx.transfer(eur("1.00")).accepted();

            fx.advance(DAY);

            fx.transfer(eur("1.00")).accepted();
            assertThat(fx.engine().state().idempotency()).hasSize(1);
        }

        @Test
        void givenCompletedTopUp_whenCountingPendingLegs_thenItNoLongerCounts() {
            EngineFixture fx = EngineFixture.given(rules -> rules.pendingLegsMax(1));
            fx.topUp(eur("10.00"));

            fx.topUpRequest(eur("10.00")).accepted();
            assertThat(fx.engine().state().pendingLegs()).hasSize(1);
        }
    }
}
