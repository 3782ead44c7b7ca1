package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Ids;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.transaction.FundingSource;
import io.crowdpay.engine.transaction.Payout;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.Wallet;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.gateway.config.FxRates;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Turns validated request bodies into engine commands. Shape and format are checked here (types,
 * unknown fields, amounts, ids, IBANs); every rule that needs state (KYC, limits, funds, roles) is
 * the engine's.
 */
final class Requests {

    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    static final int CORRELATION_ID_LENGTH_MAX = 128;

    private final FxRates rates;

    Requests(FxRates rates) {
        this.rates = rates;
    }

    static String pathId(String value, String what) throws ProblemException {
        if (!Ids.isValidClientId(value)) {
            throw new ProblemException(Problem.invalidField(what, "must match ^[A-Za-z0-9_-]{1,64}$"));
        }
        return value;
    }

    Command.PutUser putUser(String userId, ObjectNode body) throws ProblemException {
        Fields f = Fields.of(body, "kyc_status", "kyc_tier");
        KycStatus status = f.choice("kyc_status", KycStatus.class);
        Integer tier = f.integer("kyc_tier", 0, io.crowdpay.engine.user.User.TIER_MAX);
        f.done();
        return new Command.PutUser(new UserId(pathId(userId, "user_id")), status, tier);
    }

    Command.PutPod putPod(String podId, ObjectNode body) throws ProblemException {
        Fields f = Fields.of(body, "name", "currencies", "members");
        String name = f.text("name", true, Pod.NAME_LENGTH_MAX);
        List<Currency> currencies = f.currencies("currencies", Pod.CURRENCIES_MAX);
        List<JsonNode> items = f.array("members", Pod.MEMBERS_MAX);
        List<Member> members = new ArrayList<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ObjectNode m)) {
                    f.error("members[" + i + "]", "must be an object");
                    continue;
                }
                Fields mf = f.nested(m, "members[" + i + "]", "user_id", "role");
                String user = mf.id("user_id", true);
                Role role = mf.choice("role", Role.class);
                if (user != null && role != null) {
                    members.add(new Member(new UserId(user), role));
                }
            }
        }
        f.done();
        return new Command.PutPod(new PodId(pathId(podId, "pod_id")), name, currencies, members);
    }

    Command.PutWallet putWallet(String walletId, ObjectNode body) throws ProblemException {
        Fields f = Fields.of(body, "owner_user_id", "currencies");
        String owner = f.id("owner_user_id", true);
        List<Currency> currencies = f.currencies("currencies", Wallet.CURRENCIES_MAX);
        f.done();
        return new Command.PutWallet(new WalletId(pathId(walletId, "wallet_id")), new UserId(owner), currencies);
    }

    Command.IssueQuote quote(UserId actor, ObjectNode body) throws ProblemException {
        Fields f = Fields.of(body, "pod_id", "sell", "buy_currency");
        String pod = f.id("pod_id", true);
        Money sell = f.money("sell", true);
        Currency buy = f.currency("buy_currency");
        f.done();
        Rate rate = rates.rate(sell.currency(), buy).orElseThrow(() -> new ProblemException(
                Problem.of("T001", "currency_not_supported", "no FX rate from " + sell.currency() + " to " + buy)));
        return new Command.IssueQuote(new QuoteId(ServiceIds.next("q_")), actor, new PodId(pod), sell, buy, rate);
    }

    Command.Initiate transaction(UserId actor, ObjectNode body, String headerKey, String correlationId) throws ProblemException {
        Fields f = Fields.of(body, TRANSACTION_FIELDS);
        TransactionType type = f.choice("type", TransactionType.class);
        String pod = f.id("pod_id", true);
        Money amount = f.money("amount", true);
        String description = f.text("description", false, Fields.TEXT_LENGTH_MAX);
        SortedMap<String, String> metadata = f.metadata("metadata");
        String key = idempotencyKey(f, headerKey);
        String beneficiary = null;
        String source = null;
        FundingSource funding = null;
        Payout payout = null;
        String quote = null;
        if (type != null) {
            allowOnly(f, type);
            switch (type) {
                case TRANSFER -> {
                    beneficiary = f.id("beneficiary_wallet_id", true);
                    source = f.id("source_wallet_id", false);
                }
                case TOP_UP -> funding = funding(f);
                case WITHDRAWAL -> payout = payout(f);
                case FX_SWAP -> quote = f.text("fx_quote_id", true, 64);
            }
        }
        f.done();
        if (correlationId != null && (correlationId.length() > CORRELATION_ID_LENGTH_MAX || !printable(correlationId))) {
            throw new ProblemException(Problem.invalidField("X-Correlation-Id", "must be 1.." + CORRELATION_ID_LENGTH_MAX + " printable ASCII characters"));
        }
        // Every transaction has a correlation id: the client's, or one made here, so that its saga
        // messages, events and log lines can always be followed together.
        String correlation = correlationId != null ? correlationId : ServiceIds.next("corr_");
        return new Command.Initiate(new TransactionId(ServiceIds.next("tx_")), actor, key, type, new PodId(pod), amount,
                source == null ? null : new WalletId(source), beneficiary == null ? null : new WalletId(beneficiary),
                payout, funding, quote == null ? null : new QuoteId(quote), description, metadata, correlation);
    }

    /** The fields a POST /v1/transactions body may have (made once: this runs for every request). */
    private static final java.util.Set<String> TRANSACTION_FIELDS = java.util.Set.of("type", "pod_id", "amount", "description",
            "metadata", "idempotency_key", "beneficiary_wallet_id", "source_wallet_id", "funding_source", "payout", "fx_quote_id");

    /** A field that only one transaction type may carry. */
    private record Owned(String field, TransactionType type) {
    }

    private static final List<Owned> OWNED = List.of(new Owned("beneficiary_wallet_id", TransactionType.TRANSFER),
            new Owned("source_wallet_id", TransactionType.TRANSFER), new Owned("funding_source", TransactionType.TOP_UP),
            new Owned("payout", TransactionType.WITHDRAWAL), new Owned("fx_quote_id", TransactionType.FX_SWAP));

    /** Fields that belong to another type are refused rather than ignored: the client meant something. */
    private static void allowOnly(Fields f, TransactionType type) {
        for (Owned o : OWNED) {
            if (o.type() != type && f.has(o.field())) {
                f.error(o.field(), "not allowed for " + type);
            }
        }
    }

    private static String idempotencyKey(Fields f, String headerKey) {
        String bodyKey = f.text("idempotency_key", false, IDEMPOTENCY_KEY_LENGTH_MAX);
        if (headerKey != null && bodyKey != null && !headerKey.equals(bodyKey)) {
            f.error("idempotency_key", "differs from the Idempotency-Key header");
            return null;
        }
        String key = headerKey != null ? headerKey : bodyKey;
        if (key == null) {
            f.error("idempotency_key", "required: send an Idempotency-Key header or an idempotency_key field");
        } else if (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_LENGTH_MAX || !printable(key)) {
            f.error("idempotency_key", "must be 1.." + IDEMPOTENCY_KEY_LENGTH_MAX + " printable ASCII characters");
            return null;
        }
        return key;
    }

    private static FundingSource funding(Fields f) {
        ObjectNode node = f.object("funding_source", false);
        if (node == null) {
            return null;
        }
        Fields ff = f.nested(node, "funding_source", "type", "reference");
        FundingSource.Kind kind = ff.choice("type", FundingSource.Kind.class);
        String reference = ff.text("reference", true, 140);
        return kind == null || reference == null ? null : new FundingSource(kind, reference);
    }

    private static Payout payout(Fields f) {
        ObjectNode node = f.object("payout", true);
        if (node == null) {
            return null;
        }
        Fields pf = f.nested(node, "payout", "iban", "name", "bic");
        String iban = pf.text("iban", true, 42);
        String name = pf.text("name", true, 140);
        String bic = pf.text("bic", false, 11);
        if (iban != null && !Iban.isValid(iban)) {
            pf.error("iban", "not a valid IBAN (format or checksum)");
            return null;
        }
        if (bic != null && !bic.matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
            pf.error("bic", "must be 8 or 11 characters: 6 letters then letters or digits");
            return null;
        }
        return iban == null || name == null ? null : new Payout(Iban.normalise(iban), name, bic);
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
