package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Amounts;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A real engine driven by commands, whose events become records exactly as the event log will
 * write them: the projections' tests feed on these, never on hand-made payloads, so a change in
 * the engine's events shows up here first. A small world: pod "trip" (alice OWNER, carol MEMBER)
 * and pod "flat" (bob OWNER) holding EUR and USD, and bob's personal wallet.
 */
final class EngineRun {

    static final Currency EUR = Currency.ofCode("EUR");
    static final Currency USD = Currency.ofCode("USD");
    static final long T0 = 1_767_225_600_000L;
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    static final UserId CAROL = new UserId("carol");
    static final UserId DAVE = new UserId("dave");
    static final PodId TRIP = new PodId("trip");
    static final PodId FLAT = new PodId("flat");
    static final WalletId TRIP_WALLET = WalletId.ofPod(TRIP);
    static final WalletId FLAT_WALLET = WalletId.ofPod(FLAT);
    static final WalletId BOB_WALLET = new WalletId("w_bob");
    static final Rate EUR_USD = Rate.parse("1.0857");
    static final Payout PAYOUT = new Payout("NL91ABNA0417164300", "Alice Owner", "ABNANL2A");

    private final Engine engine = new Engine();
    private final List<EventRecord> records = new ArrayList<>();
    /** The engine's typed events, one for each record, in the same order. */
    private final List<io.crowdpay.engine.event.Event> events = new ArrayList<>();
    private long now = T0;
    private long journalIndex;
    private int ids;

    private EngineRun() {
    }

    /** The configured world, its reference data already in {@link #records()}. */
    static EngineRun world() {
        EngineRun run = new EngineRun();
        TreeMap<Currency, Long> limit = new TreeMap<>();
        limit.put(EUR, 100_000_000_000L);
        limit.put(USD, 100_000_000_000L);
        TierLimits tier = new TierLimits(limit, limit);
        run.ok(new Command.Configure(new EngineConfig(new TreeSet<>(List.of(EUR, USD)), List.of(tier, tier, tier),
                new RiskRules(10_000, 60_000, new TreeMap<>()), Sanctions.NONE, 30_000, 100_000, 100_000,
                EngineConfig.DAY_MILLIS)));
        for (UserId user : List.of(ALICE, BOB, CAROL, DAVE)) {
            run.ok(new Command.PutUser(user, KycStatus.VERIFIED, 2));
        }
        run.ok(new Command.PutPod(TRIP, "Trip", List.of(EUR, USD),
                List.of(new Member(ALICE, Role.OWNER), new Member(CAROL, Role.MEMBER))));
        run.ok(new Command.PutPod(FLAT, "Flat", List.of(EUR, USD), List.of(new Member(BOB, Role.OWNER))));
        run.ok(new Command.PutWallet(BOB_WALLET, BOB, List.of(EUR, USD)));
        return run;
    }

    static Money eur(String value) {
        return money(value, EUR);
    }

    static Money money(String value, Currency currency) {
        Amounts.Parsed parsed = Amounts.parse(value, currency.scale());
        assertThat(parsed.problem()).as(value).isEqualTo(Amounts.Problem.NONE);
        return new Money(parsed.minorUnits(), currency);
    }

    /** Applies a command a second after the previous one, recording its events. */
    Outcome apply(Command command) {
        Outcome outcome = engine.apply(command, now);
        now += 1_000;
        records.addAll(EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(),
                k -> engine.streamVersion((int) k), ++journalIndex, engine.correlationId()));
        events.addAll(engine.events());
        return outcome;
    }

    /** Applies a command the engine must accept. */
    Outcome ok(Command command) {
        Outcome outcome = apply(command);
        assertThat(outcome).as("%s", command).isNotInstanceOf(Outcome.Rejected.class);
        return outcome;
    }

    /** Applies the next command at the same millisecond as the last one, so created_at ties. */
    EngineRun sameMillisecond() {
        now -= 1_000;
        return this;
    }

    TransactionId topUp(PodId pod, UserId actor, Money amount) {
        return initiate(TransactionType.TOP_UP, pod, actor, amount, null,
                new FundingSource(FundingSource.Kind.CARD, "card_4242"), null, null);
    }

    TransactionId transfer(PodId pod, UserId actor, Money amount, WalletId beneficiary) {
        return initiate(TransactionType.TRANSFER, pod, actor, amount, beneficiary, null, null, null);
    }

    TransactionId withdrawal(PodId pod, UserId actor, Money amount) {
        return initiate(TransactionType.WITHDRAWAL, pod, actor, amount, null, null, PAYOUT, null);
    }

    TransactionId fxSwap(PodId pod, UserId actor, Money sell, Currency buy) {
        QuoteId quote = new QuoteId("q_" + (++ids));
        ok(new Command.IssueQuote(quote, actor, pod, sell, buy, EUR_USD));
        return initiate(TransactionType.FX_SWAP, pod, actor, sell, null, null, null, quote);
    }

    /**
     * Initiates with a description, metadata and a correlation id, so every optional field of the
     * resource travels; answers the id whether or not the engine accepted it.
     */
    TransactionId initiate(TransactionType type, PodId pod, UserId actor, Money amount, WalletId beneficiary,
                           FundingSource funding, Payout payout, QuoteId quote) {
        TransactionId id = new TransactionId("tx_" + (++ids));
        apply(new Command.Initiate(id, actor, "key-" + ids, type, pod, amount, null, beneficiary, payout, funding, quote,
                "note " + ids, new TreeMap<>(Map.of("zeta", "last", "alpha", "first " + ids)), "corr-" + ids));
        return id;
    }

    void completeLeg(TransactionId id, Leg leg, boolean success) {
        ok(new Command.CompleteLeg(id, leg, success, success ? null : "declined by the bank"));
    }

    /** The engine's current state of a transaction, or null if it never accepted it. */
    Transaction stored(TransactionId id) {
        return engine.state().transactions().get(id);
    }

    Engine engine() {
        return engine;
    }

    List<EventRecord> records() {
        return List.copyOf(records);
    }

    /** The typed event of each record, in the same order. */
    List<io.crowdpay.engine.event.Event> events() {
        return List.copyOf(events);
    }

    /** The records from the index given (0-based) to the end. */
    List<EventRecord> recordsFrom(int index) {
        return List.copyOf(records.subList(index, records.size()));
    }

    int recordCount() {
        return records.size();
    }

    /**
     * A random day of traffic: top-ups, transfers, withdrawals and FX swaps of the two pods, some
     * refused by the engine (more than the balance), legs answered later and out of order, some of
     * them failing, and a membership change now and then. Deterministic for a seed.
     */
    static EngineRun randomTraffic(long seed, int commands) {
        Random random = new Random(seed);
        EngineRun run = world();
        List<TransactionId> waiting = new ArrayList<>();
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            PodId pod = random.nextBoolean() ? TRIP : FLAT;
            UserId owner = pod.equals(TRIP) ? ALICE : BOB;
            Money amount = new Money(1 + random.nextInt(50_000), EUR);
            int pick = random.nextInt(100);
            if (pick < 30) {
                run.await(run.topUp(pod, owner, amount), Leg.FUNDING, waiting, legs);
            } else if (pick < 55) {
                run.transfer(pod, owner, amount, random.nextBoolean() ? BOB_WALLET : (pod.equals(TRIP) ? FLAT_WALLET : TRIP_WALLET));
            } else if (pick < 70) {
                run.await(run.withdrawal(pod, owner, amount), Leg.PAYOUT, waiting, legs);
            } else if (pick < 80) {
                run.await(run.fxSwap(pod, owner, amount, USD), Leg.FX, waiting, legs);
            } else if (pick < 97 && !waiting.isEmpty()) {
                int next = random.nextInt(waiting.size());
                run.completeLeg(waiting.remove(next), legs.remove(next), random.nextInt(4) != 0);
            } else {
                List<Member> members = random.nextBoolean()
                        ? List.of(new Member(ALICE, Role.OWNER), new Member(CAROL, Role.MEMBER), new Member(DAVE, Role.VIEWER))
                        : List.of(new Member(ALICE, Role.OWNER), new Member(CAROL, Role.MEMBER));
                run.ok(new Command.PutPod(TRIP, "Trip", List.of(EUR, USD), members));
            }
        }
        return run;
    }

    private void await(TransactionId id, Leg leg, List<TransactionId> waiting, List<Leg> legs) {
        if (stored(id) != null) {
            waiting.add(id);
            legs.add(leg);
        }
    }
}
