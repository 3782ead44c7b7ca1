package io.crowdpay.engine;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.ledger.Ledger;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Spending;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.user.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All the engine's state, in memory. Every map keeps insertion order: replay inserts in the same
 * order, so iteration, snapshots and the state hash are deterministic. Owned by the processor thread;
 * nothing else may touch it.
 */
public final class EngineState {

    /** Key of the idempotency table: keys are scoped to the acting user, as API.md says. */
    public record IdempotencyKey(UserId actor, String key) {
    }

    EngineConfig config = EngineConfig.unconfigured();
    long clockMillis;
    long commandsApplied;
    final Map<UserId, User> users = new LinkedHashMap<>();
    final Map<PodId, Pod> pods = new LinkedHashMap<>();
    final Ledger ledger = new Ledger();
    final Map<QuoteId, FxQuote> quotes = new LinkedHashMap<>();
    final Map<TransactionId, Transaction> transactions = new LinkedHashMap<>();
    /** In creation order, which is also expiry order, so purging looks only at the head. */
    final Map<IdempotencyKey, TransactionId> idempotency = new LinkedHashMap<>();
    /** Transactions waiting on an outside leg, in the order they started waiting. */
    final Map<TransactionId, Leg> pendingLegs = new LinkedHashMap<>();
    final Spending spending = new Spending();

    public EngineConfig config() {
        return config;
    }

    public long clockMillis() {
        return clockMillis;
    }

    public long commandsApplied() {
        return commandsApplied;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Map<UserId, User> users() {
        return java.util.Collections.unmodifiableMap(users);
    }

    public Map<PodId, Pod> pods() {
        return java.util.Collections.unmodifiableMap(pods);
    }

    public Map<QuoteId, FxQuote> quotes() {
        return java.util.Collections.unmodifiableMap(quotes);
    }

    public Map<TransactionId, Transaction> transactions() {
        return java.util.Collections.unmodifiableMap(transactions);
    }

    public Map<IdempotencyKey, TransactionId> idempotency() {
        return java.util.Collections.unmodifiableMap(idempotency);
    }

    public Map<TransactionId, Leg> pendingLegs() {
        return java.util.Collections.unmodifiableMap(pendingLegs);
    }

    public Spending spending() {
        return spending;
    }
}
