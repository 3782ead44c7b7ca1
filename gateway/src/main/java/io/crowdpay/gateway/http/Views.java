package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.command.Command.Initiate;
import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.money.Amounts;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.wallet.WalletView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** JSON renderings of the engine's immutable views, in API.md's field names. */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Views() {
    }

    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    static ObjectNode money(Money m) {
        return Json.object().put("currency", m.currency().code()).put("value", m.toDecimalString());
    }

    static ObjectNode transaction(Transaction tx) {
        Initiate r = tx.request();
        ObjectNode o = Json.object();
        o.put("transaction_id", tx.id().value());
        o.put("type", tx.type().name());
        o.put("status", tx.status().name());
        o.put("pod_id", r.pod().value());
        o.set("amount", money(r.amount()));
        if (tx.source() != null) {
            o.put("source_wallet_id", tx.source().value());
        }
        if (tx.beneficiary() != null) {
            o.put("beneficiary_wallet_id", tx.beneficiary().value());
        }
        if (tx.fx() != null) {
            ObjectNode fx = o.putObject("fx");
            fx.put("quote_id", tx.fx().quoteId().value());
            fx.put("rate", tx.fx().rate().toPlainString());
            fx.set("buy", money(tx.fx().buy()));
        }
        if (r.fundingSource() != null) {
            o.putObject("funding_source").put("type", r.fundingSource().type().name()).put("reference", r.fundingSource().reference());
        }
        if (r.payout() != null) {
            ObjectNode p = o.putObject("payout").put("iban", r.payout().iban()).put("name", r.payout().name());
            if (r.payout().bic() != null) {
                p.put("bic", r.payout().bic());
            }
        }
        if (r.description() != null) {
            o.put("description", r.description());
        }
        ObjectNode metadata = o.putObject("metadata");
        r.metadata().forEach(metadata::put);
        o.put("idempotency_key", r.idempotencyKey());
        if (r.correlationId() != null) {
            o.put("correlation_id", r.correlationId());
        }
        if (tx.failure() != null) {
            o.putObject("failure").put("code", tx.failure().code()).put("reason", tx.failure().reason());
        }
        o.put("created_by", r.actor().value());
        o.put("created_at", time(tx.createdAtMillis()));
        o.put("updated_at", time(tx.updatedAtMillis()));
        return o;
    }

    static ObjectNode user(User u) {
        return Json.object().put("user_id", u.id().value()).put("kyc_status", u.kycStatus().name()).put("kyc_tier", u.kycTier());
    }

    static ObjectNode pod(Pod p) {
        ObjectNode o = Json.object().put("pod_id", p.id().value()).put("name", p.name()).put("wallet_id", p.walletId().value());
        ArrayNode currencies = o.putArray("currencies");
        p.currencies().forEach(c -> currencies.add(c.code()));
        ArrayNode members = o.putArray("members");
        for (Member m : p.members()) {
            members.addObject().put("user_id", m.userId().value()).put("role", m.role().name());
        }
        return o;
    }

    static ObjectNode wallet(WalletView w) {
        ObjectNode o = Json.object().put("wallet_id", w.id().value());
        ObjectNode owner = o.putObject("owner");
        if (w.pod() != null) {
            owner.put("type", "POD").put("pod_id", w.pod().value());
        } else {
            owner.put("type", "USER").put("user_id", w.owner().value());
        }
        ArrayNode balances = o.putArray("balances");
        for (WalletView.Line line : w.balances()) {
            int scale = line.currency().scale();
            balances.addObject().put("currency", line.currency().code())
                    .put("available", Amounts.format(line.available(), scale))
                    .put("held", Amounts.format(line.held(), scale))
                    .put("total", Amounts.format(line.total(), scale));
        }
        return o;
    }

    static ObjectNode quote(FxQuote q) {
        ObjectNode o = Json.object().put("quote_id", q.id().value()).put("pod_id", q.pod().value());
        o.set("sell", money(q.sell()));
        o.set("buy", money(q.buy()));
        o.put("rate", q.rate().toPlainString());
        o.put("created_at", time(q.issuedAtMillis()));
        o.put("expires_at", time(q.expiresAtMillis()));
        return o;
    }
}
