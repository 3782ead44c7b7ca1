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
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.consumer.EventConsumer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every read model promises, run against each implementation: the consumer contract
 * (checkpoint, redelivery, gaps, all-or-nothing batches) and the query contract (newest first,
 * stable pages, filters, membership, balances). Answers are compared with the engine's own state and
 * with a {@link MemoryProjection} given every event in one batch, so the two implementations can
 * only pass by agreeing.
 */
abstract class ProjectionContract<P extends EventConsumer & TransactionQueries> {

    protected final EngineRun run = EngineRun.world();
    protected P projection;

    /** A new, empty projection of the kind under test; the subclass closes it after each test. */
    abstract P open() throws Exception;

    @BeforeEach
    void openProjection() throws Exception {
        projection = open();
    }

    @Test
    void givenNewProjection_thenCheckpointIsZeroAndTheListEmpty() throws Exception {
        assertThat(projection.checkpoint()).isZero();
        assertThat(projection.list(TransactionQueries.Filter.ALL, 50, null).items()).isEmpty();
        assertThat(projection.name()).isEqualTo("projections");
        assertThat(projection.batchEventsMax()).isEqualTo(10_000);
    }

    @Test
    void givenBatches_whenDelivered_thenCheckpointRowsAndBalancesFollow() throws Exception {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("100"));
        int split = run.recordCount();
        run.completeLeg(topUp, Leg.FUNDING, true);
        TransactionId transfer = run.transfer(TRIP, ALICE, eur("25.50"), BOB_WALLET);
        List<EventRecord> records = run.records();

        assertThat(projection.deliver(records.subList(0, split))).isEqualTo(split);
        assertThat(projection.list(TransactionQueries.Filter.ALL, 50, null).items())
                .extracting(r -> r.transaction().status()).containsExactly(TransactionStatus.PENDING);
        assertThat(projection.deliver(records.subList(split, records.size()))).isEqualTo(records.size());

        assertThat(projection.checkpoint()).isEqualTo(records.size());
        List<ProjectedTransaction> items = projection.list(TransactionQueries.Filter.ALL, 50, null).items();
        assertThat(items).extracting(r -> r.transaction().id()).containsExactly(transfer, topUp);
        items.forEach(row -> ReadModelChangesTest.assertSameAsEngine(run, row));
        assertThat(projection.balances(TRIP_WALLET)).containsExactly(new WalletBalance(TRIP_WALLET, EUR, 7_450, 0));
        assertThat(projection.balances(BOB_WALLET)).containsExactly(new WalletBalance(BOB_WALLET, EUR, 2_550, 0));
    }

    @Test
    void givenAppliedEvents_whenAPrefixIsRedelivered_thenTheAnswersDoNotChange() throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(7, 200).records();
        int half = records.size() / 2;
        projection.deliver(records.subList(0, half));
        List<ProjectedTransaction> before = Listing.walk(projection, TransactionQueries.Filter.ALL, 200);

        assertThat(projection.deliver(records.subList(0, half))).isEqualTo(half);
        assertThat(projection.deliver(records.subList(half / 3, half))).isEqualTo(half);

        assertThat(Listing.walk(projection, TransactionQueries.Filter.ALL, 200)).isEqualTo(before);
        assertThat(projection.deliver(records.subList(half - 10, records.size())))
                .as("an overlapping batch applies its new suffix").isEqualTo(records.size());
        assertSameAnswersAsMemory(records);
    }

    @Test
    void givenAppliedEvents_whenABatchLeavesAGap_thenRefusedAndNothingChanges() throws Exception {
        run.topUp(TRIP, ALICE, eur("100"));
        List<EventRecord> records = run.records();
        projection.deliver(records.subList(0, 5));

        assertThatThrownBy(() -> projection.deliver(records.subList(6, records.size())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("applied through sequence 5 but the batch starts at 7");
        assertThat(projection.checkpoint()).isEqualTo(5);
        assertThat(projection.list(TransactionQueries.Filter.ALL, 50, null).items()).isEmpty();
    }

    @Test
    void givenABatchWithAHole_thenRefusedBeforeAnythingChanges() throws Exception {
        List<EventRecord> records = run.records();
        List<EventRecord> holed = new ArrayList<>(records.subList(0, 3));
        holed.add(records.get(4));

        assertThatThrownBy(() -> projection.deliver(holed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not contiguous");
        assertThatThrownBy(() -> Redelivery.unapplied("projections", 0, records, records.size() - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
        assertThat(projection.checkpoint()).isZero();
    }

    @Test
    void givenABatchEndingInAnUnreadableEvent_thenNoneOfItIsApplied() throws Exception {
        run.topUp(TRIP, ALICE, eur("100"));
        List<EventRecord> batch = new ArrayList<>(run.records());
        long next = batch.size() + 1;
        batch.add(new EventRecord(next, EventRecord.idFor(next), "tx_x", 1, "Mystery.v1", "{}", 99, EngineRun.T0, null));

        assertThatThrownBy(() -> projection.deliver(batch)).isInstanceOf(IllegalStateException.class);

        assertThat(projection.checkpoint()).isZero();
        assertThat(projection.list(TransactionQueries.Filter.ALL, 50, null).items()).isEmpty();
        assertThat(projection.isMember(TRIP, ALICE)).isFalse();
    }

    @Test
    void givenTransactionsInTheSameMillisecond_thenTheLaterSequenceListsFirstAndPagesSplitBetweenThem() throws Exception {
        TransactionId first = run.topUp(TRIP, ALICE, eur("1"));
        TransactionId second = run.sameMillisecond().topUp(TRIP, ALICE, eur("1"));
        TransactionId third = run.sameMillisecond().topUp(TRIP, ALICE, eur("1"));
        projection.deliver(run.records());

        List<ProjectedTransaction> items = Listing.walk(projection, TransactionQueries.Filter.ALL, 1);

        assertThat(items).extracting(r -> r.transaction().createdAtMillis()).containsOnly(items.getFirst().transaction().createdAtMillis());
        assertThat(items).extracting(r -> r.transaction().id()).containsExactly(third, second, first);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 200})
    void givenManyTransactions_whenEveryPageIsWalked_thenEachTransactionComesOnceNewestFirst(int limit) throws Exception {
        EngineRun traffic = EngineRun.randomTraffic(11, 300);
        projection.deliver(traffic.records());

        List<ProjectedTransaction> all = Listing.walk(projection, TransactionQueries.Filter.ALL, limit);

        assertThat(all).extracting(r -> r.transaction().id()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(traffic.engine().state().transactions().keySet());
        Listing.assertNewestFirst(all);
    }

    @Test
    void givenFilters_thenEachListsExactlyTheMatchingTransactions() throws Exception {
        EngineRun traffic = EngineRun.randomTraffic(5, 300);
        projection.deliver(traffic.records());
        List<ProjectedTransaction> everything = Listing.walk(projection, TransactionQueries.Filter.ALL, 200);

        for (TransactionQueries.Filter filter : Listing.filters()) {
            List<ProjectedTransaction> expected = everything.stream().filter(filter::matches).toList();
            assertThat(Listing.walk(projection, filter, 7)).as("%s", filter).isEqualTo(expected);
        }
        var byWallet = new TransactionQueries.Filter(null, BOB_WALLET, null, null);
        assertThat(Listing.walk(projection, byWallet, 50)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.transaction().beneficiary()).isEqualTo(BOB_WALLET));
        var byTripWallet = new TransactionQueries.Filter(null, TRIP_WALLET, null, null);
        assertThat(Listing.walk(projection, byTripWallet, 50)).as("source or beneficiary")
                .anySatisfy(r -> assertThat(r.transaction().source()).isEqualTo(TRIP_WALLET))
                .anySatisfy(r -> assertThat(r.transaction().beneficiary()).isEqualTo(TRIP_WALLET));
    }

    @Test
    void givenAStatusFilter_thenAPendingTransactionLeavesItWhenItSettles() throws Exception {
        TransactionId topUp = run.topUp(TRIP, ALICE, eur("5"));
        projection.deliver(run.records());
        var pending = new TransactionQueries.Filter(TRIP, null, TransactionStatus.PENDING, TransactionType.TOP_UP);
        assertThat(projection.list(pending, 10, null).items()).hasSize(1);
        int from = run.recordCount();

        run.completeLeg(topUp, Leg.FUNDING, true);
        projection.deliver(run.recordsFrom(from));

        assertThat(projection.list(pending, 10, null).items()).isEmpty();
    }

    @Test
    void givenPodMembershipChanges_thenIsMemberFollowsTheLatestPodUpserted() throws Exception {
        projection.deliver(run.records());
        assertThat(projection.isMember(TRIP, CAROL)).isTrue();
        assertThat(projection.isMember(FLAT, BOB)).isTrue();
        assertThat(projection.isMember(TRIP, DAVE)).isFalse();
        assertThat(projection.isMember(FLAT, ALICE)).isFalse();
        int from = run.recordCount();

        run.ok(new Command.PutPod(TRIP, "Trip", List.of(EUR, USD),
                List.of(new Member(ALICE, Role.OWNER), new Member(DAVE, Role.VIEWER))));
        projection.deliver(run.recordsFrom(from));

        assertThat(projection.isMember(TRIP, DAVE)).isTrue();
        assertThat(projection.isMember(TRIP, CAROL)).isFalse();
        assertThat(projection.isMember(new PodId("nowhere"), ALICE)).isFalse();
    }

    @Test
    void givenTraffic_thenTheBalancesAreTheEngines() throws Exception {
        EngineRun traffic = EngineRun.randomTraffic(3, 400);
        projection.deliver(traffic.records());

        traffic.engine().state().ledger().wallets().values().forEach(wallet -> {
            List<WalletBalance> expected = wallet.balances().entrySet().stream()
                    .filter(e -> e.getValue().available() != 0 || e.getValue().held() != 0)
                    .map(e -> new WalletBalance(wallet.id(), e.getKey(), e.getValue().available(), e.getValue().held()))
                    .sorted(Comparator.comparing(b -> b.currency().code())).toList();
            try {
                assertThat(projection.balances(wallet.id()).stream().filter(b -> b.available() != 0 || b.held() != 0))
                        .as("%s", wallet.id()).containsExactlyElementsOf(expected);
            } catch (ReadModelUnavailable e) {
                throw new AssertionError(e);
            }
        });
        assertThat(projection.balances(new WalletId("w_unknown"))).isEmpty();
    }

    /** The read model does not depend on where batches happen to split: a property over seeds and splits. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void givenAnyBatchSplit_thenTheSameAnswersAsOneBatch(long seed) throws Exception {
        List<EventRecord> records = EngineRun.randomTraffic(seed, 250).records();
        Random random = new Random(seed);
        for (int at = 0; at < records.size(); ) {
            int size = 1 + random.nextInt(40);
            int overlap = Math.min(at, random.nextInt(3));
            projection.deliver(records.subList(at - overlap, Math.min(records.size(), at + size)));
            at += size;
        }

        assertSameAnswersAsMemory(records);
    }

    @Test
    void givenALimitOutsideOneToTwoHundred_thenRefusedAsABug() {
        assertThatThrownBy(() -> projection.list(TransactionQueries.Filter.ALL, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> projection.list(TransactionQueries.Filter.ALL, TransactionQueries.LIMIT_MAX + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every filter walked with an awkward page size, every balance and membership: equal to one whole batch in memory. */
    void assertSameAnswersAsMemory(List<EventRecord> records) throws Exception {
        MemoryProjection whole = new MemoryProjection(100_000);
        whole.deliver(records);
        assertThat(projection.checkpoint()).isEqualTo(whole.checkpoint());
        for (TransactionQueries.Filter filter : Listing.filters()) {
            assertThat(Listing.walk(projection, filter, 7)).as("%s", filter).isEqualTo(Listing.walk(whole, filter, 200));
        }
        for (WalletId wallet : List.of(TRIP_WALLET, EngineRun.FLAT_WALLET, BOB_WALLET)) {
            assertThat(projection.balances(wallet)).as("%s", wallet).isEqualTo(whole.balances(wallet));
        }
        for (var user : List.of(ALICE, BOB, CAROL, DAVE)) {
            for (var pod : List.of(TRIP, FLAT)) {
                assertThat(projection.isMember(pod, user)).as("%s in %s", user, pod).isEqualTo(whole.isMember(pod, user));
            }
        }
    }
}
