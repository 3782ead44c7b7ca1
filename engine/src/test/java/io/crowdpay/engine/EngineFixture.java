package io.crowdpay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.money.Amounts;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
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
import io.crowdpay.engine.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A small world for given/when/then engine tests: a configured engine, users of every KYC state, a pod
 * with a member of every role, a second pod, and personal wallets (one ordinary, one sanctioned by id,
 * one whose owner is sanctioned). Time is explicit: {@link #now()} only moves when a test calls
 * {@link #advance} or {@link #at}. Every command goes through {@link #apply}, which copies the events
 * and audits the ledger, so no test can forget to.
 */
public final class EngineFixture {

    public static final Currency EUR = Currency.ofCode("EUR");
    public static final Currency USD = Currency.ofCode("USD");
    public static final Currency JPY = Currency.ofCode("JPY");
    public static final Currency GBP = Currency.ofCode("GBP");
    /** A real currency the configuration does not accept. */
    public static final Currency CHF = Currency.ofCode("CHF");

    /** Monday 2025-03-10 09:00 UTC: mid-morning, so a test has a whole UTC day ahead of it. */
    public static final long T0 = Instant.parse("2025-03-10T09:00:00Z").toEpochMilli();
    public static final long SECOND = 1_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = EngineConfig.DAY_MILLIS;

    public static final UserId OWNER = new UserId("u_olivia");
    public static final UserId ADMIN = new UserId("u_adam");
    /** An admin whose only job in tests is to fund the pod, so funding never eats a tested user's limits. */
    public static final UserId TREASURER = new UserId("u_tess");
    public static final UserId MEMBER = new UserId("u_mia");
    public static final UserId VIEWER = new UserId("u_victor");
    /** A verified MEMBER of KYC tier 0. */
    public static final UserId LOW_TIER = new UserId("u_lena");
    public static final UserId PENDING_KYC = new UserId("u_paul");
    public static final UserId REJECTED_KYC = new UserId("u_rita");
    public static final UserId NO_KYC = new UserId("u_nina");
    /** Listed as a member of the pod but never reported by the KYC service. */
    public static final UserId UNKNOWN_USER = new UserId("u_ghost");
    /** A verified ADMIN whose user id is on the sanctions list. */
    public static final UserId SANCTIONED = new UserId("u_sanctioned");
    /** Owner of the other pod; not a member of {@link #POD}. */
    public static final UserId OUTSIDER = new UserId("u_otto");
    /** Owner of the ordinary beneficiary wallet; member of no pod. */
    public static final UserId BOB = new UserId("u_bob");
    /** On the sanctions list; owns {@link #SHADY_WALLET}. */
    public static final UserId SHADY = new UserId("u_shady");

    public static final PodId POD = new PodId("pod_trip");
    public static final PodId OTHER_POD = new PodId("pod_flat");
    public static final PodId NO_SUCH_POD = new PodId("pod_nowhere");
    public static final WalletId POD_WALLET = WalletId.ofPod(POD);
    public static final WalletId OTHER_POD_WALLET = WalletId.ofPod(OTHER_POD);
    public static final WalletId BOB_WALLET = new WalletId("w_bob");
    public static final WalletId OWNER_WALLET = new WalletId("w_olivia");
    public static final WalletId BLOCKED_WALLET = new WalletId("w_blocked");
    public static final WalletId SHADY_WALLET = new WalletId("w_shady_savings");
    public static final WalletId NO_SUCH_WALLET = new WalletId("w_nowhere");

    public static final String SANCTIONED_NAME = "Vladimír Sanctionov";
    public static final String SANCTIONED_IBAN = "DE89 3704 0044 0532 0130 00";
    public static final Payout CLEAN_PAYOUT = new Payout("NL91ABNA0417164300", "Olivia Owner", "ABNANL2A");

    public static final Rate EUR_USD = Rate.parse("1.0857");
    public static final Rate EUR_JPY = Rate.parse("161.23");
    public static final Rate JPY_EUR = Rate.parse("0.0062");

    public static final List<Member> POD_MEMBERS = List.of(
            new Member(OWNER, Role.OWNER), new Member(ADMIN, Role.ADMIN), new Member(TREASURER, Role.ADMIN),
            new Member(MEMBER, Role.MEMBER), new Member(VIEWER, Role.VIEWER), new Member(LOW_TIER, Role.MEMBER),
            new Member(PENDING_KYC, Role.MEMBER), new Member(REJECTED_KYC, Role.MEMBER), new Member(NO_KYC, Role.MEMBER),
            new Member(UNKNOWN_USER, Role.MEMBER), new Member(SANCTIONED, Role.ADMIN));

    /** A journaled command and the time it was applied at, for replay and snapshot tests. */
    public record Journaled(Command command, long atMillis) {
    }

    private final Engine engine = new Engine();
    private final EngineConfig config;
    private final List<Journaled> journal = new ArrayList<>();
    private List<Event> lastEvents = List.of();
    private final List<Event> allEvents = new ArrayList<>();
    private long now = T0;
    private int sequence;

    private EngineFixture(EngineConfig config) {
        this.config = config;
        apply(new Command.Configure(config));
        putUser(OWNER, KycStatus.VERIFIED, 2);
        putUser(ADMIN, KycStatus.VERIFIED, 2);
        putUser(TREASURER, KycStatus.VERIFIED, 2);
        putUser(MEMBER, KycStatus.VERIFIED, 1);
        putUser(VIEWER, KycStatus.VERIFIED, 2);
        putUser(LOW_TIER, KycStatus.VERIFIED, 0);
        putUser(PENDING_KYC, KycStatus.PENDING, 1);
        putUser(REJECTED_KYC, KycStatus.REJECTED, 1);
        putUser(NO_KYC, KycStatus.NONE, 0);
        putUser(SANCTIONED, KycStatus.VERIFIED, 2);
        putUser(OUTSIDER, KycStatus.VERIFIED, 2);
        putUser(BOB, KycStatus.VERIFIED, 1);
        putUser(SHADY, KycStatus.VERIFIED, 1);
        expect(apply(new Command.PutPod(POD, "Lisbon trip", List.of(EUR, USD, JPY, GBP), POD_MEMBERS)), Outcome.PodSaved.class);
        expect(apply(new Command.PutPod(OTHER_POD, "Flat share", List.of(EUR, USD), List.of(new Member(OUTSIDER, Role.OWNER)))),
                Outcome.PodSaved.class);
        putWallet(BOB_WALLET, BOB, EUR, USD, JPY);
        putWallet(OWNER_WALLET, OWNER, EUR, USD);
        putWallet(BLOCKED_WALLET, BOB, EUR);
        putWallet(SHADY_WALLET, SHADY, EUR);
    }

    /** The standard world. */
    public static EngineFixture given() {
        return new EngineFixture(ConfigBuilder.standard().build());
    }

    /** The standard world under slightly different rules. */
    public static EngineFixture given(UnaryOperator<ConfigBuilder> rules) {
        return new EngineFixture(rules.apply(ConfigBuilder.standard()).build());
    }

    // ---- time ----------------------------------------------------------------------------------

    public long now() {
        return now;
    }

    public EngineFixture advance(long millis) {
        now += millis;
        return this;
    }

    public EngineFixture at(long millis) {
        now = millis;
        return this;
    }

    // ---- applying commands ---------------------------------------------------------------------

    public Engine engine() {
        return engine;
    }

    public EngineConfig config() {
        return config;
    }

    public List<Journaled> journal() {
        return List.copyOf(journal);
    }

    /** Applies a command at {@link #now()}, keeps a copy of its events and audits the whole ledger. */
    public Outcome apply(Command command) {
        Outcome outcome = engine.apply(command, now);
        lastEvents = List.copyOf(engine.events());
        allEvents.addAll(lastEvents);
        if (command.journaled()) {
            journal.add(new Journaled(command, now));
        }
        engine.verifyInvariants();
        return outcome;
    }

    /** Every event since the fixture was built, in order. */
    public List<Event> allEvents() {
        return List.copyOf(allEvents);
    }

    /** The events of the last command. */
    public List<Event> events() {
        return lastEvents;
    }

    /**
     * Applies a command that must be refused, and checks that it changed nothing: the state hash equals
     * that of a twin engine which, at the same time, saw a command that does nothing (an answer to an
     * unknown leg). The twin makes the comparison exact: both advanced the clock and the command count
     * and dropped whatever had expired by then.
     */
    public Outcome.Rejected assertRejected(Command command, Rejection expected) {
        String twin = hashOfTwinAfterNoOp();
        Outcome outcome = apply(command);
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        assertThat(rejected.rejection()).as("rejection of %s (%s)", command, rejected.detail()).isEqualTo(expected);
        assertThat(events()).as("a rejected command emits nothing").isEmpty();
        assertThat(hash()).as("a rejected command changes nothing").isEqualTo(twin);
        return rejected;
    }

    /** Applies a command that must be ignored (e.g. a duplicate leg answer) and checks it changed nothing. */
    public void assertIgnored(Command command) {
        String twin = hashOfTwinAfterNoOp();
        assertThat(apply(command)).isEqualTo(Outcome.APPLIED);
        assertThat(events()).as("an ignored command emits nothing").isEmpty();
        assertThat(hash()).as("an ignored command changes nothing").isEqualTo(twin);
    }

    /**
     * Applies a request that must be answered as an idempotent replay: the original transaction in its
     * current state, no events, and nothing changed (compared with a twin, as in {@link #assertRejected}).
     */
    public Outcome.TransactionAccepted assertReplayed(Command.Initiate command) {
        String twin = hashOfTwinAfterNoOp();
        Outcome.TransactionAccepted accepted = expect(apply(command), Outcome.TransactionAccepted.class);
        assertThat(accepted.replayed()).as("replayed").isTrue();
        assertThat(accepted.transaction()).isEqualTo(transaction(accepted.transaction().id()));
        assertThat(events()).as("a replay emits nothing").isEmpty();
        assertThat(hash()).as("a replay changes nothing").isEqualTo(twin);
        return accepted;
    }

    /** Asks a query that must be refused; queries never change anything, not even the clock. */
    public Outcome.Rejected assertQueryRejected(Command.Query query, Rejection expected) {
        String before = hash();
        Outcome outcome = apply(query);
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) outcome).rejection()).isEqualTo(expected);
        assertThat(events()).isEmpty();
        assertThat(hash()).isEqualTo(before);
        return (Outcome.Rejected) outcome;
    }

    public String hash() {
        return StateHash.of(engine.state());
    }

    private String hashOfTwinAfterNoOp() {
        Engine twin = new Engine(Snapshots.read(Snapshots.write(engine.state())));
        twin.apply(new Command.CompleteLeg(new TransactionId("tx_no_such_transaction"), Leg.FUNDING, true, null), now);
        return StateHash.of(twin.state());
    }

    @SuppressWarnings("unchecked")
    public static <T extends Outcome> T expect(Outcome outcome, Class<T> type) {
        assertThat(outcome).as("outcome").isInstanceOf(type);
        return (T) outcome;
    }

    // ---- reference data ------------------------------------------------------------------------

    public Outcome putUser(UserId id, KycStatus status, int tier) {
        return apply(new Command.PutUser(id, status, tier));
    }

    public Outcome putWallet(WalletId id, UserId owner, Currency... currencies) {
        return apply(new Command.PutWallet(id, owner, List.of(currencies)));
    }

    public Pod pod(PodId id) {
        return engine.state().pods().get(id);
    }

    // ---- money ---------------------------------------------------------------------------------

    /** Parses an amount the way the API does, so tests read like requests: {@code money("250.00", EUR)}. */
    public static Money money(String value, Currency currency) {
        Amounts.Parsed parsed = Amounts.parse(value, currency.scale());
        assertThat(parsed.problem()).as("test amount %s %s", value, currency).isEqualTo(Amounts.Problem.NONE);
        return new Money(parsed.minorUnits(), currency);
    }

    public static Money eur(String value) {
        return money(value, EUR);
    }

    public static Money usd(String value) {
        return money(value, USD);
    }

    public Balance balance(WalletId wallet, Currency currency) {
        return engine.state().ledger().wallet(wallet).balance(currency);
    }

    public long available(WalletId wallet, Currency currency) {
        return balance(wallet, currency).available();
    }

    public long held(WalletId wallet, Currency currency) {
        return balance(wallet, currency).held();
    }

    public long system(SystemAccount account, Currency currency) {
        return engine.state().ledger().systemBalance(account, currency);
    }

    // ---- transactions --------------------------------------------------------------------------

    public String nextId(String prefix) {
        return prefix + (++sequence);
    }

    public Request request(TransactionType type, Money amount) {
        return new Request(type, amount);
    }

    /** A transfer by the owner from the pod's wallet to Bob's wallet. */
    public Request transfer(Money amount) {
        return request(TransactionType.TRANSFER, amount).to(BOB_WALLET);
    }

    /** A top-up of the pod by the treasurer, paid by card. */
    public Request topUpRequest(Money amount) {
        return request(TransactionType.TOP_UP, amount).by(TREASURER)
                .funding(new FundingSource(FundingSource.Kind.CARD, "card_4242"));
    }

    /** A withdrawal by the owner from the pod's wallet to a clean bank account. */
    public Request withdrawal(Money amount) {
        return request(TransactionType.WITHDRAWAL, amount).payout(CLEAN_PAYOUT);
    }

    /** An FX swap by the owner using the given quote, for exactly its sell side. */
    public Request swap(FxQuote quote) {
        return request(TransactionType.FX_SWAP, quote.sell()).quote(quote.id());
    }

    /** Tops the pod up by the treasurer and confirms the funding leg; returns the settled top-up. */
    public Transaction topUp(Money amount) {
        Transaction tx = topUpRequest(amount).accepted();
        expect(apply(new Command.CompleteLeg(tx.id(), Leg.FUNDING, true, null)), Outcome.Applied.class);
        Transaction settled = transaction(tx.id());
        assertThat(settled.status()).isEqualTo(TransactionStatus.SETTLED);
        return settled;
    }

    /**
     * Funds the pod with any amount, in top-ups of at most 5,000 major units (under every per-transaction
     * and risk limit of the treasurer's tier).
     */
    public void fund(Money amount) {
        long chunk = 5_000;
        for (int i = 0; i < amount.currency().scale(); i++) {
            chunk *= 10;
        }
        long left = amount.minorUnits();
        while (left > 0) {
            long next = Math.min(chunk, left);
            topUp(new Money(next, amount.currency()));
            left -= next;
        }
    }

    /** Funds a personal wallet: the pod is topped up, then the treasurer transfers to the wallet. */
    public void fundPersonal(WalletId wallet, Money amount) {
        fund(amount);
        transfer(amount).by(TREASURER).to(wallet).accepted();
    }

    public Outcome completeLeg(TransactionId id, Leg leg, boolean success, String reason) {
        return apply(new Command.CompleteLeg(id, leg, success, reason));
    }

    public Transaction transaction(TransactionId id) {
        return engine.state().transactions().get(id);
    }

    /** GET /v1/transactions/{id} as an admin. */
    public Transaction get(TransactionId id) {
        return expect(apply(new Command.GetTransaction(id, OWNER, true)), Outcome.TransactionFound.class).transaction();
    }

    // ---- quotes --------------------------------------------------------------------------------

    public Command.IssueQuote quoteRequest(UserId actor, PodId pod, Money sell, Currency buy, Rate rate) {
        return new Command.IssueQuote(new QuoteId(nextId("q_")), actor, pod, sell, buy, rate);
    }

    /** The owner asks for a quote selling {@code sell} for {@code buy} in the pod. */
    public FxQuote quote(Money sell, Currency buy, Rate rate) {
        return expect(apply(quoteRequest(OWNER, POD, sell, buy, rate)), Outcome.QuoteIssued.class).quote();
    }

    public FxQuote storedQuote(QuoteId id) {
        return engine.state().quotes().get(id);
    }

    // ---- the request builder -------------------------------------------------------------------

    /**
     * A POST /v1/transactions request. Defaults: the owner acting in {@link #POD}, a fresh transaction id
     * and idempotency key; everything else as the test says.
     */
    public final class Request {
        private TransactionId id = new TransactionId(nextId("tx_"));
        private UserId actor = OWNER;
        private String key = nextId("idem-");
        private final TransactionType type;
        private PodId pod = POD;
        private Money amount;
        private WalletId source;
        private WalletId beneficiary;
        private Payout payout;
        private FundingSource funding;
        private QuoteId quote;
        private String description = "dinner";
        private final TreeMap<String, String> metadata = new TreeMap<>();
        private String correlation;

        private Request(TransactionType type, Money amount) {
            this.type = type;
            this.amount = amount;
        }

        public Request by(UserId actor) {
            this.actor = actor;
            return this;
        }

        public Request in(PodId pod) {
            this.pod = pod;
            return this;
        }

        public Request from(WalletId source) {
            this.source = source;
            return this;
        }

        public Request to(WalletId beneficiary) {
            this.beneficiary = beneficiary;
            return this;
        }

        public Request amount(Money amount) {
            this.amount = amount;
            return this;
        }

        public Request payout(Payout payout) {
            this.payout = payout;
            return this;
        }

        public Request payout(String iban, String name) {
            return payout(new Payout(iban, name, null));
        }

        public Request funding(FundingSource funding) {
            this.funding = funding;
            return this;
        }

        public Request quote(QuoteId quote) {
            this.quote = quote;
            return this;
        }

        public Request key(String key) {
            this.key = key;
            return this;
        }

        /** A retry gets a new transaction id from the gateway; only the idempotency key stays. */
        public Request newId() {
            this.id = new TransactionId(nextId("tx_"));
            return this;
        }

        public Request id(TransactionId id) {
            this.id = id;
            return this;
        }

        public Request description(String description) {
            this.description = description;
            return this;
        }

        public Request metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public Request correlation(String correlation) {
            this.correlation = correlation;
            return this;
        }

        public Command.Initiate command() {
            return new Command.Initiate(id, actor, key, type, pod, amount, source, beneficiary, payout, funding, quote,
                    description, metadata, correlation);
        }

        public Outcome submit() {
            return apply(command());
        }

        /** Submits and expects a new (not replayed) transaction; returns it as the caller saw it. */
        public Transaction accepted() {
            Outcome.TransactionAccepted accepted = expect(submit(), Outcome.TransactionAccepted.class);
            assertThat(accepted.replayed()).as("replayed").isFalse();
            return accepted.transaction();
        }

        public Outcome.Rejected rejected(Rejection expected) {
            return assertRejected(command(), expected);
        }
    }
}
