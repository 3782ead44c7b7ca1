package io.crowdpay.engine;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Admission;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Settlement;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.Wallet;
import io.crowdpay.engine.wallet.WalletId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The business logic processor. One thread calls {@link #apply}; it reads no clock, no random source,
 * no disk and no network: the time of each command and every outside fact arrive as arguments, so
 * the same journal always yields the same state, which {@link StateHash} proves.
 */
public final class Engine {

    /** How long an expired quote is remembered, so that a late swap hears "expired", not "unknown". */
    static final long EXPIRED_QUOTE_RETENTION_MILLIS = 3_600_000L;

    private final EngineState state;
    private final List<Event> events = new ArrayList<>();
    /** Per event of the last apply, its stream version (same index as {@link #events}). */
    private long[] versions = new long[16];
    private long firstEventSequence;
    private String correlationId;
    private final Settlement settlement;
    /**
     * When the transaction of the oldest idempotency key was created, if {@link #oldestKeyKnown}: the
     * oldest key changes only when purging removes it (or the first key arrives), so most commands
     * can tell that nothing is due without walking the table. Not state: derived, and found again
     * after a restart.
     */
    private long oldestKeyCreatedAtMillis;
    private boolean oldestKeyKnown;

    public Engine() {
        this(new EngineState());
    }

    public Engine(EngineState state) {
        this.state = state;
        this.settlement = new Settlement(state.ledger, this::emit);
    }

    public EngineState state() {
        return state;
    }

    /** The events of the last {@link #apply}, in order; the list is reused, so copy what you keep. */
    public List<Event> events() {
        return events;
    }

    /**
     * The global sequence number of the first event of the last {@link #apply} (the i-th has this
     * plus i). Sequences are gap-free from 1 and continue across snapshots and replay, so an event's
     * number, and the id derived from it, is the same however often the journal is replayed.
     */
    public long firstEventSequence() {
        return firstEventSequence;
    }

    /**
     * The saga correlation id of the transaction the last {@link #apply} acted on (the one the
     * client sent when it was initiated), or null: every event of that command carries it downstream.
     */
    public String correlationId() {
        return correlationId;
    }

    /** The stream version of the i-th event of the last {@link #apply}. */
    public long streamVersion(int i) {
        return versions[i];
    }

    /**
     * Applies one command at the given journaled time. Time never runs backwards inside the engine: an
     * earlier timestamp is taken as the latest one seen.
     */
    public Outcome apply(Command command, long timestampMillis) {
        events.clear();
        firstEventSequence = state.eventSequence + 1;
        correlationId = null;
        if (command instanceof Command.Query query) {
            return answer(query);
        }
        long now = Math.max(timestampMillis, state.clockMillis);
        state.clockMillis = now;
        state.commandsApplied++;
        purgeExpired(now);
        // One dispatch per command. The correlation id is read before the command acts: a transaction
        // that ends may leave the tables.
        Outcome outcome = switch (command) {
            case Command.PutUser c -> putUser(c, now);
            case Command.PutPod c -> putPod(c, now);
            case Command.PutWallet c -> putWallet(c, now);
            case Command.IssueQuote c -> issueQuote(c, now);
            case Command.Initiate c -> {
                correlationId = c.correlationId();
                yield initiate(c, now);
            }
            case Command.CompleteLeg c -> {
                correlationId = correlationOf(c.id());
                yield completeLeg(c, now);
            }
            case Command.TimeoutLeg c -> {
                correlationId = correlationOf(c.id());
                yield timeoutLeg(c, now);
            }
            case Command.ScreenAml c -> {
                correlationId = correlationOf(c.id());
                yield screenAml(c, now);
            }
            case Command.Configure c -> configure(c, now);
            case Command.Query q -> answer(q);
        };
        state.eventSequence += events.size();
        return outcome;
    }

    /**
     * Records an event and counts it in its stream at once, so that a stream evicted later in the
     * same command (a transaction leaving with its key) is not counted again afterwards.
     */
    private void emit(Event event) {
        if (versions.length == events.size()) {
            versions = java.util.Arrays.copyOf(versions, versions.length * 2);
        }
        versions[events.size()] = state.streamVersions.merge(io.crowdpay.engine.event.EventStreams.of(event), 1L, Long::sum);
        events.add(event);
    }

    /**
     * Sizes the transaction, idempotency and stream version tables now for {@code entries} each, so
     * that they never grow below that: growing them at 1M entries stops the processor for 50 ms
     * with G1 and 92 ms with ZGC ({@code TableGrowthBenchmark}). Capacity is not state: answers,
     * snapshots and hashes are the same. Call it only from the thread that owns the engine.
     */
    public void reserveTables(int entries) {
        state.reserveExactly(entries);
    }

    /** Full ledger audit; throws {@link io.crowdpay.engine.ledger.LedgerInvariantViolation} if broken. */
    public void verifyInvariants() {
        state.ledger.verify();
        long pendingWithLegs = state.transactions.values().stream()
                .filter(t -> t.status() == TransactionStatus.PENDING && t.type().externalLeg() != null).count();
        if (pendingWithLegs != state.pendingLegs.size()) {
            throw new IllegalStateException("pending legs " + state.pendingLegs.size() + " != pending transactions " + pendingWithLegs);
        }
    }

    private Outcome putUser(Command.PutUser c, long now) {
        if (!Ids.isValidClientId(c.id().value())) {
            return rejected(Rejection.INVALID_REQUEST, "user ids must match " + Ids.CLIENT_ID.pattern());
        }
        if (c.kycTier() < 0 || c.kycTier() > User.TIER_MAX) {
            return rejected(Rejection.INVALID_REQUEST, "kyc_tier must be 0.." + User.TIER_MAX);
        }
        User user = new User(c.id(), c.kycStatus(), c.kycTier());
        state.users.put(user.id(), user);
        emit(new Event.UserUpserted(user, now));
        return new Outcome.UserSaved(user);
    }

    private Outcome putPod(Command.PutPod c, long now) {
        Outcome invalid = checkPod(c);
        if (invalid != null) {
            return invalid;
        }
        Pod pod = new Pod(c.id(), c.name(), c.currencies(), c.members());
        Wallet wallet = state.ledger.wallet(pod.walletId());
        if (wallet == null) {
            wallet = new Wallet(pod.walletId(), pod.id(), null);
            state.ledger.add(wallet);
        }
        Outcome changed = setCurrencies(wallet, c.currencies());
        if (changed != null) {
            return changed;
        }
        state.pods.put(pod.id(), pod);
        emit(new Event.PodUpserted(pod, now));
        return new Outcome.PodSaved(pod);
    }

    private Outcome checkPod(Command.PutPod c) {
        if (!Ids.isValidClientId(c.id().value()) || c.members().stream().anyMatch(m -> !Ids.isValidClientId(m.userId().value()))) {
            return rejected(Rejection.INVALID_REQUEST, "pod and user ids must match " + Ids.CLIENT_ID.pattern());
        }
        if (c.name().isBlank() || c.name().length() > Pod.NAME_LENGTH_MAX) {
            return rejected(Rejection.INVALID_REQUEST, "name must be 1.." + Pod.NAME_LENGTH_MAX + " characters");
        }
        if (c.members().isEmpty() || c.members().size() > Pod.MEMBERS_MAX) {
            return rejected(Rejection.INVALID_REQUEST, "a pod needs 1.." + Pod.MEMBERS_MAX + " members");
        }
        if (c.members().stream().map(Member::userId).distinct().count() != c.members().size()) {
            return rejected(Rejection.INVALID_REQUEST, "a user appears twice in members");
        }
        if (c.members().stream().noneMatch(m -> m.role() == Role.OWNER)) {
            return rejected(Rejection.INVALID_REQUEST, "a pod needs at least one OWNER");
        }
        return checkCurrencies(c.currencies(), Pod.CURRENCIES_MAX);
    }

    private Outcome putWallet(Command.PutWallet c, long now) {
        if (!Ids.isValidClientId(c.id().value()) || !Ids.isValidClientId(c.owner().value())) {
            return rejected(Rejection.INVALID_REQUEST, "wallet and user ids must match " + Ids.CLIENT_ID.pattern());
        }
        if (c.id().isPodWallet()) {
            return rejected(Rejection.INVALID_REQUEST, "wallet ids starting with " + WalletId.POD_WALLET_PREFIX + " are reserved for pods");
        }
        Outcome invalid = checkCurrencies(c.currencies(), Wallet.CURRENCIES_MAX);
        if (invalid != null) {
            return invalid;
        }
        Wallet wallet = state.ledger.wallet(c.id());
        if (wallet == null) {
            wallet = new Wallet(c.id(), null, c.owner());
            state.ledger.add(wallet);
        }
        Outcome changed = setCurrencies(wallet, c.currencies());
        if (changed != null) {
            return changed;
        }
        wallet.setOwner(c.owner());
        emit(new Event.WalletUpserted(c.id(), now));
        return new Outcome.WalletFound(wallet.view());
    }

    private Outcome checkCurrencies(List<Currency> currencies, int max) {
        if (currencies.isEmpty() || currencies.size() > max) {
            return rejected(Rejection.INVALID_REQUEST, "currencies must list 1.." + max + " codes");
        }
        if (new HashSet<>(currencies).size() != currencies.size()) {
            return rejected(Rejection.INVALID_REQUEST, "a currency appears twice");
        }
        for (Currency currency : currencies) {
            if (!state.config.supports(currency)) {
                return rejected(Rejection.CURRENCY_NOT_SUPPORTED, currency + " is not a supported currency");
            }
        }
        return null;
    }

    /**
     * Opens balances for new currencies and closes dropped ones. A currency with money in it (or held)
     * cannot be dropped: that would make the money vanish from the ledger. Checked before any change.
     */
    private Outcome setCurrencies(Wallet wallet, List<Currency> wanted) {
        for (var entry : wallet.balances().entrySet()) {
            if (!wanted.contains(entry.getKey()) && entry.getValue().total() != 0) {
                return rejected(Rejection.INVALID_REQUEST, "cannot drop " + entry.getKey() + " from " + wallet.id() + ": its balance is not zero");
            }
            if (!wanted.contains(entry.getKey()) && awaitsCredit(wallet.id(), entry.getKey())) {
                return rejected(Rejection.INVALID_REQUEST, "cannot drop " + entry.getKey() + " from " + wallet.id()
                        + ": a pending transaction will credit it");
            }
        }
        for (Currency currency : List.copyOf(wallet.balances().keySet())) {
            if (!wanted.contains(currency)) {
                wallet.close(currency);
            }
        }
        wanted.forEach(wallet::open);
        return null;
    }

    /** Whether a transaction waiting on its leg will credit this wallet in this currency when it settles. */
    private boolean awaitsCredit(WalletId wallet, Currency currency) {
        for (var id : state.pendingLegs.keySet()) {
            Transaction tx = state.transactions.get(id);
            Currency credited = tx.fx() != null ? tx.fx().buy().currency() : tx.request().amount().currency();
            if (wallet.equals(tx.beneficiary()) && currency.equals(credited)) {
                return true;
            }
        }
        return false;
    }

    private Outcome issueQuote(Command.IssueQuote c, long now) {
        if (state.quotes.containsKey(c.id())) {
            return rejected(Rejection.INVALID_REQUEST, "quote id " + c.id() + " exists");
        }
        Pod pod = state.pods.get(c.pod());
        if (pod == null) {
            return rejected(Rejection.UNKNOWN_POD, "no pod " + c.pod());
        }
        Optional<Role> role = pod.roleOf(c.actor());
        if (role.isEmpty()) {
            return rejected(Rejection.NOT_A_MEMBER, c.actor() + " is not a member of pod " + pod.id());
        }
        if (!role.get().mayRequestQuote()) {
            return rejected(Rejection.ROLE_NOT_ALLOWED, "role " + role.get() + " may not swap currencies");
        }
        User actor = state.users.get(c.actor());
        if (actor == null || !actor.isVerified()) {
            return rejected(Rejection.KYC_NOT_VERIFIED, "KYC of " + c.actor() + " is not VERIFIED");
        }
        Currency sell = c.sell().currency();
        Currency buy = c.buyCurrency();
        if (!c.sell().isPositive()) {
            return rejected(Rejection.INVALID_REQUEST, "sell amount must be positive");
        }
        if (sell.equals(buy)) {
            return rejected(Rejection.INVALID_REQUEST, "sell and buy currencies are the same");
        }
        Wallet wallet = state.ledger.wallet(pod.walletId());
        for (Currency currency : List.of(sell, buy)) {
            if (!state.config.supports(currency) || !wallet.accepts(currency)) {
                return rejected(Rejection.CURRENCY_NOT_SUPPORTED, "pod " + pod.id() + " does not hold " + currency);
            }
        }
        Money bought;
        try {
            bought = c.rate().convert(c.sell(), buy);
        } catch (ArithmeticException overflow) {
            return rejected(Rejection.INVALID_REQUEST, "the amount bought at this rate is too large");
        }
        if (!bought.isPositive()) {
            return rejected(Rejection.INVALID_REQUEST, "the amount is too small to buy any " + buy);
        }
        FxQuote quote = new FxQuote(c.id(), pod.id(), c.actor(), c.sell(), bought, c.rate(), now,
                Math.addExact(now, state.config.fxQuoteTtlMillis()), false);
        state.quotes.put(quote.id(), quote);
        emit(new Event.QuoteIssued(quote, now));
        return new Outcome.QuoteIssued(quote);
    }

    private Outcome initiate(Command.Initiate c, long now) {
        // A new transaction's first event adds its stream to a table of millions; reading that slot
        // now lets the memory system fetch it while the two lookups below wait for theirs.
        state.streamVersions.prefetch(c.id().value());
        var key = new EngineState.IdempotencyKey(c.actor(), c.idempotencyKey());
        var existing = state.idempotency.get(key);
        if (existing != null) {
            Transaction original = state.transactions.get(existing);
            return original.request().sameRequestAs(c) ? new Outcome.TransactionAccepted(original, true)
                    : rejected(Rejection.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used for a different request");
        }
        if (state.transactions.containsKey(c.id())) {
            return rejected(Rejection.INVALID_REQUEST, "transaction id " + c.id() + " exists");
        }
        return switch (Admission.decide(c, state, now)) {
            case Admission.Refuse r -> rejected(r.rejection(), r.detail());
            case Admission.Admit a -> accept(key, a, now);
        };
    }

    private Outcome accept(EngineState.IdempotencyKey requestKey, Admission.Admit admit, long now) {
        Command.Initiate c = admit.kept();
        var key = c.actor() == requestKey.actor() ? requestKey : new EngineState.IdempotencyKey(c.actor(), c.idempotencyKey());
        Transaction tx = new Transaction(c, admit.source(), admit.beneficiary(), admit.fx(), TransactionStatus.PENDING, null, now, now);
        Transaction stored = tx;
        state.idempotency.put(key, tx.id());
        long day = Math.floorDiv(now, EngineConfig.DAY_MILLIS);
        state.spending.record(c.actor(), c.amount().currency(), day, c.amount().minorUnits());
        state.spending.recordInitiation(c.actor(), now, state.config.risk().velocityCountMax(), state.config.risk().velocityWindowMillis());
        emit(new Event.TransactionInitiated(tx, now));
        if (tx.source() != null) {
            settlement.hold(tx, now);
        }
        if (admit.fx() != null) {
            state.quotes.put(admit.fx().quoteId(), state.quotes.get(admit.fx().quoteId()).markUsed());
        }
        Leg leg = tx.type().externalLeg();
        if (leg != null) {
            state.pendingLegs.put(tx.id(), leg);
            emit(new Event.LegRequested(tx.id(), leg, c.amount(), now));
        } else if (tx.type() == TransactionType.TRANSFER) {
            // Transfers need no outside party: the hold settles in the same step. The caller still
            // sees the accepted (PENDING) state, as API.md promises; a GET shows SETTLED.
            settlement.settleTransfer(tx, now);
            stored = tx.settled(now);
            emit(new Event.TransactionSettled(tx.id(), now));
        }
        state.transactions.put(tx.id(), stored);
        return new Outcome.TransactionAccepted(tx, false);
    }

    private String correlationOf(TransactionId id) {
        Transaction tx = state.transactions.get(id);
        return tx == null ? null : tx.request().correlationId();
    }

    /** The transaction if it still waits for exactly this leg; else null (a late or repeated input). */
    private Transaction waitingOn(TransactionId id, Leg leg) {
        Transaction tx = state.transactions.get(id);
        return tx == null || tx.status() != TransactionStatus.PENDING || state.pendingLegs.get(id) != leg ? null : tx;
    }

    private Outcome completeLeg(Command.CompleteLeg c, long now) {
        // Counterparties may answer twice (redelivery) or late: only the first answer to a leg the
        // transaction is still waiting for counts, so a compensation happens exactly once.
        Transaction tx = waitingOn(c.id(), c.leg());
        if (tx == null) {
            return Outcome.APPLIED;
        }
        state.pendingLegs.remove(tx.id());
        emit(new Event.LegCompleted(tx.id(), c.leg(), c.success(), c.reason(), now));
        if (c.success()) {
            settlement.settleLeg(tx, now);
            emit(new Event.TransactionSettled(tx.id(), now));
            store(tx, tx.settled(now));
        } else {
            String reason = c.reason() == null ? c.leg().name().toLowerCase(java.util.Locale.ROOT) + " leg failed" : c.reason();
            fail(tx, Settlement.compensationFor(c.leg()), new Failure(Failure.LEG_FAILED, reason), now);
        }
        return Outcome.APPLIED;
    }

    /** No answer in time: the same compensation as a failed leg, with its own reason. */
    private Outcome timeoutLeg(Command.TimeoutLeg c, long now) {
        Transaction tx = waitingOn(c.id(), c.leg());
        if (tx == null) {
            return Outcome.APPLIED;
        }
        state.pendingLegs.remove(tx.id());
        emit(new Event.LegTimedOut(tx.id(), c.leg(), now));
        String reason = c.leg().name().toLowerCase(java.util.Locale.ROOT) + " leg timed out";
        fail(tx, Settlement.compensationFor(c.leg()), new Failure(Failure.LEG_TIMEOUT, reason), now);
        return Outcome.APPLIED;
    }

    /**
     * AML verdicts. A hit on a pending transaction abandons its leg (a late answer is then ignored)
     * and releases its hold; on a settled one it posts the mirror entries and marks it REVERSED, if
     * the money is still there to take back (else ReversalBlocked, and it stays SETTLED). A verdict on
     * a FAILED or REVERSED transaction, or on one no longer held in memory, changes nothing: each
     * compensation happens once however often the verdict is redelivered.
     */
    private Outcome screenAml(Command.ScreenAml c, long now) {
        Transaction tx = state.transactions.get(c.id());
        if (tx == null || tx.status() == TransactionStatus.FAILED || tx.status() == TransactionStatus.REVERSED) {
            return Outcome.APPLIED;
        }
        String reason = c.reason() == null || c.reason().isBlank() ? "AML screening hit" : c.reason();
        emit(new Event.AmlScreened(tx.id(), c.hit(), c.hit() ? reason : c.reason(), now));
        if (!c.hit()) {
            return Outcome.APPLIED;
        }
        if (tx.status() == TransactionStatus.PENDING) {
            state.pendingLegs.remove(tx.id());
            fail(tx, "CompensateAmlHit", new Failure(Failure.AML_HIT, reason), now);
            return Outcome.APPLIED;
        }
        String blocked = settlement.whyNotReversible(tx);
        if (blocked != null) {
            emit(new Event.ReversalBlocked(tx.id(), blocked, now));
            return Outcome.APPLIED;
        }
        settlement.reverse(tx, reason, now);
        emit(new Event.TransactionReversed(tx.id(), Failure.AML_HIT, reason, now));
        store(tx, tx.reversed(new Failure(Failure.AML_HIT, reason), now));
        return Outcome.APPLIED;
    }

    private void fail(Transaction tx, String compensation, Failure failure, long now) {
        settlement.compensate(tx, compensation, failure.reason(), now);
        emit(new Event.TransactionFailed(tx.id(), failure.code(), failure.reason(), now));
        store(tx, tx.failed(failure, now));
    }

    /** Records the new state of a transaction, unless it outlived its key's retention while waiting. */
    private void store(Transaction tx, Transaction done) {
        var key = new EngineState.IdempotencyKey(tx.request().actor(), tx.request().idempotencyKey());
        if (tx.id().equals(state.idempotency.get(key))) {
            state.transactions.put(tx.id(), done);
        } else {
            // It waited on its leg past the retention of its key: it is kept no longer than the key.
            state.transactions.remove(tx.id());
            state.streamVersions.remove(tx.id().value());
        }
    }

    private Outcome configure(Command.Configure c, long now) {
        state.config = c.config();
        state.reserve(c.config().idempotencyKeysMax());
        emit(new Event.EngineConfigured(StateHash.ofConfig(c.config()), now));
        return Outcome.APPLIED;
    }

    private Outcome answer(Command.Query query) {
        return switch (query) {
            case Command.GetTransaction q -> {
                Transaction tx = state.transactions.get(q.id());
                if (tx == null) {
                    yield rejected(Rejection.NOT_FOUND, "no transaction " + q.id());
                }
                yield q.admin() || isMember(tx.request().pod(), q.actor()) ? new Outcome.TransactionFound(tx)
                        : rejected(Rejection.NOT_A_MEMBER, q.actor() + " is not a member of the transaction's pod");
            }
            case Command.GetWallet q -> {
                Wallet wallet = state.ledger.wallet(q.id());
                if (wallet == null) {
                    yield rejected(Rejection.NOT_FOUND, "no wallet " + q.id());
                }
                boolean allowed = q.admin() || q.actor().equals(wallet.owner())
                        || (wallet.pod() != null && isMember(wallet.pod(), q.actor()));
                yield allowed ? new Outcome.WalletFound(wallet.view())
                        : rejected(Rejection.NOT_A_MEMBER, q.actor() + " may not read wallet " + q.id());
            }
        };
    }

    private boolean isMember(io.crowdpay.engine.pod.PodId podId, UserId user) {
        Pod pod = state.pods.get(podId);
        return pod != null && pod.roleOf(user).isPresent();
    }

    /**
     * Drops idempotency keys past retention, with the terminal transactions they name (a transaction
     * still waiting on its leg stays until it ends), and quotes long expired. Both maps are in age
     * order, so only their heads are looked at. This bounds the transactions held in memory by the
     * key table's capacity plus those waiting on legs; older history is the projections' to serve.
     */
    private void purgeExpired(long now) {
        if (!oldestKeyKnown || now - oldestKeyCreatedAtMillis >= state.config.idempotencyRetentionMillis()) {
            purgeExpiredKeys(now);
        }
        var quotes = state.quotes.values().iterator();
        while (quotes.hasNext()) {
            FxQuote quote = quotes.next();
            if (now - quote.expiresAtMillis() < EXPIRED_QUOTE_RETENTION_MILLIS) {
                break;
            }
            quotes.remove();
            state.streamVersions.remove(io.crowdpay.engine.event.EventStreams.quote(quote.id().value()));
        }
    }

    private void purgeExpiredKeys(long now) {
        oldestKeyKnown = false;
        var keys = state.idempotency.entrySet().iterator();
        while (keys.hasNext()) {
            Map.Entry<EngineState.IdempotencyKey, io.crowdpay.engine.transaction.TransactionId> oldest = keys.next();
            Transaction tx = state.transactions.get(oldest.getValue());
            if (now - tx.createdAtMillis() < state.config.idempotencyRetentionMillis()) {
                oldestKeyCreatedAtMillis = tx.createdAtMillis();
                oldestKeyKnown = true;
                break;
            }
            keys.remove();
            if (tx.status().isTerminal()) {
                state.transactions.remove(tx.id());
                state.streamVersions.remove(tx.id().value());
            }
        }
    }

    private static Outcome.Rejected rejected(Rejection rejection, String detail) {
        return new Outcome.Rejected(rejection, detail);
    }
}
