package io.crowdpay.gateway.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.Transaction;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of every saga message, written and read in one place. Schemas (fields not marked optional
 * are required; money is {@code {"currency": "EUR", "value": "12.50"}}):
 * <ul>
 *   <li>leg request: {@code transaction_id, leg ("FX"|"PAYOUT"), amount, buy (FX, optional),
 *       payout {iban, name, bic?} (PAYOUT), correlation_id (optional), requested_at_ms};
 *       {@code Nats-Msg-Id: leg-<transaction_id>-<leg>};</li>
 *   <li>leg result: {@code transaction_id, leg, success (boolean), reason (optional)};</li>
 *   <li>AML result: {@code transaction_id, verdict ("hit"|"clear"), reason (optional)};</li>
 *   <li>KYC update: {@code user_id, kyc_status (NONE|PENDING|VERIFIED|REJECTED), kyc_tier (0..2)}.</li>
 * </ul>
 * A message that does not parse is a poison message: the input reader logs it and drops it, since
 * no redelivery could make it valid.
 */
public final class SagaMessages {

    /** Reasons longer than this are cut: they are shown to users and stored in every copy. */
    static final int REASON_CHARS_MAX = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SagaMessages() {
    }

    /** A message that cannot become a command. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    public static byte[] legRequest(Transaction tx, Leg leg, long requestedAtMillis) {
        ObjectNode o = JSON.createObjectNode().put("transaction_id", tx.id().value()).put("leg", leg.name());
        money(o.putObject("amount"), tx.request().amount());
        if (tx.fx() != null) {
            money(o.putObject("buy"), tx.fx().buy());
        }
        if (tx.request().payout() != null) {
            ObjectNode p = o.putObject("payout").put("iban", tx.request().payout().iban()).put("name", tx.request().payout().name());
            if (tx.request().payout().bic() != null) {
                p.put("bic", tx.request().payout().bic());
            }
        }
        if (tx.request().correlationId() != null) {
            o.put("correlation_id", tx.request().correlationId());
        }
        return bytes(o.put("requested_at_ms", requestedAtMillis));
    }

    public static String legRequestId(TransactionId tx, Leg leg) {
        return "leg-" + tx.value() + "-" + leg.name();
    }

    public static byte[] legResult(TransactionId tx, Leg leg, boolean success, String reason) {
        ObjectNode o = JSON.createObjectNode().put("transaction_id", tx.value()).put("leg", leg.name()).put("success", success);
        if (reason != null) {
            o.put("reason", reason);
        }
        return bytes(o);
    }

    public static byte[] amlResult(TransactionId tx, boolean hit, String reason) {
        ObjectNode o = JSON.createObjectNode().put("transaction_id", tx.value()).put("verdict", hit ? "hit" : "clear");
        if (reason != null) {
            o.put("reason", reason);
        }
        return bytes(o);
    }

    public static byte[] kycUpdate(UserId user, KycStatus status, int tier) {
        return bytes(JSON.createObjectNode().put("user_id", user.value()).put("kyc_status", status.name()).put("kyc_tier", tier));
    }

    /** The journaled input a message on {@code subject} stands for. */
    public static Command toCommand(String subject, byte[] body) throws Malformed {
        JsonNode o;
        try {
            o = JSON.readTree(body);
        } catch (IOException e) {
            throw new Malformed("not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new Malformed("not a JSON object");
        }
        try {
            if (subject.equals(SagaSubjects.AML_RESULT)) {
                String verdict = text(o, "verdict");
                if (!verdict.equals("hit") && !verdict.equals("clear")) {
                    throw new Malformed("verdict must be hit or clear, not " + verdict);
                }
                return new Command.ScreenAml(new TransactionId(text(o, "transaction_id")), verdict.equals("hit"), reason(o));
            }
            if (subject.equals(SagaSubjects.KYC_UPDATED)) {
                JsonNode tier = o.get("kyc_tier");
                if (tier == null || !tier.canConvertToInt()) {
                    throw new Malformed("kyc_tier must be a whole number");
                }
                return new Command.PutUser(new UserId(text(o, "user_id")), KycStatus.valueOf(text(o, "kyc_status")), tier.intValue());
            }
            for (Leg leg : Leg.values()) {
                if (subject.equals(SagaSubjects.legResult(leg))) {
                    JsonNode success = o.get("success");
                    if (success == null || !success.isBoolean()) {
                        throw new Malformed("success must be true or false");
                    }
                    if (Leg.valueOf(text(o, "leg")) != leg) {
                        throw new Malformed("leg " + text(o, "leg") + " answered on the " + leg + " subject");
                    }
                    return new Command.CompleteLeg(new TransactionId(text(o, "transaction_id")), leg, success.booleanValue(), reason(o));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
        throw new Malformed("no input is read from subject " + subject);
    }

    private static String text(JsonNode o, String field) throws Malformed {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new Malformed(field + " is missing or not a string");
        }
        return v.asText();
    }

    private static String reason(JsonNode o) {
        JsonNode v = o.get("reason");
        if (v == null || v.isNull()) {
            return null;
        }
        String text = v.asText();
        return text.length() > REASON_CHARS_MAX ? text.substring(0, REASON_CHARS_MAX) : text;
    }

    private static void money(ObjectNode o, Money m) {
        o.put("currency", m.currency().code()).put("value", m.toDecimalString());
    }

    private static byte[] bytes(ObjectNode o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
