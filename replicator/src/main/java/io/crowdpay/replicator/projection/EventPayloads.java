package io.crowdpay.replicator.projection;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.Failure;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.FxDetails;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionStatus;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.replicator.EventRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the canonical payloads that {@code EventRecords} writes back into typed values, for the
 * event types the read model needs. The read model works from records, not from the engine's
 * in-memory events, because it must be rebuildable from the event log alone. The one shortcut:
 * for events this process itself appends, the in-memory projection may take the same value from
 * the typed event ({@link #fromEngine}, via {@link RecentEvents}), which must equal decoding.
 *
 * <p>A payload that lacks a field, or a type this class does not know, throws: both mean the log and
 * this code disagree, and a read model that guessed would be silently wrong. A new event type must
 * be taught here (or listed as ignored) before the projection can move past it.
 */
final class EventPayloads {

    private EventPayloads() {
    }

    /**
     * What {@link #decode} returns for the record of {@code event} at {@code sequence}, computed from
     * the engine's typed event instead of its JSON; null for a type left to {@link #decode}. It
     * builds exactly what decoding builds (the request's wallets are the ones the transaction
     * resolved to, as the payload carries them), which {@code RecentEventsTest} checks over random
     * traffic.
     */
    static ReadModelEvent fromEngine(Event event, long sequence) {
        long at = event.atMillis();
        return switch (event) {
            case Event.TransactionInitiated e -> {
                Transaction t = e.transaction();
                var r = t.request();
                var request = new Command.Initiate(t.id(), r.actor(), r.idempotencyKey(), t.type(), r.pod(), r.amount(),
                        t.source(), t.beneficiary(), r.payout(), r.fundingSource(), t.fx() == null ? null : t.fx().quoteId(),
                        r.description(), r.metadata(), r.correlationId());
                yield new ReadModelEvent.Initiated(new ProjectedTransaction(sequence,
                        new Transaction(request, t.source(), t.beneficiary(), t.fx(), t.status(), null, at, at)));
            }
            case Event.TransactionSettled e ->
                    new ReadModelEvent.StatusChanged(e.transaction(), new StatusChange(TransactionStatus.SETTLED, null, at));
            case Event.TransactionFailed e -> new ReadModelEvent.StatusChanged(e.transaction(),
                    new StatusChange(TransactionStatus.FAILED, new Failure(e.code(), e.reason()), at));
            case Event.TransactionReversed e -> new ReadModelEvent.StatusChanged(e.transaction(),
                    new StatusChange(TransactionStatus.REVERSED, new Failure(e.code(), e.reason()), at));
            case Event.FundsHeld e -> new ReadModelEvent.BalancesMoved(List.of(new WalletBalance(
                    e.wallet(), e.amount().currency(), -e.amount().minorUnits(), e.amount().minorUnits())));
            case Event.HoldReleased e -> new ReadModelEvent.BalancesMoved(List.of(new WalletBalance(
                    e.wallet(), e.amount().currency(), e.amount().minorUnits(), -e.amount().minorUnits())));
            case Event.Posted e -> {
                List<WalletBalance> changes = new ArrayList<>(2);
                if (e.debitWallet() != null) {
                    changes.add(new WalletBalance(e.debitWallet(), e.amount().currency(), 0, -e.amount().minorUnits()));
                }
                if (e.creditWallet() != null) {
                    changes.add(new WalletBalance(e.creditWallet(), e.amount().currency(), e.amount().minorUnits(), 0));
                }
                yield new ReadModelEvent.BalancesMoved(changes);
            }
            default -> null;
        };
    }

    static ReadModelEvent decode(EventRecord record) {
        return switch (record.type()) {
            case "TransactionInitiated.v1" -> new ReadModelEvent.Initiated(initiated(record, tree(record)));
            case "TransactionSettled.v1" -> new ReadModelEvent.StatusChanged(transactionId(tree(record)),
                    new StatusChange(TransactionStatus.SETTLED, null, record.atMillis()));
            case "TransactionFailed.v1" -> failed(record, tree(record), TransactionStatus.FAILED);
            case "TransactionReversed.v1" -> failed(record, tree(record), TransactionStatus.REVERSED);
            case "FundsHeld.v1" -> held(tree(record), 1);
            case "HoldReleased.v1" -> held(tree(record), -1);
            case "Posted.v1" -> posted(tree(record));
            case "PodUpserted.v1" -> members(tree(record));
            case "UserUpserted.v1", "WalletUpserted.v1", "QuoteIssued.v1", "LegRequested.v1", "LegCompleted.v1",
                 "LegTimedOut.v1", "AmlScreened.v1", "CompensationApplied.v1", "ReversalBlocked.v1",
                 "EngineConfigured.v1" -> ReadModelEvent.IGNORED;
            default -> throw new IllegalStateException("event " + record.eventId() + " has type " + record.type()
                    + ", unknown to the read model: teach EventPayloads this type before projecting past it");
        };
    }

    private static ProjectedTransaction initiated(EventRecord record, Payload p) {
        TransactionId id = transactionId(p);
        TransactionType type = TransactionType.valueOf(text(p, "type"));
        WalletId source = walletOrNull(p, "source_wallet_id");
        WalletId beneficiary = walletOrNull(p, "beneficiary_wallet_id");
        Payload fxPart = p.object("fx");
        FxDetails fx = fxPart != null ? new FxDetails(new QuoteId(text(fxPart, "quote_id")),
                Rate.parse(text(fxPart, "rate")), money(fxPart, "buy")) : null;
        Payload payoutPart = p.object("payout");
        Payout payout = payoutPart != null ? new Payout(text(payoutPart, "iban"), text(payoutPart, "name"),
                textOrNull(payoutPart, "bic")) : null;
        Payload fundingPart = p.object("funding_source");
        FundingSource funding = fundingPart != null
                ? new FundingSource(FundingSource.Kind.valueOf(text(fundingPart, "type")), text(fundingPart, "reference")) : null;
        var request = new Command.Initiate(id, new UserId(text(p, "actor")), text(p, "idempotency_key"), type,
                new PodId(text(p, "pod_id")), money(p, "amount"), source, beneficiary, payout, funding,
                fx == null ? null : fx.quoteId(), textOrNull(p, "description"), metadata(p), textOrNull(p, "correlation_id"));
        TransactionStatus status = TransactionStatus.valueOf(text(p, "status"));
        long at = record.atMillis();
        Transaction tx = new Transaction(request, source, beneficiary, fx, status, null, at, at);
        return new ProjectedTransaction(record.sequence(), tx);
    }

    /** A transaction FAILED, or REVERSED after it settled: either way with a code and a reason. */
    private static ReadModelEvent failed(EventRecord record, Payload p, TransactionStatus status) {
        Failure failure = new Failure(text(p, "code"), textOrNull(p, "reason"));
        return new ReadModelEvent.StatusChanged(transactionId(p),
                new StatusChange(status, failure, record.atMillis()));
    }

    /** A hold (direction 1) moves money from available to held; a release (-1) moves it back. */
    private static ReadModelEvent held(Payload p, int direction) {
        Money amount = money(p, "amount");
        long units = direction * amount.minorUnits();
        WalletId wallet = new WalletId(text(p, "wallet_id"));
        return new ReadModelEvent.BalancesMoved(List.of(new WalletBalance(wallet, amount.currency(), -units, units)));
    }

    /**
     * A posting debits one account and credits another. A wallet is only ever debited from its
     * held part (every debit settles a hold: see the engine's {@code Settlement}) and credited to
     * its available part; system clearing accounts are not wallets and have no row here.
     */
    private static ReadModelEvent posted(Payload p) {
        Money amount = money(p, "amount");
        List<WalletBalance> changes = new ArrayList<>(2);
        WalletId debit = walletOrNull(p.object("debit"), "wallet_id");
        if (debit != null) {
            changes.add(new WalletBalance(debit, amount.currency(), 0, -amount.minorUnits()));
        }
        WalletId credit = walletOrNull(p.object("credit"), "wallet_id");
        if (credit != null) {
            changes.add(new WalletBalance(credit, amount.currency(), amount.minorUnits(), 0));
        }
        return new ReadModelEvent.BalancesMoved(changes);
    }

    private static ReadModelEvent members(Payload p) {
        List<Member> members = new ArrayList<>();
        List<?> listed = p.list("members");
        if (listed == null) {
            throw new IllegalStateException("payload lacks members: " + p);
        }
        for (Object item : listed) {
            if (!(item instanceof Payload m)) {
                throw new IllegalStateException("a pod member is not an object: " + item);
            }
            members.add(new Member(new UserId(text(m, "user_id")), Role.valueOf(text(m, "role"))));
        }
        return new ReadModelEvent.MembersSet(new PodId(text(p, "pod_id")), members);
    }

    private static SortedMap<String, String> metadata(Payload p) {
        SortedMap<String, String> metadata = new TreeMap<>();
        Payload listed = p.object("metadata");
        if (listed != null) {
            listed.forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        }
        return metadata;
    }

    /** Canonical money: an ISO code and exactly the currency's minor digits, e.g. "25.50". */
    private static Money money(Payload parent, String field) {
        Payload m = parent == null ? null : parent.object(field);
        if (m == null) {
            throw new IllegalStateException("payload lacks " + field + ": " + parent);
        }
        String code = text(m, "currency");
        Currency currency = Currency.ofCode(code);
        if (currency == null) {
            throw new IllegalStateException("payload money has an unknown currency " + code);
        }
        try {
            return new Money(new BigDecimal(text(m, "value")).movePointRight(currency.scale()).longValueExact(), currency);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalStateException("payload money " + m + " is not an exact amount of " + code, e);
        }
    }

    private static TransactionId transactionId(Payload p) {
        return new TransactionId(text(p, "transaction_id"));
    }

    private static WalletId walletOrNull(Payload p, String field) {
        String id = textOrNull(p, field);
        return id == null ? null : new WalletId(id);
    }

    private static Payload tree(EventRecord record) {
        try {
            return Payload.parse(record.payloadJson());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("payload of " + record.eventId() + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(Payload parent, String field) {
        String text = textOrNull(parent, field);
        if (text == null) {
            throw new IllegalStateException("payload lacks " + field + ": " + parent);
        }
        return text;
    }

    private static String textOrNull(Payload parent, String field) {
        return parent == null ? null : parent.textOrNull(field);
    }
}
