package io.crowdpay.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

    private static final Currency EUR = Currency.ofCode("EUR");
    private static final Currency USD = Currency.ofCode("USD");
    private static final UserId ALICE = new UserId("alice");
    private static final PodId POD = new PodId("trip");

    /** Applies commands and collects the records of all their events, as the event log will. */
    private static List<EventRecord> run(List<Command> commands) {
        Engine engine = new Engine();
        List<EventRecord> records = new ArrayList<>();
        long time = 1_767_225_600_000L;
        for (int i = 0; i < commands.size(); i++) {
            engine.apply(commands.get(i), time + i);
            records.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                    k -> engine.streamVersion((int) k), 100 + i, null));
        }
        return records;
    }

    static List<Command> scenario() {
        TreeMap<Currency, Long> limit = new TreeMap<>();
        limit.put(EUR, 1_000_000L);
        TierLimits tier = new TierLimits(limit, limit);
        EngineConfig config = new EngineConfig(new TreeSet<>(List.of(EUR, USD)), List.of(tier, tier, tier),
                new RiskRules(100, 60_000, new TreeMap<>()), Sanctions.NONE, 30_000, 100, 1_000, EngineConfig.DAY_MILLIS);
        TransactionId topUp = new TransactionId("tx_top");
        return List.of(new Command.Configure(config), new Command.PutUser(ALICE, KycStatus.VERIFIED, 1),
                new Command.PutPod(POD, "Trip", List.of(EUR, USD), List.of(new Member(ALICE, Role.OWNER))),
                new Command.PutWallet(new WalletId("bob"), new UserId("bob"), List.of(EUR)),
                new Command.Initiate(topUp, ALICE, "k1", TransactionType.TOP_UP, POD, new Money(10_000, EUR), null, null,
                        null, null, null, "fund", null, "corr-1"),
                new Command.CompleteLeg(topUp, Leg.FUNDING, true, null),
                new Command.Initiate(new TransactionId("tx_pay"), ALICE, "k2", TransactionType.TRANSFER, POD,
                        new Money(2_550, EUR), null, new WalletId("bob"), null, null, null, "rent", null, null),
                // The saga inputs: a leg that times out, AML verdicts (clear, blocked, reversal).
                new Command.Initiate(new TransactionId("tx_late"), ALICE, "k3", TransactionType.WITHDRAWAL, POD,
                        new Money(500, EUR), null, null, new Payout("NL91ABNA0417164300", "Alice", null), null, null, "late",
                        null, null),
                new Command.TimeoutLeg(new TransactionId("tx_late"), Leg.PAYOUT),
                new Command.IssueQuote(new QuoteId("q_1"), ALICE, POD, new Money(1_000, EUR), USD, Rate.parse("1.0857")),
                new Command.ScreenAml(new TransactionId("tx_pay"), false, null),
                new Command.Initiate(new TransactionId("tx_big"), ALICE, "k4", TransactionType.TRANSFER, POD,
                        new Money(7_000, EUR), null, new WalletId("bob"), null, null, null, "big", null, null),
                new Command.ScreenAml(topUp, true, "stolen card"),
                new Command.ScreenAml(new TransactionId("tx_pay"), true, "mule account"));
    }

    @Test
    void givenACommandStream_whenRecorded_thenSequencesAreGapFreeAndIdsFollowThem() {
        List<EventRecord> records = run(scenario());
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).sequence()).isEqualTo(i + 1);
            assertThat(records.get(i).eventId()).isEqualTo("ev_" + (i + 1));
        }
    }

    @Test
    void givenATransactionsEvents_whenRecorded_thenTheyShareOneStreamWithConsecutiveVersions() {
        List<EventRecord> pay = run(scenario()).stream().filter(r -> r.streamId().equals("tx_pay")).toList();
        assertThat(pay).extracting(EventRecord::type).containsExactly("TransactionInitiated.v1", "FundsHeld.v1",
                "Posted.v1", "TransactionSettled.v1", "AmlScreened.v1", "AmlScreened.v1", "CompensationApplied.v1",
                "FundsHeld.v1", "Posted.v1", "TransactionReversed.v1");
        assertThat(pay).extracting(EventRecord::streamVersion).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void givenAnEvent_whenEncoded_thenThePayloadIsCanonicalJsonWithSortedKeysAndDecimalMoney() {
        EventRecord held = run(scenario()).stream().filter(r -> r.type().equals("FundsHeld.v1")).findFirst().orElseThrow();
        assertThat(held.payloadJson()).isEqualTo(
                "{\"amount\":{\"currency\":\"EUR\",\"value\":\"25.50\"},\"at_ms\":1767225600006,"
                        + "\"transaction_id\":\"tx_pay\",\"wallet_id\":\"pw_trip\"}");
    }

    @Test
    void givenTheSameCommands_whenReplayed_thenTheRecordsAreByteForByteEqual() {
        assertThat(run(scenario())).isEqualTo(run(scenario()));
    }

    @Test
    void everyEventTypeHasAPayload() {
        List<EventRecord> records = run(scenario());
        assertThat(records).allSatisfy(r -> assertThat(r.payloadJson()).startsWith("{").contains("\"at_ms\""));
        assertThat(records).extracting(EventRecord::type).as("every event type occurs in the scenario")
                .containsAll(java.util.Arrays.stream(Event.class.getPermittedSubclasses())
                        .map(c -> c.getSimpleName() + ".v1").toList());
    }
}
