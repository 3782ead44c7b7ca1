package io.crowdpay.replicator;

import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Transaction;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event payloads as sorted maps, exactly as the service built them before it wrote them
 * directly: the reference the direct writer is held to (through Jackson, in {@link CanonicalJsonTest}).
 * Only for tests; a payload change must change both.
 */
final class ReferencePayloads {

    private ReferencePayloads() {
    }

    static Map<String, Object> of(Event event) {
        Fields f = new Fields();
        switch (event) {
            case Event.UserUpserted e -> f.put("user_id", e.user().id().value()).put("kyc_status", e.user().kycStatus().name())
                    .put("kyc_tier", e.user().kycTier());
            case Event.PodUpserted e -> f.put("pod_id", e.pod().id().value()).put("name", e.pod().name())
                    .put("wallet_id", e.pod().walletId().value())
                    .put("currencies", e.pod().currencies().stream().map(c -> c.code()).toList())
                    .put("members", e.pod().members().stream()
                            .map(m -> new Fields().put("user_id", m.userId().value()).put("role", m.role().name()).map).toList());
            case Event.WalletUpserted e -> f.put("wallet_id", e.wallet().value());
            case Event.QuoteIssued e -> f.put("quote_id", e.quote().id().value()).put("pod_id", e.quote().pod().value())
                    .put("sell", money(e.quote().sell())).put("buy", money(e.quote().buy()))
                    .put("rate", e.quote().rate().toPlainString()).put("expires_at_ms", e.quote().expiresAtMillis());
            case Event.TransactionInitiated e -> transaction(f, e.transaction());
            case Event.FundsHeld e -> f.put("transaction_id", e.transaction().value()).put("wallet_id", e.wallet().value())
                    .put("amount", money(e.amount()));
            case Event.HoldReleased e -> f.put("transaction_id", e.transaction().value()).put("wallet_id", e.wallet().value())
                    .put("amount", money(e.amount()));
            case Event.LegRequested e -> f.put("transaction_id", e.transaction().value()).put("leg", e.leg().name())
                    .put("amount", money(e.amount()));
            case Event.LegCompleted e -> f.put("transaction_id", e.transaction().value()).put("leg", e.leg().name())
                    .put("success", e.success()).put("reason", e.reason());
            case Event.Posted e -> f.put("transaction_id", e.transaction().value())
                    .put("debit", account(e.debitWallet() == null ? null : e.debitWallet().value(), e.debitSystem()))
                    .put("credit", account(e.creditWallet() == null ? null : e.creditWallet().value(), e.creditSystem()))
                    .put("amount", money(e.amount()));
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
        return f.put("at_ms", event.atMillis()).map;
    }

    private static void transaction(Fields f, Transaction tx) {
        var r = tx.request();
        f.put("transaction_id", tx.id().value()).put("type", tx.type().name()).put("status", tx.status().name())
                .put("pod_id", r.pod().value()).put("actor", r.actor().value()).put("amount", money(r.amount()))
                .put("source_wallet_id", tx.source() == null ? null : tx.source().value())
                .put("beneficiary_wallet_id", tx.beneficiary() == null ? null : tx.beneficiary().value())
                .put("idempotency_key", r.idempotencyKey()).put("description", r.description())
                .put("correlation_id", r.correlationId()).put("metadata", r.metadata().isEmpty() ? null : new TreeMap<>(r.metadata()));
        if (tx.fx() != null) {
            f.put("fx", new Fields().put("quote_id", tx.fx().quoteId().value()).put("rate", tx.fx().rate().toPlainString())
                    .put("buy", money(tx.fx().buy())).map);
        }
        if (r.payout() != null) {
            f.put("payout", new Fields().put("iban", r.payout().iban()).put("name", r.payout().name()).put("bic", r.payout().bic()).map);
        }
        if (r.fundingSource() != null) {
            f.put("funding_source", new Fields().put("type", r.fundingSource().type().name())
                    .put("reference", r.fundingSource().reference()).map);
        }
    }

    private static Map<String, Object> money(Money m) {
        return new Fields().put("currency", m.currency().code()).put("value", m.toDecimalString()).map;
    }

    private static Map<String, Object> account(String wallet, io.crowdpay.engine.ledger.SystemAccount system) {
        return wallet != null ? new Fields().put("wallet_id", wallet).map : new Fields().put("system", system.name()).map;
    }

    /** A sorted map that leaves out null values, so "absent" has one spelling. */
    private static final class Fields {
        final Map<String, Object> map = new TreeMap<>();

        Fields put(String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
            return this;
        }
    }
}
