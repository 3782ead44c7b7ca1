package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Every request the measured phase sends, pre-built per pod, acting user and amount variant. Variant
 * {@code v} moves {@link Plan#AMOUNTS_CENTS}[v] and pays beneficiary {@code (pod * variants + v) mod
 * beneficiaries}, so the load spreads over the beneficiary wallets without choosing at send time.
 */
final class RequestTemplates {

    static final String TRANSACTIONS = "/v1/transactions";
    static final String QUOTES = "/v1/fx/quotes";

    private final RequestTemplate[][][] transfer;
    private final RequestTemplate[][][] withdrawal;
    private final RequestTemplate[][][] quote;
    private final RequestTemplate[][][] swap;
    private final byte[] pollHead = RequestTemplate.ascii("GET " + TRANSACTIONS + "/");
    /** The rest of a poll's request line and headers up to the bearer token. */
    private final byte[] pollTail;
    /** Per pod and actor: the token and the end of the headers, for polls. */
    private final byte[][][] pollAuth;
    private final byte[] readyz;

    /**
     * @param tokens tokens.get(p).get(a): the bearer token of actor a of pod p
     */
    RequestTemplates(Plan plan, List<List<String>> tokens, String hostPort, int beneficiaries) {
        int pods = plan.pods().size();
        int variants = Plan.AMOUNTS_CENTS.length;
        transfer = new RequestTemplate[pods][][];
        withdrawal = new RequestTemplate[pods][][];
        quote = new RequestTemplate[pods][][];
        swap = new RequestTemplate[pods][][];
        for (int p = 0; p < pods; p++) {
            int actors = plan.pods().get(p).actors();
            transfer[p] = new RequestTemplate[actors][variants];
            withdrawal[p] = new RequestTemplate[actors][variants];
            quote[p] = new RequestTemplate[actors][variants];
            swap[p] = new RequestTemplate[actors][variants];
            String pod = World.pod(p);
            for (int a = 0; a < actors; a++) {
                String token = tokens.get(p).get(a);
                for (int v = 0; v < variants; v++) {
                    String amount = "{\"currency\":\"EUR\",\"value\":\"" + World.eur(Plan.AMOUNTS_CENTS[v]) + "\"}";
                    String beneficiary = World.beneficiaryWallet((p * variants + v) % beneficiaries);
                    transfer[p][a][v] = RequestTemplate.post(TRANSACTIONS, hostPort, token, true,
                            "{\"type\":\"TRANSFER\",\"pod_id\":\"" + pod + "\",\"amount\":" + amount
                                    + ",\"beneficiary_wallet_id\":\"" + beneficiary + "\",\"description\":\"load test\"}", "");
                    withdrawal[p][a][v] = RequestTemplate.post(TRANSACTIONS, hostPort, token, true,
                            "{\"type\":\"WITHDRAWAL\",\"pod_id\":\"" + pod + "\",\"amount\":" + amount
                                    + ",\"payout\":{\"iban\":\"" + World.PAYOUT_IBAN + "\",\"name\":\"Load Test " + p + "\"}}", "");
                    quote[p][a][v] = RequestTemplate.post(QUOTES, hostPort, token, false,
                            "{\"pod_id\":\"" + pod + "\",\"sell\":" + amount + ",\"buy_currency\":\"USD\"}", "");
                    swap[p][a][v] = RequestTemplate.post(TRANSACTIONS, hostPort, token, true,
                            "{\"type\":\"FX_SWAP\",\"pod_id\":\"" + pod + "\",\"amount\":" + amount + ",\"fx_quote_id\":\"", "\"}");
                }
            }
        }
        pollTail = RequestTemplate.ascii(" HTTP/1.1\r\nHost: " + hostPort + "\r\nAuthorization: Bearer ");
        readyz = RequestTemplate.ascii("GET /readyz HTTP/1.1\r\nHost: " + hostPort + "\r\n\r\n");
        pollAuth = new byte[pods][][];
        for (int p = 0; p < pods; p++) {
            pollAuth[p] = new byte[tokens.get(p).size()][];
            for (int a = 0; a < tokens.get(p).size(); a++) {
                pollAuth[p][a] = RequestTemplate.ascii(tokens.get(p).get(a) + "\r\n\r\n");
            }
        }
    }

    /** The first request of an operation: the transfer, the withdrawal, or the FX swap's quote. */
    RequestTemplate first(Operation op, int pod, int actor, int variant) {
        return switch (op) {
            case TRANSFER -> transfer[pod][actor][variant];
            case WITHDRAWAL -> withdrawal[pod][actor][variant];
            case FX_SWAP -> quote[pod][actor][variant];
        };
    }

    /** The FX swap that spends a quote: insert the quote id. */
    RequestTemplate swap(int pod, int actor, int variant) {
        return swap[pod][actor][variant];
    }

    /** Writes {@code GET /v1/transactions/{id}} as the given actor. */
    void writePoll(ByteBuf out, int pod, int actor, byte[] transactionId) {
        out.writeBytes(pollHead);
        out.writeBytes(transactionId);
        out.writeBytes(pollTail);
        out.writeBytes(pollAuth[pod][actor]);
    }

    int pollSizeMax(int pod, int actor, int idLength) {
        return pollHead.length + idLength + pollTail.length + pollAuth[pod][actor].length;
    }

    byte[] readyz() {
        return readyz;
    }

    int actors(int pod) {
        return transfer[pod].length;
    }
}
