package io.crowdpay.replicator.projection;

import static io.crowdpay.replicator.projection.EngineRun.ALICE;
import static io.crowdpay.replicator.projection.EngineRun.BOB_WALLET;
import static io.crowdpay.replicator.projection.EngineRun.EUR;
import static io.crowdpay.replicator.projection.EngineRun.TRIP;
import static io.crowdpay.replicator.projection.EngineRun.TRIP_WALLET;
import static io.crowdpay.replicator.projection.EngineRun.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded default's read model: the whole contract, plus its memory bound. */
class MemoryProjectionTest extends ProjectionContract<MemoryProjection> {

    @Override
    MemoryProjection open() {
        return new MemoryProjection(1_000);
    }

    @Test
    void givenMoreTransactionsThanKept_thenTheOldestDropOutAndTheirLateChangesAreIgnored() throws Exception {
        MemoryProjection small = new MemoryProjection(3);
        TransactionId oldest = run.topUp(TRIP, ALICE, eur("1"));
        List<TransactionId> newer = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            newer.add(run.topUp(TRIP, ALICE, eur("2")));
        }
        run.completeLeg(oldest, Leg.FUNDING, true);

        small.deliver(run.records());

        assertThat(small.transactionsKept()).isEqualTo(3);
        assertThat(Listing.walk(small, TransactionQueries.Filter.ALL, 2)).extracting(r -> r.transaction().id())
                .containsExactly(newer.get(2), newer.get(1), newer.get(0));
        assertThat(Listing.walk(small, new TransactionQueries.Filter(TRIP, TRIP_WALLET, null, null), 2))
                .as("the indexes forget it too").hasSize(3);
        assertThat(small.balances(TRIP_WALLET)).as("balances are kept whole")
                .containsExactly(new WalletBalance(TRIP_WALLET, EUR, 100, 0));
    }

    @Test
    void keptTransactionsShareOneInstanceOfEachPodAndWalletIdInsteadOfTheirDecodedCopies() throws Exception {
        MemoryProjection memory = new MemoryProjection(10);
        run.completeLeg(run.topUp(TRIP, ALICE, eur("50")), Leg.FUNDING, true);
        run.transfer(TRIP, ALICE, eur("1"), BOB_WALLET);
        run.transfer(TRIP, ALICE, eur("2"), BOB_WALLET);

        memory.deliver(run.records());

        List<Transaction> kept = Listing.walk(memory, TransactionQueries.Filter.ALL, 10).stream()
                .map(ProjectedTransaction::transaction).toList();
        assertThat(kept).hasSize(3);
        Transaction second = kept.get(0);
        Transaction first = kept.get(1);
        Transaction topUp = kept.get(2);
        assertThat(first.request().pod()).isEqualTo(TRIP).isSameAs(second.request().pod()).isSameAs(topUp.request().pod());
        assertThat(first.source()).isEqualTo(TRIP_WALLET).isSameAs(second.source()).isSameAs(topUp.beneficiary());
        assertThat(first.beneficiary()).isEqualTo(BOB_WALLET).isSameAs(second.beneficiary())
                .isSameAs(first.request().beneficiaryWallet());
    }

    @Test
    void givenNoRoomForATransaction_thenRefused() {
        assertThatThrownBy(() -> new MemoryProjection(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
