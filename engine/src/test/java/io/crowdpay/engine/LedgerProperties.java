package io.crowdpay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.ledger.SystemAccount;
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
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.Balance;
import io.crowdpay.engine.wallet.Wallet;
import io.crowdpay.engine.wallet.WalletId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The randomized model check of STYLE.md rule 11. jqwik generates command sequences over a small world;
 * each runs through the engine and through {@link Reference}, a plain model of the documented money
 * semantics that knows nothing of the engine's code. After every step: every currency sums to zero,
 * nothing is negative, the engine's balances and statuses equal the model's, the engine's own audit
 * passes, and a replay changes nothing. At the end the journal replays to the same state hash, and so
 * does a snapshot taken at a random point and restored.
 */
class LedgerProperties {

    static final Currency EUR = Currency.ofCode("EUR");
    static final Currency USD = Currency.ofCode("USD");
    static final Currency JPY = Currency.ofCode("JPY");
    /** Real, but not accepted by this world's configuration. */
    static final Currency GBP = Currency.ofCode("GBP");
    static final List<Currency> CURRENCIES = List.of(EUR, USD, JPY, GBP);

    static final long T0 = 1_741_597_200_000L; // 2025-03-10T09:00:00Z
    static final long DAY = EngineConfig.DAY_MILLIS;
    static final long QUOTE_TTL_MILLIS = 30_000;
    static final long EXPIRED_QUOTE_RETENTION_MILLIS = 3_600_000;

    static final UserId U1 = new UserId("u1"); // verified, tier 2
    static final UserId U2 = new UserId("u2"); // verified, tier 1
    static final UserId U3 = new UserId("u3"); // verified, tier 0
    static final UserId U4 = new UserId("u4"); // KYC pending
    static final List<UserId> USERS = List.of(U1, U2, U3, U4);
    static final PodId P1 = new PodId("p1");
    static final PodId P2 = new PodId("p2");
    static final List<PodId> PODS = List.of(P1, P2, new PodId("p_unknown"));
    static final WalletId W1 = new WalletId("w1");
    static final WalletId W2 = new WalletId("w2");
    static final List<WalletId> SOURCES = java.util.Arrays.asList(null, W1, W2, WalletId.ofPod(P2));
    static final List<WalletId> BENEFICIARIES = List.of(W1, W2, WalletId.ofPod(P1), WalletId.ofPod(P2), new WalletId("w_unknown"));
    static final Payout CLEAN = new Payout("NL91ABNA0417164300", "Ana Owner", null);
    static final Payout SANCTIONED = new Payout("gb82 west 1234 5698 7654 32", "Someone", null);

    // ---- the steps ------------------------------------------------------------------------------

    sealed interface Step {
    }

    record Advance(long millis) implements Step {
    }

    /** A POST /v1/transactions; route picks wallets or payout, variant the quote and description. */
    record Start(int actor, int pod, TransactionType type, int currency, long amount, int route, int key, int variant)
            implements Step {
    }

    record Quote(int actor, int pod, int sell, int buy, long amount) implements Step {
    }

    /**
     * A counterparty answer to a transaction: usually one still waiting ({@code pending}), else any
     * accepted one, which makes duplicates and late answers; legShift 0 means the right leg.
     */
    record Complete(int pick, boolean pending, int legShift, boolean success) implements Step {
    }

    /** A leg's deadline passing: usually for one still waiting, else any accepted (late, duplicate). */
    record Timeout(int pick, boolean pending, int legShift) implements Step {
    }

    /** An AML verdict on an accepted transaction, pending or not; hits fail or reverse it. */
    record Aml(int pick, boolean pending, boolean hit) implements Step {
    }

    /** The {@code pick}-th accepted request sent again, as a client retry would. */
    record Replay(int pick, boolean sameTransactionId) implements Step {
    }

    // Edge cases off: the generators name their boundary values themselves, and jqwik's edge-case
    // combinations of whole scenarios would crowd out the random ones in 200 tries.
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void ledgerAgreesWithReferenceModelAfterEveryStep(@ForAll("scenarios") List<Step> steps,
                                                      @ForAll @IntRange(min = 0, max = 1_000) int snapshotPoint) {
        Run run = new Run();
        for (Step step : steps) {
            run.step(step);
            run.audit();
        }
        run.checkReplayFromJournal();
        run.checkSnapshotRestoredAt(snapshotPoint % (run.journal.size() + 1));
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        return Arbitraries.frequencyOf(
                Tuple.of(45, starts()),
                Tuple.of(20, completes()),
                Tuple.of(5, timeouts()),
                Tuple.of(6, amls()),
                Tuple.of(10, quotes()),
                Tuple.of(15, advances()),
                Tuple.of(10, replays())).list().ofMinSize(1).ofMaxSize(200).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<Step> starts() {
        return Combinators.combine(
                actors(),
                Arbitraries.frequency(Tuple.of(65, 0), Tuple.of(32, 1), Tuple.of(3, 2)),
                Arbitraries.frequency(Tuple.of(35, TransactionType.TOP_UP), Tuple.of(30, TransactionType.TRANSFER),
                        Tuple.of(15, TransactionType.WITHDRAWAL), Tuple.of(20, TransactionType.FX_SWAP)),
                Arbitraries.frequency(Tuple.of(50, 0), Tuple.of(30, 1), Tuple.of(16, 2), Tuple.of(4, 3)),
                amounts(),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 999)).as((a, p, t, c, m, r, k, v) -> (Step) new Start(a, p, t, c, m, r, k, v));
    }

    private static Arbitrary<Step> quotes() {
        return Combinators.combine(
                actors(),
                Arbitraries.frequency(Tuple.of(70, 0), Tuple.of(27, 1), Tuple.of(3, 2)),
                Arbitraries.frequency(Tuple.of(50, 0), Tuple.of(30, 1), Tuple.of(16, 2), Tuple.of(4, 3)),
                Arbitraries.frequency(Tuple.of(30, 0), Tuple.of(40, 1), Tuple.of(26, 2), Tuple.of(4, 3)),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().between(1, 20_000)), Tuple.of(1, amounts())))
                .as((a, p, s, b, m) -> (Step) new Quote(a, p, s, b, m));
    }

    private static Arbitrary<Step> completes() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)),
                Arbitraries.frequency(Tuple.of(18, 0), Tuple.of(1, 1), Tuple.of(1, 2)),
                Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false))).as((i, p, s, ok) -> (Step) new Complete(i, p, s, ok));
    }

    private static Arbitrary<Step> timeouts() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)),
                Arbitraries.frequency(Tuple.of(18, 0), Tuple.of(1, 1))).as((i, p, s) -> (Step) new Timeout(i, p, s));
    }

    private static Arbitrary<Step> amls() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, false),
                Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false))).as((i, p, h) -> (Step) new Aml(i, p, h));
    }

    /** Mostly the two users who own a pod, so that enough transactions get through to move money. */
    private static Arbitrary<Integer> actors() {
        return Arbitraries.frequency(Tuple.of(40, 0), Tuple.of(30, 1), Tuple.of(22, 2), Tuple.of(8, 3));
    }

    private static Arbitrary<Step> replays() {
        return Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.of(true, false))
                .as((i, same) -> (Step) new Replay(i, same));
    }

    private static Arbitrary<Step> advances() {
        return Arbitraries.frequencyOf(
                Tuple.of(50, Arbitraries.longs().between(0, 3_000)),
                Tuple.of(25, Arbitraries.longs().between(3_000, 120_000)),
                Tuple.of(15, Arbitraries.longs().between(600_000, 6 * 3_600_000L)),
                Tuple.of(10, Arbitraries.of(QUOTE_TTL_MILLIS - 1, QUOTE_TTL_MILLIS, DAY - 1, DAY, DAY + 1, 25 * 3_600_000L)))
                .map(millis -> (Step) new Advance(millis));
    }

    /** Minor units: mostly ordinary, plus zero, negatives, tier boundaries, huge values and the extremes. */
    private static Arbitrary<Long> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.longs().between(1, 100)),
                Tuple.of(30, Arbitraries.longs().between(100, 100_000)),
                Tuple.of(15, Arbitraries.longs().between(100_000, 10_000_000_000L)),
                Tuple.of(15, Arbitraries.of(0L, 1L, -1L, 50_000L, 50_001L, 100_000L, 1_000_000L, 1_000_001L,
                        10_000_000_000_000L, 10_000_000_000_001L, Long.MAX_VALUE, Long.MIN_VALUE)));
    }

    // ---- the world ------------------------------------------------------------------------------

    static EngineConfig config() {
        List<TierLimits> tiers = new ArrayList<>();
        long[][] limits = {{50_000, 100_000}, {1_000_000, 3_000_000}, {10_000_000_000_000L, 100_000_000_000_000L}};
        for (long[] tier : limits) {
            var perTransaction = new TreeMap<Currency, Long>();
            var daily = new TreeMap<Currency, Long>();
            for (Currency currency : List.of(EUR, USD, JPY)) {
                perTransaction.put(currency, tier[0]);
                daily.put(currency, tier[1]);
            }
            tiers.add(new TierLimits(perTransaction, daily));
        }
        var rejectAbove = new TreeMap<Currency, Long>(Map.of(EUR, 5_000_000_000_000L));
        var sanctions = new Sanctions(new TreeSet<>(Set.of("Evil Corp")), new TreeSet<>(Set.of("GB82 WEST 1234 5698 7654 32")),
                new TreeSet<>(), new TreeSet<>());
        return new EngineConfig(new TreeSet<>(Set.of(EUR, USD, JPY)), tiers, new RiskRules(30, 600_000, rejectAbove), sanctions,
                QUOTE_TTL_MILLIS, 6, 60, DAY);
    }

    static List<Command> setup() {
        return List.of(
                new Command.Configure(config()),
                new Command.PutUser(U1, KycStatus.VERIFIED, 2),
                new Command.PutUser(U2, KycStatus.VERIFIED, 1),
                new Command.PutUser(U3, KycStatus.VERIFIED, 0),
                new Command.PutUser(U4, KycStatus.PENDING, 1),
                new Command.PutPod(P1, "One", List.of(EUR, USD, JPY), List.of(new Member(U1, Role.OWNER),
                        new Member(U2, Role.MEMBER), new Member(U3, Role.ADMIN), new Member(U4, Role.MEMBER))),
                new Command.PutPod(P2, "Two", List.of(EUR, USD), List.of(new Member(U2, Role.OWNER),
                        new Member(U1, Role.ADMIN), new Member(U3, Role.MEMBER), new Member(U4, Role.VIEWER))),
                new Command.PutWallet(W1, U1, List.of(EUR, USD, JPY)),
                new Command.PutWallet(W2, U2, List.of(EUR, USD)));
    }

    static Rate rate(Currency sell, Currency buy) {
        String key = sell.code() + buy.code();
        return Rate.parse(switch (key) {
            case "EURUSD" -> "1.0857";
            case "USDEUR" -> "0.9211";
            case "EURJPY" -> "161.23";
            case "JPYEUR" -> "0.0062";
            case "USDJPY" -> "148.5";
            case "JPYUSD" -> "0.0067";
            default -> "0.85";
        });
    }

    // ---- one run --------------------------------------------------------------------------------

    /** A journaled command, the time it ran at, and what the engine answered. */
    record Entry(Command command, long atMillis, Outcome outcome) {
    }

    static final class Run {
        final Engine engine = new Engine();
        final Reference model = new Reference();
        final List<Entry> journal = new ArrayList<>();
        final List<TransactionId> acceptedIds = new ArrayList<>();
        final List<Command.Initiate> acceptedRequests = new ArrayList<>();
        final List<FxQuote> issuedQuotes = new ArrayList<>();
        List<Event> events = List.of();
        long now = T0;
        int sequence;

        Run() {
            for (Command command : setup()) {
                assertThat(apply(command)).isNotInstanceOf(Outcome.Rejected.class);
            }
        }

        Outcome apply(Command command) {
            Outcome outcome = engine.apply(command, now);
            events = List.copyOf(engine.events());
            journal.add(new Entry(command, now, outcome));
            return outcome;
        }

        void step(Step step) {
            switch (step) {
                case Advance a -> now += a.millis();
                case Start s -> submit(initiate(s));
                case Quote q -> quote(q);
                case Complete c -> complete(c);
                case Timeout t -> timeout(t);
                case Aml a -> aml(a);
                case Replay r -> replay(r);
            }
        }

        Command.Initiate initiate(Start s) {
            UserId actor = USERS.get(s.actor());
            PodId pod = PODS.get(s.pod());
            Money amount = new Money(s.amount(), CURRENCIES.get(s.currency()));
            WalletId source = null;
            WalletId beneficiary = null;
            Payout payout = null;
            FundingSource funding = null;
            QuoteId quote = null;
            switch (s.type()) {
                case TRANSFER -> {
                    int r = s.route() % 20;
                    source = SOURCES.get(r < 12 ? 0 : r < 15 ? 1 : r < 18 ? 2 : 3);
                    beneficiary = BENEFICIARIES.get(s.route() / 20 < 4 ? s.route() / 20 : s.route() % 2 * 4);
                }
                case TOP_UP -> funding = new FundingSource(FundingSource.Kind.CARD, "card_" + s.route() % 3);
                case WITHDRAWAL -> payout = s.route() % 10 == 0 ? SANCTIONED : s.route() % 10 == 1 ? null : CLEAN;
                case FX_SWAP -> {
                    if (s.variant() % 10 == 1) {
                        quote = new QuoteId("q_never_issued");
                    } else if (s.variant() % 10 != 0 && !issuedQuotes.isEmpty()) {
                        // Mostly the latest quote, which may still be firm; sometimes any older one.
                        FxQuote picked = s.variant() % 10 < 7 ? issuedQuotes.getLast()
                                : issuedQuotes.get(s.variant() % issuedQuotes.size());
                        quote = picked.id();
                        amount = s.variant() % 7 == 0 ? amount : picked.sell();
                        if (s.variant() % 3 != 0) {
                            // Usually the one who asked for the quote swaps in its pod, as a client would.
                            actor = picked.requestedBy();
                            pod = picked.pod();
                        }
                    }
                }
            }
            String key = s.key() < 3 ? "k" + s.key() : "fresh-" + (++sequence);
            return new Command.Initiate(new TransactionId("tx_" + (++sequence)), actor, key, s.type(), pod, amount, source,
                    beneficiary, payout, funding, quote, "d" + s.variant() % 3, null, "corr-" + sequence);
        }

        void replay(Replay r) {
            if (acceptedRequests.isEmpty()) {
                return;
            }
            Command.Initiate original = acceptedRequests.get(r.pick() % acceptedRequests.size());
            TransactionId id = r.sameTransactionId() ? original.id() : new TransactionId("tx_" + (++sequence));
            submit(new Command.Initiate(id, original.actor(), original.idempotencyKey(), original.type(), original.pod(),
                    original.amount(), original.sourceWallet(), original.beneficiaryWallet(), original.payout(),
                    original.fundingSource(), original.quoteId(), original.description(), original.metadata(),
                    "retry-" + sequence));
        }

        void submit(Command.Initiate request) {
            Reference.KeyEntry live = model.liveKey(request.actor(), request.idempotencyKey(), now);
            if (live != null && live.request().sameRequestAs(request)) {
                expectReplay(request, live.id());
                return;
            }
            Outcome outcome = apply(request);
            if (live != null) {
                assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                        r -> assertThat(r.rejection()).isEqualTo(Rejection.IDEMPOTENCY_KEY_REUSED));
                assertThat(events).isEmpty();
                return;
            }
            switch (outcome) {
                case Outcome.Rejected r -> checkRefusal(request, r);
                case Outcome.TransactionAccepted a -> acceptNew(request, a);
                default -> throw new AssertionError("unexpected outcome " + outcome);
            }
        }

        /** A replay returns the original in its current state and changes nothing: compare with a twin. */
        void expectReplay(Command.Initiate request, TransactionId original) {
            Engine twin = new Engine(Snapshots.read(Snapshots.write(engine.state())));
            twin.apply(new Command.CompleteLeg(new TransactionId("tx_no_such"), Leg.FUNDING, true, null), now);
            Outcome outcome = apply(request);
            assertThat(outcome).isInstanceOf(Outcome.TransactionAccepted.class);
            Outcome.TransactionAccepted replay = (Outcome.TransactionAccepted) outcome;
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.transaction().id()).isEqualTo(original);
            assertThat(replay.transaction()).isEqualTo(engine.state().transactions().get(original));
            assertThat(replay.transaction().status()).isEqualTo(model.txs.get(original).status);
            assertThat(events).isEmpty();
            assertThat(StateHash.of(engine.state())).as("a replay changes nothing").isEqualTo(StateHash.of(twin.state()));
        }

        void checkRefusal(Command.Initiate request, Outcome.Rejected refused) {
            assertThat(events).isEmpty();
            assertThat(refused.rejection()).isNotIn(Rejection.IDEMPOTENCY_KEY_REUSED, Rejection.NOT_FOUND);
            Reference.ModelQuote quote = request.quoteId() == null ? null : model.quotes.get(request.quoteId());
            switch (refused.rejection()) {
                case INSUFFICIENT_FUNDS -> assertThat(model.balance(sourceOf(request), request.amount().currency())[0])
                        .as("model's available").isLessThan(request.amount().minorUnits());
                case FX_QUOTE_EXPIRED -> {
                    assertThat(quote).isNotNull();
                    assertThat(now).isGreaterThanOrEqualTo(quote.expiresAt);
                }
                case FX_QUOTE_INVALID -> assertThat(quote == null || quote.used || !quote.pod.equals(request.pod())
                        || !quote.sell.equals(request.amount()) || now - quote.expiresAt >= EXPIRED_QUOTE_RETENTION_MILLIS)
                        .as("the model also finds quote %s unusable", request.quoteId()).isTrue();
                default -> {
                }
            }
        }

        void acceptNew(Command.Initiate request, Outcome.TransactionAccepted accepted) {
            Transaction tx = accepted.transaction();
            assertThat(accepted.replayed()).isFalse();
            assertThat(tx.id()).isEqualTo(request.id());
            assertThat(tx.status()).isEqualTo(TransactionStatus.PENDING);
            assertThat(request.amount().isPositive()).isTrue();
            assertThat(eventTypes()).isEqualTo(switch (request.type()) {
                case TRANSFER -> List.of(Event.TransactionInitiated.class, Event.FundsHeld.class, Event.Posted.class,
                        Event.TransactionSettled.class);
                case TOP_UP -> List.of(Event.TransactionInitiated.class, Event.LegRequested.class);
                case WITHDRAWAL, FX_SWAP -> List.of(Event.TransactionInitiated.class, Event.FundsHeld.class, Event.LegRequested.class);
            });
            WalletId source = request.type() == TransactionType.TOP_UP ? null : sourceOf(request);
            WalletId beneficiary = switch (request.type()) {
                case TRANSFER -> request.beneficiaryWallet();
                case TOP_UP, FX_SWAP -> WalletId.ofPod(request.pod());
                case WITHDRAWAL -> null;
            };
            assertThat(tx.source()).isEqualTo(source);
            assertThat(tx.beneficiary()).isEqualTo(beneficiary);
            Money buy = null;
            if (request.type() == TransactionType.FX_SWAP) {
                Reference.ModelQuote quote = model.quotes.get(request.quoteId());
                assertThat(quote).as("an accepted swap's quote").isNotNull();
                assertThat(quote.used).isFalse();
                assertThat(now).isLessThan(quote.expiresAt);
                assertThat(quote.pod).isEqualTo(request.pod());
                assertThat(quote.sell).isEqualTo(request.amount());
                assertThat(tx.fx().buy()).isEqualTo(quote.buy);
                quote.used = true;
                buy = quote.buy;
            }
            model.accept(request, source, beneficiary, buy, now);
            acceptedIds.add(tx.id());
            acceptedRequests.add(request);
        }

        WalletId sourceOf(Command.Initiate request) {
            return request.sourceWallet() != null ? request.sourceWallet() : WalletId.ofPod(request.pod());
        }

        List<Class<?>> eventTypes() {
            List<Class<?>> types = new ArrayList<>();
            events.forEach(e -> types.add(e.getClass()));
            return types;
        }

        void quote(Quote q) {
            Currency sell = CURRENCIES.get(q.sell());
            Currency buy = CURRENCIES.get(q.buy());
            // Capped below the overflow of sell x rate, a known bug reported separately
            // (EngineRobustnessTest.whenIssueQuoteWhoseBuySideOverflows_thenRefusedNotThrown).
            long amount = Math.min(q.amount(), 1_000_000_000_000_000L);
            var command = new Command.IssueQuote(new QuoteId("q_" + (++sequence)), USERS.get(q.actor()), PODS.get(q.pod()),
                    new Money(amount, sell), buy, rate(sell, buy));
            Outcome outcome = apply(command);
            if (outcome instanceof Outcome.QuoteIssued issued) {
                FxQuote quote = issued.quote();
                BigDecimal bought = BigDecimal.valueOf(amount, sell.scale()).multiply(command.rate().value())
                        .setScale(buy.scale(), RoundingMode.FLOOR);
                assertThat(quote.buy()).isEqualTo(new Money(bought.unscaledValue().longValueExact(), buy));
                assertThat(quote.buy().isPositive()).isTrue();
                assertThat(quote.expiresAtMillis()).isEqualTo(now + QUOTE_TTL_MILLIS);
                assertThat(events).containsExactly(new Event.QuoteIssued(quote, now));
                model.quotes.put(quote.id(), new Reference.ModelQuote(quote.pod(), quote.sell(), quote.buy(), now + QUOTE_TTL_MILLIS));
                issuedQuotes.add(quote);
            } else {
                assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
                assertThat(events).isEmpty();
            }
        }

        void complete(Complete c) {
            List<TransactionId> candidates = c.pending() ? List.copyOf(engine.state().pendingLegs().keySet()) : acceptedIds;
            TransactionId id = candidates.isEmpty() ? new TransactionId("tx_unknown") : candidates.get(c.pick() % candidates.size());
            Reference.ModelTx tx = model.txs.get(id);
            Leg right = tx == null || tx.leg == null ? Leg.FUNDING : tx.leg;
            Leg leg = Leg.values()[(right.ordinal() + c.legShift()) % Leg.values().length];
            boolean applies = tx != null && tx.status == TransactionStatus.PENDING && tx.leg == leg;

            Outcome outcome = apply(new Command.CompleteLeg(id, leg, c.success(), c.success() ? null : "declined"));

            assertThat(outcome).isEqualTo(Outcome.APPLIED);
            if (applies) {
                model.complete(id, c.success());
                assertThat(events).isNotEmpty();
                assertThat(events.getFirst()).isEqualTo(new Event.LegCompleted(id, leg, c.success(), c.success() ? null : "declined", now));
                assertThat(events.getLast()).isInstanceOf(c.success() ? Event.TransactionSettled.class : Event.TransactionFailed.class);
            } else {
                assertThat(events).as("a duplicate, late or misdirected answer is ignored").isEmpty();
            }
        }

        TransactionId pick(int pick, boolean pending) {
            List<TransactionId> candidates = pending ? List.copyOf(engine.state().pendingLegs().keySet()) : acceptedIds;
            return candidates.isEmpty() ? new TransactionId("tx_unknown") : candidates.get(pick % candidates.size());
        }

        void timeout(Timeout t) {
            TransactionId id = pick(t.pick(), t.pending());
            Reference.ModelTx tx = model.txs.get(id);
            Leg right = tx == null || tx.leg == null ? Leg.FUNDING : tx.leg;
            Leg leg = Leg.values()[(right.ordinal() + t.legShift()) % Leg.values().length];
            boolean applies = tx != null && tx.status == TransactionStatus.PENDING && tx.leg == leg;

            assertThat(apply(new Command.TimeoutLeg(id, leg))).isEqualTo(Outcome.APPLIED);

            if (applies) {
                model.complete(id, false);
                assertThat(events.getFirst()).isEqualTo(new Event.LegTimedOut(id, leg, now));
                assertThat(events.getLast()).isInstanceOfSatisfying(Event.TransactionFailed.class,
                        f -> assertThat(f.code()).isEqualTo("leg_timeout"));
            } else {
                assertThat(events).as("a timeout for a leg no longer awaited is ignored").isEmpty();
            }
        }

        void aml(Aml a) {
            TransactionId id = pick(a.pick(), a.pending());
            Reference.ModelTx tx = model.txs.get(id);
            TransactionStatus before = tx == null ? null : tx.status;

            assertThat(apply(new Command.ScreenAml(id, a.hit(), "verdict"))).isEqualTo(Outcome.APPLIED);

            // A finished transaction leaves the engine's memory with its idempotency key (24 h),
            // which the purge at the start of this very command may just have done.
            boolean forgotten = tx != null && before != TransactionStatus.PENDING && !engine.state().transactions().containsKey(id);
            if (tx == null || forgotten || before == TransactionStatus.FAILED || before == TransactionStatus.REVERSED) {
                assertThat(events).as("a verdict on a finished or forgotten transaction changes nothing").isEmpty();
                return;
            }
            assertThat(events.getFirst()).isEqualTo(new Event.AmlScreened(id, a.hit(), "verdict", now));
            if (!a.hit()) {
                assertThat(events).hasSize(1);
            } else if (before == TransactionStatus.PENDING) {
                model.complete(id, false);
                assertThat(events.getLast()).isInstanceOf(Event.TransactionFailed.class);
            } else if (model.reversible(id)) {
                model.reverse(id);
                assertThat(events.getLast()).isInstanceOf(Event.TransactionReversed.class);
            } else {
                assertThat(events.getLast()).isInstanceOf(Event.ReversalBlocked.class);
            }
            Transaction stored = engine.state().transactions().get(id);
            if (stored != null) {
                assertThat(stored.status()).isEqualTo(model.txs.get(id).status);
            }
        }

        // ---- the checks after every step --------------------------------------------------------

        void audit() {
            engine.verifyInvariants();
            var ledger = engine.state().ledger();
            Map<Currency, Long> sums = new HashMap<>();
            for (Wallet wallet : ledger.wallets().values()) {
                for (Map.Entry<Currency, Balance> e : wallet.balances().entrySet()) {
                    Balance balance = e.getValue();
                    assertThat(balance.available()).as("available %s %s", wallet.id(), e.getKey()).isNotNegative();
                    assertThat(balance.held()).as("held %s %s", wallet.id(), e.getKey()).isNotNegative();
                    sums.merge(e.getKey(), Math.addExact(balance.available(), balance.held()), Math::addExact);
                    long[] expected = model.balance(wallet.id(), e.getKey());
                    assertThat(new long[] {balance.available(), balance.held()}).as("%s %s [available, held]", wallet.id(), e.getKey())
                            .containsExactly(expected);
                }
            }
            for (SystemAccount account : SystemAccount.values()) {
                Map<Currency, Long> modelBalances = model.system.get(account);
                Set<Currency> currencies = new HashSet<>(modelBalances.keySet());
                currencies.addAll(ledger.systemBalances(account).keySet());
                for (Currency currency : currencies) {
                    long balance = ledger.systemBalance(account, currency);
                    assertThat(balance).as("%s %s", account, currency).isEqualTo(modelBalances.getOrDefault(currency, 0L));
                    sums.merge(currency, balance, Math::addExact);
                }
            }
            sums.forEach((currency, sum) -> assertThat(sum).as("sum of every account in %s", currency).isZero());
            model.wallets.forEach((wallet, balances) -> balances.forEach((currency, amounts) -> {
                if (amounts[0] != 0 || amounts[1] != 0) {
                    assertThat(ledger.wallet(wallet).accepts(currency)).as("model has money in %s %s", wallet, currency).isTrue();
                }
            }));
            Set<TransactionId> pending = new HashSet<>();
            model.txs.forEach((id, tx) -> {
                var held = engine.state().transactions().get(id);
                if (held == null) {
                    // Evicted with its idempotency key after retention: only ever a finished transaction.
                    assertThat(tx.status.isTerminal()).as("%s evicted while %s", id, tx.status).isTrue();
                    return;
                }
                assertThat(held.status()).as("status of %s", id).isEqualTo(tx.status);
                if (tx.status == TransactionStatus.PENDING && tx.leg != null) {
                    pending.add(id);
                }
            });
            assertThat(engine.state().pendingLegs().keySet()).isEqualTo(pending);
        }

        /** The same journal, with the same timestamps, into a fresh engine: same answers, same state. */
        void checkReplayFromJournal() {
            Engine replica = new Engine();
            for (Entry entry : journal) {
                assertThat(replica.apply(entry.command(), entry.atMillis())).isEqualTo(entry.outcome());
            }
            assertThat(StateHash.of(replica.state())).isEqualTo(StateHash.of(engine.state()));
        }

        /** Run the first {@code point} entries, snapshot, restore into a new engine, run the rest. */
        void checkSnapshotRestoredAt(int point) {
            Engine first = new Engine();
            for (Entry entry : journal.subList(0, point)) {
                first.apply(entry.command(), entry.atMillis());
            }
            Engine restored = new Engine(Snapshots.read(Snapshots.write(first.state())));
            assertThat(StateHash.of(restored.state())).isEqualTo(StateHash.of(first.state()));
            for (Entry entry : journal.subList(point, journal.size())) {
                assertThat(restored.apply(entry.command(), entry.atMillis())).isEqualTo(entry.outcome());
            }
            restored.verifyInvariants();
            assertThat(StateHash.of(restored.state())).isEqualTo(StateHash.of(engine.state()));
        }
    }

    // ---- the reference ledger -------------------------------------------------------------------

    /**
     * What API.md says money does, written as plainly as possible: a transfer moves available money at
     * once; a withdrawal or swap holds it, then pays it out (or swaps it through FX liquidity) or gives
     * it back; a top-up brings money in from funding clearing when funding confirms. Idempotency keys
     * are per actor and live 24 h. It is fed only what the engine accepted.
     */
    static final class Reference {

        record Key(UserId actor, String key) {
        }

        record KeyEntry(Command.Initiate request, TransactionId id, long createdAt) {
        }

        static final class ModelTx {
            final TransactionType type;
            final WalletId source;
            final WalletId beneficiary;
            final Money amount;
            final Money buy;
            final Leg leg;
            TransactionStatus status;

            ModelTx(TransactionType type, WalletId source, WalletId beneficiary, Money amount, Money buy, Leg leg) {
                this.type = type;
                this.source = source;
                this.beneficiary = beneficiary;
                this.amount = amount;
                this.buy = buy;
                this.leg = leg;
            }
        }

        static final class ModelQuote {
            final PodId pod;
            final Money sell;
            final Money buy;
            final long expiresAt;
            boolean used;

            ModelQuote(PodId pod, Money sell, Money buy, long expiresAt) {
                this.pod = pod;
                this.sell = sell;
                this.buy = buy;
                this.expiresAt = expiresAt;
            }
        }

        final Map<WalletId, Map<Currency, long[]>> wallets = new HashMap<>();
        final Map<SystemAccount, Map<Currency, Long>> system = new EnumMap<>(SystemAccount.class);
        final Map<TransactionId, ModelTx> txs = new LinkedHashMap<>();
        final Map<Key, KeyEntry> keys = new HashMap<>();
        final Map<QuoteId, ModelQuote> quotes = new HashMap<>();

        Reference() {
            for (SystemAccount account : SystemAccount.values()) {
                system.put(account, new HashMap<>());
            }
        }

        /** [available, held] */
        long[] balance(WalletId wallet, Currency currency) {
            return wallets.computeIfAbsent(wallet, w -> new HashMap<>()).computeIfAbsent(currency, c -> new long[2]);
        }

        KeyEntry liveKey(UserId actor, String key, long now) {
            KeyEntry entry = keys.get(new Key(actor, key));
            return entry != null && now - entry.createdAt() < DAY ? entry : null;
        }

        void accept(Command.Initiate request, WalletId source, WalletId beneficiary, Money buy, long now) {
            keys.put(new Key(request.actor(), request.idempotencyKey()), new KeyEntry(request, request.id(), now));
            Money amount = request.amount();
            ModelTx tx = new ModelTx(request.type(), source, beneficiary, amount, buy, request.type().externalLeg());
            txs.put(request.id(), tx);
            tx.status = TransactionStatus.PENDING;
            switch (request.type()) {
                case TRANSFER -> {
                    move(source, 0, -amount.minorUnits(), amount.currency());
                    move(beneficiary, 0, amount.minorUnits(), amount.currency());
                    tx.status = TransactionStatus.SETTLED;
                }
                case WITHDRAWAL, FX_SWAP -> hold(source, amount);
                case TOP_UP -> {
                }
            }
        }

        void complete(TransactionId id, boolean success) {
            ModelTx tx = txs.get(id);
            Money amount = tx.amount;
            if (!success) {
                if (tx.source != null) {
                    move(tx.source, 1, -amount.minorUnits(), amount.currency());
                    move(tx.source, 0, amount.minorUnits(), amount.currency());
                }
                tx.status = TransactionStatus.FAILED;
                return;
            }
            switch (tx.type) {
                case TOP_UP -> {
                    system(SystemAccount.FUNDING_CLEARING, amount.currency(), -amount.minorUnits());
                    move(tx.beneficiary, 0, amount.minorUnits(), amount.currency());
                }
                case WITHDRAWAL -> {
                    move(tx.source, 1, -amount.minorUnits(), amount.currency());
                    system(SystemAccount.PAYOUT_CLEARING, amount.currency(), amount.minorUnits());
                }
                case FX_SWAP -> {
                    move(tx.source, 1, -amount.minorUnits(), amount.currency());
                    system(SystemAccount.FX_LIQUIDITY, amount.currency(), amount.minorUnits());
                    system(SystemAccount.FX_LIQUIDITY, tx.buy.currency(), -tx.buy.minorUnits());
                    move(tx.beneficiary, 0, tx.buy.minorUnits(), tx.buy.currency());
                }
                case TRANSFER -> throw new AssertionError("a transfer has no leg");
            }
            tx.status = TransactionStatus.SETTLED;
        }

        /** Whether the money a reversal takes back is still available where it went. */
        boolean reversible(TransactionId id) {
            ModelTx tx = txs.get(id);
            return switch (tx.type) {
                case TRANSFER, TOP_UP -> balance(tx.beneficiary, tx.amount.currency())[0] >= tx.amount.minorUnits();
                case FX_SWAP -> balance(tx.beneficiary, tx.buy.currency())[0] >= tx.buy.minorUnits();
                case WITHDRAWAL -> true;
            };
        }

        /** A settled transaction undone: every settlement movement mirrored. */
        void reverse(TransactionId id) {
            ModelTx tx = txs.get(id);
            Money amount = tx.amount;
            switch (tx.type) {
                case TRANSFER -> {
                    move(tx.beneficiary, 0, -amount.minorUnits(), amount.currency());
                    move(tx.source, 0, amount.minorUnits(), amount.currency());
                }
                case TOP_UP -> {
                    move(tx.beneficiary, 0, -amount.minorUnits(), amount.currency());
                    system(SystemAccount.FUNDING_CLEARING, amount.currency(), amount.minorUnits());
                }
                case WITHDRAWAL -> {
                    system(SystemAccount.PAYOUT_CLEARING, amount.currency(), -amount.minorUnits());
                    move(tx.source, 0, amount.minorUnits(), amount.currency());
                }
                case FX_SWAP -> {
                    move(tx.beneficiary, 0, -tx.buy.minorUnits(), tx.buy.currency());
                    system(SystemAccount.FX_LIQUIDITY, tx.buy.currency(), tx.buy.minorUnits());
                    system(SystemAccount.FX_LIQUIDITY, amount.currency(), -amount.minorUnits());
                    move(tx.source, 0, amount.minorUnits(), amount.currency());
                }
            }
            tx.status = TransactionStatus.REVERSED;
        }

        private void hold(WalletId wallet, Money amount) {
            move(wallet, 0, -amount.minorUnits(), amount.currency());
            move(wallet, 1, amount.minorUnits(), amount.currency());
        }

        private void move(WalletId wallet, int part, long delta, Currency currency) {
            long[] balance = balance(wallet, currency);
            balance[part] = Math.addExact(balance[part], delta);
            assertThat(balance[part]).as("model %s %s %s", wallet, currency, part == 0 ? "available" : "held").isNotNegative();
        }

        private void system(SystemAccount account, Currency currency, long delta) {
            system.get(account).merge(currency, delta, Math::addExact);
        }
    }
}
