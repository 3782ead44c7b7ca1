package io.crowdpay.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** JSON renderings of the engine's immutable views, in API.md's field names. */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: the years the fast path writes. */
    private static final long FAST_TIME_MIN = -62_167_219_200_000L;
    private static final long FAST_TIME_END = 253_402_300_800_000L;

    /**
     * ISO-8601 UTC with milliseconds ({@code 2026-11-24T21:50:25.123Z}), as {@link #TIME} writes it.
     * Every transaction view has two; the formatter made several objects per call on the event loop,
     * this makes the string alone. Years outside 0-9999 take the formatter (the test holds the two
     * to the same text).
     */
    static String time(long millis) {
        if (millis < FAST_TIME_MIN || millis >= FAST_TIME_END) {
            return TIME.format(Instant.ofEpochMilli(millis));
        }
        long days = Math.floorDiv(millis, 86_400_000L);
        int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        byte[] out = new byte[24];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, msOfDay / 3_600_000, 2);
        out[13] = ':';
        digits(out, 14, msOfDay / 60_000 % 60, 2);
        out[16] = ':';
        digits(out, 17, msOfDay / 1_000 % 60, 2);
        out[19] = '.';
        digits(out, 20, msOfDay % 1_000, 3);
        out[23] = 'Z';
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    static ObjectNode money(Money m) {
        return Json.object().put("currency", m.currency().code()).put("value", m.toDecimalString());
    }

    /** What writes one JSON document to a generator (a view, or a list of them). */
    @FunctionalInterface
    interface Document {
        void write(JsonGenerator g) throws IOException;
    }

    /** The bytes of a document streamed by {@code document}: no tree is built. */
    static byte[] json(Document document) {
        // The event loop's own builder, reset per document: only the finished bytes are new.
        ByteArrayBuilder out = BUILDERS.get();
        out.reset();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            document.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("a view does not serialise", e);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > KEPT_BYTES_MAX) {
            // A long list grew the builder; do not keep its blocks for the small views that follow.
            BUILDERS.remove();
        }
        return bytes;
    }

    /** Largest document after which a thread's builder is let go rather than reused. */
    private static final int KEPT_BYTES_MAX = 64 * 1024;

    private static final ThreadLocal<ByteArrayBuilder> BUILDERS = ThreadLocal.withInitial(() -> new ByteArrayBuilder(768));

    /**
     * A transaction as API.md renders it, streamed straight to bytes: this is every 202 and every
     * GET by id, so it skips the tree (building and then serialising an {@link ObjectNode} cost about
     * twice as much). Lists write each item with {@link #writeTransaction}, the same code.
     */
    static byte[] transactionJson(Transaction tx) {
        return json(g -> writeTransaction(g, tx));
    }

    static void writeTransaction(JsonGenerator g, Transaction tx) throws IOException {
        Initiate r = tx.request();
        g.writeStartObject();
        g.writeStringField("transaction_id", tx.id().value());
        g.writeStringField("type", tx.type().name());
        g.writeStringField("status", tx.status().name());
        g.writeStringField("pod_id", r.pod().value());
        writeMoney(g, "amount", r.amount());
        if (tx.source() != null) {
            g.writeStringField("source_wallet_id", tx.source().value());
        }
        if (tx.beneficiary() != null) {
            g.writeStringField("beneficiary_wallet_id", tx.beneficiary().value());
        }
        if (tx.fx() != null) {
            g.writeObjectFieldStart("fx");
            g.writeStringField("quote_id", tx.fx().quoteId().value());
            g.writeStringField("rate", tx.fx().rate().toPlainString());
            writeMoney(g, "buy", tx.fx().buy());
            g.writeEndObject();
        }
        if (r.fundingSource() != null) {
            g.writeObjectFieldStart("funding_source");
            g.writeStringField("type", r.fundingSource().type().name());
            g.writeStringField("reference", r.fundingSource().reference());
            g.writeEndObject();
        }
        if (r.payout() != null) {
            g.writeObjectFieldStart("payout");
            g.writeStringField("iban", r.payout().iban());
            g.writeStringField("name", r.payout().name());
            if (r.payout().bic() != null) {
                g.writeStringField("bic", r.payout().bic());
            }
            g.writeEndObject();
        }
        if (r.description() != null) {
            g.writeStringField("description", r.description());
        }
        g.writeObjectFieldStart("metadata");
        for (var entry : r.metadata().entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
        g.writeStringField("idempotency_key", r.idempotencyKey());
        if (r.correlationId() != null) {
            g.writeStringField("correlation_id", r.correlationId());
        }
        if (tx.failure() != null) {
            g.writeObjectFieldStart("failure");
            g.writeStringField("code", tx.failure().code());
            g.writeStringField("reason", tx.failure().reason());
            g.writeEndObject();
        }
        g.writeStringField("created_by", r.actor().value());
        g.writeStringField("created_at", time(tx.createdAtMillis()));
        g.writeStringField("updated_at", time(tx.updatedAtMillis()));
        g.writeEndObject();
    }

    private static void writeMoney(JsonGenerator g, String field, Money m) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("currency", m.currency().code());
        g.writeStringField("value", m.toDecimalString());
        g.writeEndObject();
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
