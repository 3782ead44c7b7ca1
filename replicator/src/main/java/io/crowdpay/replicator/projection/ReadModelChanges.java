package io.crowdpay.replicator.projection;

import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.replicator.EventRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure projection: what a batch of events changes in the read model, folded so that each row
 * is written once per batch however many events touch it. Both projections apply exactly this, so
 * they cannot disagree on what an event means; only how they store it differs.
 *
 * @param initiated transactions first seen in this batch, in their final state after it
 * @param changed   the last status change of each transaction initiated in an <em>earlier</em>
 *                  batch (already stored, so only its status fields change)
 * @param balances  per wallet and currency, the net change of available and held (deltas)
 * @param members   per pod upserted in this batch, all its members after the batch
 */
public record ReadModelChanges(Map<TransactionId, ProjectedTransaction> initiated,
                               Map<TransactionId, StatusChange> changed,
                               Map<WalletBalance.Line, WalletBalance> balances,
                               Map<PodId, List<Member>> members) {

    public ReadModelChanges {
        initiated = Collections.unmodifiableMap(new LinkedHashMap<>(initiated));
        changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
        balances = Collections.unmodifiableMap(new LinkedHashMap<>(balances));
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /**
     * Folds events in sequence order. Throws {@link IllegalStateException} for an event it cannot
     * read, or a transaction initiated twice: both mean the input is not the engine's event log.
     */
    public static ReadModelChanges of(List<EventRecord> events) {
        return of(events, null);
    }

    /**
     * The same, taking an event's meaning from {@code known} (by event sequence) where it has it and
     * decoding the record's payload only where it returns null.
     */
    static ReadModelChanges of(List<EventRecord> events, java.util.function.LongFunction<ReadModelEvent> known) {
        Map<TransactionId, ProjectedTransaction> initiated = new LinkedHashMap<>();
        Map<TransactionId, StatusChange> changed = new LinkedHashMap<>();
        Map<WalletBalance.Line, WalletBalance> balances = new LinkedHashMap<>();
        Map<PodId, List<Member>> members = new LinkedHashMap<>();
        for (EventRecord record : events) {
            ReadModelEvent event = known == null ? null : known.apply(record.sequence());
            switch (event != null ? event : EventPayloads.decode(record)) {
                case ReadModelEvent.Initiated e -> {
                    TransactionId id = e.transaction().transaction().id();
                    if (initiated.putIfAbsent(id, e.transaction()) != null) {
                        throw new IllegalStateException(
                                "transaction " + id + " initiated twice (event " + record.eventId() + ")");
                    }
                }
                case ReadModelEvent.StatusChanged e -> {
                    ProjectedTransaction fresh = initiated.get(e.transaction());
                    if (fresh != null) {
                        initiated.put(e.transaction(), fresh.with(e.change()));
                    } else {
                        changed.put(e.transaction(), e.change());
                    }
                }
                case ReadModelEvent.BalancesMoved e ->
                        e.changes().forEach(change -> balances.merge(change.line(), change, WalletBalance::plus));
                case ReadModelEvent.MembersSet e -> members.put(e.pod(), e.members());
                case ReadModelEvent.Ignored e -> {
                    // user KYC, quotes, legs and rules do not show in the read model
                }
            }
        }
        return new ReadModelChanges(initiated, changed, balances, members);
    }

    public boolean isEmpty() {
        return initiated.isEmpty() && changed.isEmpty() && balances.isEmpty() && members.isEmpty();
    }
}
