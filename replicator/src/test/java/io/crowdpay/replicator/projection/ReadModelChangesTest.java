package io.crowdpay.replicator.projection;

import static io.crowdpay.replicator.projection.EngineRun.ALICE;
import static io.crowdpay.replicator.projection.EngineRun.BOB;
import static io.crowdpay.replicator.projection.EngineRun.BOB_WALLET;
import static io.crowdpay.replicator.projection.EngineRun.CAROL;
import static io.crowdpay.replicator.projection.EngineRun.DAVE;
import static io.crowdpay.replicator.projection.EngineRun.EUR;
import static io.crowdpay.replicator.projection.EngineRun.FLAT;
import static io.crowdpay.replicator.projection.EngineRun.TRIP;
import static io.crowdpay.replicator.projection.EngineRun.TRIP_WALLET;
import static io.crowdpay.replicator.projection.EngineRun.USD;
import static io.crowdpay.replicator.projection.EngineRun.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given the engine's events, when folded, then the read model's rows: one behaviour per test. */
class ReadModelChangesTest {

    private final EngineRun run = EngineRun.world();

    @Test
    void givenFundedPod_whenTransferInitiated_thenOneRowSettledWithBothWalletsAndTheMoneyMoved() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        run.completeLeg(topUp, Leg.FUNDING, true);
        TransactionId transfer = run.transfer(TRIP, ALICE, eur("25.50"), BOB_WALLET);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        ProjectedTransaction row = changes.initiated().get(transfer);
        assertThat(row.transaction().status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(row.transaction().source()).isEqualTo(TRIP_WALLET);
        assertThat(row.transaction().beneficiary()).isEqualTo(BOB_WALLET);
        assertSameAsEngine(row);
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 7_450, 0));
        assertThat(changes.balances().get(line(BOB_WALLET))).isEqualTo(balance(BOB_WALLET, 2_550, 0));
    }

    @Test
    void givenASettledTransfer_whenAmlReversesIt_thenReversedWithTheReasonAndTheMoneyBack() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        run.completeLeg(topUp, Leg.FUNDING, true);
        TransactionId transfer = run.transfer(TRIP, ALICE, eur("25.50"), BOB_WALLET);
        run.ok(new io.crowdpay.engine.command.Command.ScreenAml(transfer, true, "mule account"));

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        ProjectedTransaction row = changes.initiated().get(transfer);
        assertThat(row.transaction().status()).isEqualTo(TransactionStatus.REVERSED);
        assertThat(row.transaction().failure().code()).isEqualTo("aml_hit");
        assertSameAsEngine(row);
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 10_000, 0));
        assertThat(changes.balances().get(line(BOB_WALLET))).isEqualTo(balance(BOB_WALLET, 0, 0));
    }

    @Test
    void givenAWithdrawalWaitingOnItsLeg_whenTheLegTimesOut_thenFailedAndTheHoldReleased() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        run.completeLeg(topUp, Leg.FUNDING, true);
        TransactionId out = run.withdrawal(TRIP, ALICE, eur("30"));
        run.ok(new io.crowdpay.engine.command.Command.TimeoutLeg(out, Leg.PAYOUT));

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated().get(out).transaction().status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(changes.initiated().get(out).transaction().failure().code()).isEqualTo("leg_timeout");
        assertSameAsEngine(changes.initiated().get(out));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 10_000, 0));
    }

    @Test
    void givenTopUp_whenFundingConfirms_thenSettledAndThePodCredited() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        run.completeLeg(topUp, Leg.FUNDING, true);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated().get(topUp).transaction().status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(changes.initiated().get(topUp).transaction().request().fundingSource()).isNotNull();
        assertSameAsEngine(changes.initiated().get(topUp));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 10_000, 0));
    }

    @Test
    void givenTopUp_whenFundingFails_thenFailedWithTheLegsReasonAndNoMoneyMoved() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        run.completeLeg(topUp, Leg.FUNDING, false);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        Transaction tx = changes.initiated().get(topUp).transaction();
        assertThat(tx.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(tx.failure().code()).isEqualTo("leg_failed");
        assertThat(tx.failure().reason()).isEqualTo("declined by the bank");
        assertThat(tx.updatedAtMillis()).isGreaterThan(tx.createdAtMillis());
        assertSameAsEngine(changes.initiated().get(topUp));
        assertThat(changes.balances()).isEmpty();
    }

    @Test
    void givenWithdrawal_whilePayoutPending_thenPendingWithTheAmountHeld() {
        fund("300");
        int from = run.recordCount();
        TransactionId withdrawal = run.withdrawal(TRIP, ALICE, eur("120"));

        ReadModelChanges changes = ReadModelChanges.of(run.recordsFrom(from));

        assertThat(changes.initiated().get(withdrawal).transaction().status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(changes.initiated().get(withdrawal).transaction().request().payout()).isEqualTo(EngineRun.PAYOUT);
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, -12_000, 12_000));
    }

    @Test
    void givenWithdrawal_whenPayoutConfirms_thenSettledAndTheHoldLeavesTheWallet() {
        fund("300");
        TransactionId withdrawal = run.withdrawal(TRIP, ALICE, eur("120"));
        run.completeLeg(withdrawal, Leg.PAYOUT, true);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated().get(withdrawal).transaction().status()).isEqualTo(TransactionStatus.SETTLED);
        assertSameAsEngine(changes.initiated().get(withdrawal));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 18_000, 0));
    }

    @Test
    void givenWithdrawal_whenPayoutFails_thenFailedAndTheHoldReleased() {
        fund("300");
        TransactionId withdrawal = run.withdrawal(TRIP, ALICE, eur("120"));
        run.completeLeg(withdrawal, Leg.PAYOUT, false);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated().get(withdrawal).transaction().status()).isEqualTo(TransactionStatus.FAILED);
        assertSameAsEngine(changes.initiated().get(withdrawal));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 30_000, 0));
    }

    @Test
    void givenFxSwap_whenFxLegConfirms_thenSettledWithItsQuoteAndTheBoughtCurrencyCredited() {
        fund("300");
        TransactionId swap = run.fxSwap(TRIP, ALICE, eur("100"), USD);
        run.completeLeg(swap, Leg.FX, true);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        Transaction tx = changes.initiated().get(swap).transaction();
        assertThat(tx.status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(tx.fx().rate().toPlainString()).isEqualTo("1.0857");
        assertThat(tx.fx().buy()).isEqualTo(EngineRun.money("108.57", USD));
        assertSameAsEngine(changes.initiated().get(swap));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 20_000, 0));
        assertThat(changes.balances().get(new WalletBalance.Line(TRIP_WALLET, USD)))
                .isEqualTo(new WalletBalance(TRIP_WALLET, USD, 10_857, 0));
    }

    @Test
    void givenFxSwap_whenFxLegFails_thenFailedAndTheSoldCurrencyReleased() {
        fund("300");
        TransactionId swap = run.fxSwap(TRIP, ALICE, eur("100"), USD);
        run.completeLeg(swap, Leg.FX, false);

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated().get(swap).transaction().status()).isEqualTo(TransactionStatus.FAILED);
        assertSameAsEngine(changes.initiated().get(swap));
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 30_000, 0));
        assertThat(changes.balances()).doesNotContainKey(new WalletBalance.Line(TRIP_WALLET, USD));
    }

    @Test
    void givenRefusedTransfer_thenNoRowAndNoMoneyMoved() {
        fund("10");
        int from = run.recordCount();
        TransactionId refused = run.transfer(TRIP, ALICE, eur("10.01"), BOB_WALLET);

        ReadModelChanges changes = ReadModelChanges.of(run.recordsFrom(from));

        assertThat(run.stored(refused)).as("the engine refused it").isNull();
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void givenTransactionStoredEarlier_whenItSettlesInALaterBatch_thenOnlyItsStatusChange() {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        int from = run.recordCount();
        run.completeLeg(topUp, Leg.FUNDING, true);

        ReadModelChanges changes = ReadModelChanges.of(run.recordsFrom(from));

        assertThat(changes.initiated()).isEmpty();
        StatusChange change = changes.changed().get(topUp);
        assertThat(change.status()).isEqualTo(TransactionStatus.SETTLED);
        assertThat(change.atMillis()).isEqualTo(run.stored(topUp).updatedAtMillis());
        assertThat(changes.balances().get(line(TRIP_WALLET))).isEqualTo(balance(TRIP_WALLET, 10_000, 0));
    }

    @Test
    void givenPodUpsertedTwice_thenItsMembersAreTheLastOnes() {
        run.ok(new Command.PutPod(TRIP, "Trip", List.of(EUR, USD),
                List.of(new Member(ALICE, Role.OWNER), new Member(DAVE, Role.VIEWER))));

        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.members().get(TRIP)).containsExactly(new Member(ALICE, Role.OWNER), new Member(DAVE, Role.VIEWER));
        assertThat(changes.members().get(FLAT)).containsExactly(new Member(BOB, Role.OWNER));
        assertThat(changes.members().get(TRIP)).extracting(Member::userId).doesNotContain(CAROL);
    }

    @Test
    void givenReferenceDataOnly_thenNoTransactionsOrBalances() {
        ReadModelChanges changes = ReadModelChanges.of(run.records());

        assertThat(changes.initiated()).isEmpty();
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.balances()).isEmpty();
        assertThat(changes.members()).containsOnlyKeys(TRIP, FLAT);
    }

    @Test
    void givenRandomTraffic_thenEveryRowAndBalanceEqualsTheEngines() {
        EngineRun traffic = EngineRun.randomTraffic(42, 400);

        ReadModelChanges changes = ReadModelChanges.of(traffic.records());

        assertThat(changes.initiated().keySet()).containsExactlyInAnyOrderElementsOf(
                traffic.engine().state().transactions().keySet());
        changes.initiated().values().forEach(row -> assertSameAsEngine(traffic, row));
        traffic.engine().state().ledger().wallets().values().forEach(wallet -> wallet.balances().forEach((currency, b) -> {
            WalletBalance projected = changes.balances().getOrDefault(new WalletBalance.Line(wallet.id(), currency),
                    new WalletBalance(wallet.id(), currency, 0, 0));
            assertThat(List.of(projected.available(), projected.held())).as("%s %s", wallet.id(), currency)
                    .containsExactly(b.available(), b.held());
        }));
    }

    @Test
    void givenAnEventTypeTheReadModelDoesNotKnow_thenItStopsInsteadOfGuessing() {
        EventRecord unknown = new EventRecord(1, "ev_1", "tx_1", 1, "TransactionFrozen.v1",
                "{\"transaction_id\":\"tx_1\"}", 1, EngineRun.T0, null);

        assertThatThrownBy(() -> ReadModelChanges.of(List.of(unknown))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransactionFrozen.v1").hasMessageContaining("unknown to the read model");
    }

    @Test
    void givenAPayloadMissingAField_thenItStops() {
        EventRecord broken = new EventRecord(1, "ev_1", "tx_1", 1, "TransactionSettled.v1", "{\"at_ms\":1}", 1, 1, null);

        assertThatThrownBy(() -> ReadModelChanges.of(List.of(broken))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction_id");
    }

    private void fund(String eur) {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur(eur));
        run.completeLeg(topUp, Leg.FUNDING, true);
    }

    private void assertSameAsEngine(ProjectedTransaction row) {
        assertSameAsEngine(run, row);
    }

    /**
     * The projected transaction equals the engine's own, field for field, except the request's
     * own wallets, which the events carry only resolved (see {@link ProjectedTransaction}).
     */
    static void assertSameAsEngine(EngineRun run, ProjectedTransaction row) {
        Transaction engine = run.stored(row.transaction().id());
        Command.Initiate r = engine.request();
        Command.Initiate resolved = new Command.Initiate(r.id(), r.actor(), r.idempotencyKey(), r.type(), r.pod(), r.amount(),
                engine.source(), engine.beneficiary(), r.payout(), r.fundingSource(), r.quoteId(), r.description(),
                r.metadata(), r.correlationId());
        assertThat(row.transaction()).isEqualTo(new Transaction(resolved, engine.source(), engine.beneficiary(), engine.fx(),
                engine.status(), engine.failure(), engine.createdAtMillis(), engine.updatedAtMillis()));
    }

    private static WalletBalance.Line line(WalletId wallet) {
        return new WalletBalance.Line(wallet, EUR);
    }

    private static WalletBalance balance(WalletId wallet, long available, long held) {
        return new WalletBalance(wallet, EUR, available, held);
    }
}
