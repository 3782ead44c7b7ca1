package io.crowdpay.replicator.projection;

import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.consumer.EventConsumer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The read model of the embedded default (no database): the same answers as
 * {@link PostgresProjection} for the same events, held in memory and rebuilt at every start (its
 * checkpoint starts at 0, so the runner replays the event log from the beginning).
 *
 * <p>Memory is bounded: it keeps the {@code transactionsMax} most recent transactions (by
 * {@link Position}); older ones drop out of the list, and a later status change of a dropped one
 * is ignored. Balances and pod memberships are kept whole, since the engine holds every wallet and
 * pod in memory too and they are far fewer than transactions. A listing then costs at most a scan
 * of the pod's or wallet's kept transactions (of all kept ones for an admin's unfiltered list).
 *
 * <p>One thread delivers (the runner); any number read. A batch is folded first and applied under a
 * write lock, so readers see whole batches only, and a batch that cannot be read changes nothing.
 */
public final class MemoryProjection implements EventConsumer, TransactionQueries {

    public static final String NAME = "projections";

    /** Most events per batch, as for the PostgreSQL projection: bounds the time readers wait on the lock. */
    public static final int BATCH_EVENTS_MAX = 10_000;

    private static final NavigableMap<String, WalletBalance> EMPTY = Collections.emptyNavigableMap();
    /** Never added to: the answer for a pod or wallet with nothing kept. */
    private static final PositionIndex NONE = new PositionIndex();

    private final int transactionsMax;
    /** The newest events as the event log writer saw them (see {@link #recentEvents}). */
    private final RecentEvents recent = new RecentEvents(RECENT_EVENTS);
    /** ~3 s of events at 20,000 operations/s: a consumer further behind decodes, as it always did. */
    static final int RECENT_EVENTS = 1 << 16;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final PositionIndex all = new PositionIndex();
    private final Map<TransactionId, PositionIndex.Cell> kept = new HashMap<>();
    private final Map<PodId, PositionIndex> byPod = new HashMap<>();
    private final Map<WalletId, PositionIndex> byWallet = new HashMap<>();
    /** Per wallet, its balances by currency code: the order {@link #balances} answers in. */
    private final Map<WalletId, NavigableMap<String, WalletBalance>> balances = new HashMap<>();
    private final Map<PodId, Set<UserId>> members = new HashMap<>();
    private long checkpoint;

    /** @param transactionsMax how many of the most recent transactions are kept and listed (at least 1) */
    public MemoryProjection(int transactionsMax) {
        if (transactionsMax < 1) {
            throw new IllegalArgumentException("transactionsMax must be at least 1: " + transactionsMax);
        }
        this.transactionsMax = transactionsMax;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Told by the event log writer, on its thread, of one command's typed events just before their
     * records are appended: their meaning is kept for a while, so that delivering those records does
     * not parse their JSON again. Records this never saw are decoded as before.
     */
    public void recentEvents(List<io.crowdpay.engine.event.Event> events, long firstSequence) {
        for (int i = 0; i < events.size(); i++) {
            ReadModelEvent e = EventPayloads.fromEngine(events.get(i), firstSequence + i);
            if (e != null) {
                recent.put(firstSequence + i, e);
            }
        }
    }

    /** What this instance has applied: its memory is its destination, so nothing is ever dropped here. */
    @Override
    public long checkpoint() {
        lock.readLock().lock();
        try {
            return checkpoint;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long deliver(List<EventRecord> batch) {
        List<EventRecord> fresh = Redelivery.unapplied(NAME, checkpoint(), batch, BATCH_EVENTS_MAX);
        if (fresh.isEmpty()) {
            return checkpoint();
        }
        ReadModelChanges changes = ReadModelChanges.of(fresh, recent::get);
        lock.writeLock().lock();
        try {
            List<WalletBalance> moved = movedBalances(changes);
            changes.initiated().values().forEach(this::keep);
            changes.changed().forEach(this::change);
            moved.forEach(balance -> balances.computeIfAbsent(balance.wallet(), wallet -> new TreeMap<>())
                    .put(balance.currency().code(), balance));
            changes.members().forEach((pod, list) -> members.put(pod,
                    Set.copyOf(list.stream().map(Member::userId).toList())));
            checkpoint = fresh.getLast().sequence();
            return checkpoint;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public int batchEventsMax() {
        return BATCH_EVENTS_MAX;
    }

    /** The new balances, all checked before any is stored, so a wrong batch leaves no trace. */
    private List<WalletBalance> movedBalances(ReadModelChanges changes) {
        List<WalletBalance> moved = new ArrayList<>(changes.balances().size());
        for (WalletBalance change : changes.balances().values()) {
            WalletBalance before = balances.getOrDefault(change.wallet(), EMPTY).getOrDefault(change.currency().code(),
                    new WalletBalance(change.wallet(), change.currency(), 0, 0));
            moved.add(before.plus(change).requireNonNegative());
        }
        return moved;
    }

    private void keep(ProjectedTransaction decoded) {
        Transaction t = decoded.transaction();
        PositionIndex pod = byPod.computeIfAbsent(t.request().pod(), PositionIndex::new);
        PositionIndex source = t.source() == null ? null : byWallet.computeIfAbsent(t.source(), PositionIndex::new);
        PositionIndex beneficiary = t.beneficiary() == null ? null
                : t.beneficiary().equals(t.source()) ? source : byWallet.computeIfAbsent(t.beneficiary(), PositionIndex::new);
        // Kept with the indexes' own pod and wallet ids: the newest transactionsMax rows then share
        // one instance of each instead of holding ~0.2 KB of decoded copies apiece.
        WalletId sourceId = source == null ? null : (WalletId) source.key;
        WalletId beneficiaryId = beneficiary == null ? null : (WalletId) beneficiary.key;
        var request = t.request().sharing(null, (PodId) pod.key, sourceId, beneficiaryId);
        // Rows that came typed from this process's engine usually share the instances already.
        ProjectedTransaction row = request == t.request() && sourceId == t.source() && beneficiaryId == t.beneficiary()
                ? decoded
                : new ProjectedTransaction(decoded.sequence(), new Transaction(request, sourceId, beneficiaryId, t.fx(),
                        t.status(), t.failure(), t.createdAtMillis(), t.updatedAtMillis()));
        Transaction tx = row.transaction();
        PositionIndex.Cell cell = new PositionIndex.Cell(row);
        all.add(cell);
        kept.put(tx.id(), cell);
        pod.add(cell);
        if (source != null) {
            source.add(cell);
        }
        if (beneficiary != null && beneficiary != source) {
            beneficiary.add(cell);
        }
        while (all.size() > transactionsMax) {
            forget(all.first());
        }
    }

    private void forget(PositionIndex.Cell cell) {
        Transaction tx = cell.row.transaction();
        all.remove(cell);
        kept.remove(tx.id());
        removeIndexed(byPod, tx.request().pod(), cell);
        for (WalletId wallet : wallets(tx)) {
            removeIndexed(byWallet, wallet, cell);
        }
    }

    private static <K> void removeIndexed(Map<K, PositionIndex> index, K key, PositionIndex.Cell cell) {
        PositionIndex cells = index.get(key);
        cells.remove(cell);
        if (cells.isEmpty()) {
            index.remove(key);
        }
    }

    /** A status change of a transaction that dropped out of memory has nothing left to change. */
    private void change(TransactionId id, StatusChange change) {
        PositionIndex.Cell cell = kept.get(id);
        if (cell != null) {
            cell.row = cell.row.with(change);
        }
    }

    private static List<WalletId> wallets(Transaction tx) {
        List<WalletId> wallets = new ArrayList<>(2);
        if (tx.source() != null) {
            wallets.add(tx.source());
        }
        if (tx.beneficiary() != null && !tx.beneficiary().equals(tx.source())) {
            wallets.add(tx.beneficiary());
        }
        return wallets;
    }

    @Override
    public Page list(Filter filter, int limit, Position after) {
        TransactionQueries.requireLimit(limit);
        lock.readLock().lock();
        try {
            List<ProjectedTransaction> items = new ArrayList<>(limit + 1);
            for (PositionIndex.Cell cell : candidates(filter).newestFirst(after)) {
                ProjectedTransaction row = cell.row;
                if (filter.matches(row)) {
                    items.add(row);
                    if (items.size() > limit) {
                        break;
                    }
                }
            }
            return items.size() > limit ? new Page(items.subList(0, limit), items.get(limit - 1).position())
                    : new Page(items, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The narrowest index the filter allows. */
    private PositionIndex candidates(Filter filter) {
        if (filter.pod() != null && filter.wallet() != null) {
            PositionIndex pod = byPod.getOrDefault(filter.pod(), NONE);
            PositionIndex wallet = byWallet.getOrDefault(filter.wallet(), NONE);
            return pod.size() <= wallet.size() ? pod : wallet;
        } else if (filter.pod() != null) {
            return byPod.getOrDefault(filter.pod(), NONE);
        } else if (filter.wallet() != null) {
            return byWallet.getOrDefault(filter.wallet(), NONE);
        }
        return all;
    }

    @Override
    public boolean isMember(PodId pod, UserId user) {
        lock.readLock().lock();
        try {
            return members.getOrDefault(pod, Set.of()).contains(user);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<WalletBalance> balances(WalletId wallet) {
        lock.readLock().lock();
        try {
            return List.copyOf(balances.getOrDefault(wallet, EMPTY).values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Nothing to release: the read model lives and goes with this instance. */
    @Override
    public void close() {
    }

    /** How many transactions are kept now (at most {@code transactionsMax}). */
    public int transactionsKept() {
        lock.readLock().lock();
        try {
            return all.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
