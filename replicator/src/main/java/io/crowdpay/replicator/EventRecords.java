package io.crowdpay.replicator;

import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.event.EventStreams;
import io.crowdpay.engine.event.EventTypes;
import io.crowdpay.engine.ledger.SystemAccount;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.CanonicalJson.Obj;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Turns the engine's events into {@link EventRecord}s with a canonical JSON payload: keys sorted,
 * money as {@code {"currency", "value"}} decimal strings with the currency's minor digits, times as
 * epoch milliseconds, absent values left out. Canonical because the audit hashes these bytes: the
 * same event must always give the same bytes, on every replay and every machine.
 */
public final class EventRecords {

    private EventRecords() {
    }

    /**
     * The records of one command's events.
     *
     * @param firstSequence the global sequence of {@code events.get(0)} (the engine's
     *                      {@code firstEventSequence()})
     * @param versions      the stream version of event i (the engine's {@code streamVersion(i)})
     * @param journalIndex  the journal index of the command that produced them
     * @param correlationId the saga correlation id of that command, or null
     */
    public static List<EventRecord> of(List<Event> events, long firstSequence, LongUnaryOperator versions,
                                       long journalIndex, String correlationId) {
        List<EventRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            long sequence = firstSequence + i;
            records.add(new EventRecord(sequence, EventRecord.idFor(sequence), EventStreams.of(event),
                    versions.applyAsLong(i), EventTypes.nameOf(event), json(event), journalIndex,
                    event.atMillis(), correlationId));
        }
        return records;
    }

    /** The canonical JSON payload of one event. */
    static String json(Event event) {
        return CanonicalJson.write(payload(event));
    }

    private static Obj payload(Event event) {
        Obj f = new Obj();
        switch (event) {
            case Event.UserUpserted e -> f.put("user_id", e.user().id().value()).put("kyc_status", e.user().kycStatus().name())
                    .put("kyc_tier", e.user().kycTier());
            case Event.PodUpserted e -> f.put("pod_id", e.pod().id().value()).put("name", e.pod().name())
                    .put("wallet_id", e.pod().walletId().value())
                    .put("currencies", e.pod().currencies().stream().map(c -> c.code()).toList())
                    .put("members", e.pod().members().stream()
                            .map(m -> new Obj().put("user_id", m.userId().value()).put("role", m.role().name())).toList());
            case Event.WalletUpserted e -> f.put("wallet_id", e.wallet().value());
            case Event.QuoteIssued e -> f.put("quote_id", e.quote().id().value()).put("pod_id", e.quote().pod().value())
                    .put("sell", e.quote().sell()).put("buy", e.quote().buy())
                    .put("rate", e.quote().rate().toPlainString()).put("expires_at_ms", e.quote().expiresAtMillis());
            case Event.TransactionInitiated e -> transaction(f, e.transaction());
            case Event.FundsHeld e -> f.put("transaction_id", e.transaction().value()).put("wallet_id", e.wallet().value())
                    .put("amount", e.amount());
            case Event.HoldReleased e -> f.put("transaction_id", e.transaction().value()).put("wallet_id", e.wallet().value())
                    .put("amount", e.amount());
            case Event.LegRequested e -> f.put("transaction_id", e.transaction().value()).put("leg", e.leg().name())
                    .put("amount", e.amount());
            case Event.LegCompleted e -> f.put("transaction_id", e.transaction().value()).put("leg", e.leg().name())
                    .put("success", e.success()).put("reason", e.reason());
            case Event.Posted e -> f.put("transaction_id", e.transaction().value())
                    .put("debit", account(e.debitWallet(), e.debitSystem()))
                    .put("credit", account(e.creditWallet(), e.creditSystem()))
                    .put("amount", e.amount());
            case Event.TransactionSettled e -> f.put("transaction_id", e.transaction().value());
            case Event.TransactionFailed e -> f.put("transaction_id", e.transaction().value()).put("code", e.code())
                    .put("reason", e.reason());
            case Event.LegTimedOut e -> f.put("transaction_id", e.transaction().value()).put("leg", e.leg().name());
            case Event.AmlScreened e -> f.put("transaction_id", e.transaction().value()).put("hit", e.hit())
                    .put("reason", e.reason());
            case Event.CompensationApplied e -> f.put("transaction_id", e.transaction().value())
                    .put("compensation", e.compensation()).put("reason", e.reason());
            case Event.ReversalBlocked e -> f.put("transaction_id", e.transaction().value()).put("reason", e.reason());
            case Event.TransactionReversed e -> f.put("transaction_id", e.transaction().value()).put("code", e.code())
                    .put("reason", e.reason());
            case Event.EngineConfigured e -> f.put("config_hash", e.configHash());
        }
        return f.put("at_ms", event.atMillis());
    }

    private static void transaction(Obj f, Transaction tx) {
        var r = tx.request();
        f.put("transaction_id", tx.id().value()).put("type", tx.type().name()).put("status", tx.status().name())
                .put("pod_id", r.pod().value()).put("actor", r.actor().value()).put("amount", r.amount())
                .put("source_wallet_id", tx.source() == null ? null : tx.source().value())
                .put("beneficiary_wallet_id", tx.beneficiary() == null ? null : tx.beneficiary().value())
                .put("idempotency_key", r.idempotencyKey()).put("description", r.description())
                // The command keeps its metadata in a sorted map already: written as it is, in key order.
                .put("correlation_id", r.correlationId()).put("metadata", r.metadata().isEmpty() ? null : r.metadata());
        if (tx.fx() != null) {
            f.put("fx", new Obj().put("quote_id", tx.fx().quoteId().value()).put("rate", tx.fx().rate().toPlainString())
                    .put("buy", tx.fx().buy()));
        }
        if (r.payout() != null) {
            f.put("payout", new Obj().put("iban", r.payout().iban()).put("name", r.payout().name()).put("bic", r.payout().bic()));
        }
        if (r.fundingSource() != null) {
            f.put("funding_source", new Obj().put("type", r.fundingSource().type().name())
                    .put("reference", r.fundingSource().reference()));
        }
    }

    private static Obj account(WalletId wallet, SystemAccount system) {
        return wallet != null ? new Obj().put("wallet_id", wallet.value()) : new Obj().put("system", system.name());
    }
}
