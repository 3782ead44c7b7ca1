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
        // Written out with the generated results: looked up twice per Initiate in a table of millions.
        @Override
        public boolean equals(Object other) {
            return other instanceof IdempotencyKey that && java.util.Objects.equals(actor, that.actor)
                    && java.util.Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(actor) + java.util.Objects.hashCode(key);
        }
    }

    EngineConfig config = EngineConfig.unconfigured();
    long clockMillis;
    long commandsApplied;
    /** Users, pods and quotes are InsertionOrderedMaps too, so that a snapshot copies them a slice at a time. */
    final InsertionOrderedMap<UserId, User> users = new InsertionOrderedMap<>();
    final InsertionOrderedMap<PodId, Pod> pods = new InsertionOrderedMap<>();
    final Ledger ledger = new Ledger();
    final InsertionOrderedMap<QuoteId, FxQuote> quotes = new InsertionOrderedMap<>();
    /**
     * This, the idempotency keys and the stream versions hold an entry per transaction, millions of
     * them: {@link InsertionOrderedMap}s, which keep LinkedHashMap's order without a node per entry.
     */
    InsertionOrderedMap<TransactionId, Transaction> transactions = new InsertionOrderedMap<>();
    /** In creation order, which is also expiry order, so purging looks only at the head. */
    InsertionOrderedMap<IdempotencyKey, TransactionId> idempotency = new InsertionOrderedMap<>();
    /** Entries the transaction, idempotency and stream version tables are sized for (see {@link #reserve}). */
    private int reserved;

    /**
     * Most entries the tables are sized for ahead of time; beyond it they grow by doubling (a rebuild
     * of the three tables on the processor thread at 1M, 2M and 4M entries: 50, 96 and 184 ms
     * together on the benchmark box, {@code TableGrowthBenchmark}). 1M entries cost ~84 MB for the three tables up front;
     * reserving the full 4M would cost ~340 MB per engine, more than a service (and the test JVMs
     * that start dozens of them) should hold before it has any traffic. The service reserves more
     * itself ({@link Engine#reserveTables}, {@code TABLE_RESERVE_ENTRIES}).
     */
    static final int RESERVE_ENTRIES_MAX = 1 << 20;
    /** Transactions waiting on an outside leg, in the order they started waiting. */
    final Map<TransactionId, Leg> pendingLegs = new LinkedHashMap<>();
    final Spending spending = new Spending();
    /** The global sequence number of the last event emitted; the next event gets one more. */
    long eventSequence;
    /**
     * The version of each event stream (the number of events in it so far). Entries leave with the
     * transaction or quote they count, so this stays as bounded as those are.
     */
    InsertionOrderedMap<String, Long> streamVersions = new InsertionOrderedMap<>();

    /**
     * Sizes the transaction, idempotency and stream version tables for the configured capacity up
     * front (each transaction has a key and a stream). Growing a table of millions re-indexes every
     * entry at once on the processor thread and stalls it while it happens. Rebuilding keeps
     * insertion order, so the state, its snapshot and its hash are unchanged.
     */
    void reserve(int entries) {
        reserveExactly(Math.min(entries, RESERVE_ENTRIES_MAX));
    }

    /** As {@link #reserve}, without the {@link #RESERVE_ENTRIES_MAX} bound: for a process that chose to hold it. */
    void reserveExactly(int target) {
        if (target > reserved) {
            transactions = resized(transactions, target);
            idempotency = resized(idempotency, target);
            streamVersions = resized(streamVersions, target);
            reserved = target;
        }
    }

    private static <K, V> InsertionOrderedMap<K, V> resized(Map<K, V> from, int entries) {
        InsertionOrderedMap<K, V> to = new InsertionOrderedMap<>(entries);
        to.putAll(from);
        return to;
    }

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

    public long eventSequence() {
        return eventSequence;
    }

    public Map<String, Long> streamVersions() {
        return java.util.Collections.unmodifiableMap(streamVersions);
    }

    public Spending spending() {
        return spending;
    }
}
