package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.Infra;
import io.crowdpay.gateway.saga.SagaSubjects;
import io.crowdpay.gateway.saga.Simulators;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, point 6, on the machine's real NATS: FX swaps and withdrawals whose legs travel to the
 * simulated counterparties, 30% of them failing or never answered, some flagged by AML after the
 * fact. Every transaction ends terminal, every compensation happens once (the money adds up exactly),
 * no hold is left; and a run that restarts nats-server in the middle loses nothing.
 */
class SagaFaultInjectionTest {

    private static final String NATS = "nats://127.0.0.1:4222";

    @TempDir
    Path dir;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private TestService svc;
    private Connection nats;
    private Simulators simulators;

    @BeforeEach
    void freshSagaStream() throws Exception {
        try (Connection c = Nats.connect(NATS)) {
            c.jetStreamManagement().deleteStream(SagaSubjects.STREAM);
        } catch (JetStreamApiException absent) {
            // first run on this server
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (!Infra.isOpen(Infra.NATS_PORT)) {
            Infra.startNats();
        }
        if (simulators != null) {
            simulators.close();
        }
        if (svc != null) {
            svc.close();
        }
        if (nats != null) {
            nats.close();
        }
        try (Connection c = Nats.connect(NATS)) {
            c.jetStreamManagement().deleteStream("SAGA_EVENTS_" + suffix.toUpperCase(Locale.ROOT));
        } catch (JetStreamApiException absent) {
            // never made
        }
    }

    private void start(long legTimeoutMillis, double failRate, double timeoutRate, double amlHitRate) throws Exception {
        svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("MESSAGE_BROKER_URL", NATS,
                "JETSTREAM_STREAM", "SAGA_EVENTS_" + suffix.toUpperCase(Locale.ROOT), "JETSTREAM_SUBJECT_PREFIX", "saga" + suffix,
                "LEG_TIMEOUT_MS", Long.toString(legTimeoutMillis)));
        nats = Nats.connectReconnectOnConnect(new Options.Builder().server(NATS).maxReconnects(-1).build());
        simulators = Simulators.start(nats, new Simulators.Behaviour(5, failRate, timeoutRate, amlHitRate, 42));
    }

    /** A pod holding EUR and USD, funded with EUR; what it sent, by transaction id. */
    private record Sent(TestService.Pod pod, Map<String, String[]> txs) {
    }

    private Sent send(int swaps, int withdrawals) {
        TestService.Pod pod = svc.newPod();
        for (int i = 0; i < 5; i++) {
            svc.topUp(pod, "EUR", "15000.00");
        }
        Map<String, String[]> txs = new HashMap<>();
        for (int i = 0; i < Math.max(swaps, withdrawals); i++) {
            if (i < swaps) {
                JsonNode quote = svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'10.00'},"
                        + "'buy_currency':'USD'}", pod.id())).json();
                TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'FX_SWAP','pod_id':'%s','amount':"
                        + "{'currency':'EUR','value':'10.00'},'fx_quote_id':'%s'}", pod.id(), quote.get("quote_id").asText()),
                        "Idempotency-Key", "swap-" + i, "X-Correlation-Id", "saga-swap-" + i);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                txs.put(r.json().get("transaction_id").asText(), new String[]{"FX_SWAP", "10.00", quote.get("buy").get("value").asText()});
            }
            if (i < withdrawals) {
                TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                        + "{'currency':'EUR','value':'7.00'},'payout':{'iban':'%s','name':'A B'}}", pod.id(), IBAN),
                        "Idempotency-Key", "out-" + i);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                txs.put(r.json().get("transaction_id").asText(), new String[]{"WITHDRAWAL", "7.00", null});
            }
        }
        return new Sent(pod, txs);
    }

    /** Waits until every transaction is terminal; checks holds, money and the mix of outcomes. */
    private Map<String, Integer> settle(Sent sent) {
        Map<String, Integer> outcomes = new TreeMap<>();
        BigDecimal eur = new BigDecimal("75000.00");
        BigDecimal usd = BigDecimal.ZERO.setScale(2);
        for (String id : sent.txs().keySet()) {
            svc.awaitTerminal(id, sent.pod().ownerToken());
        }
        TestService.pause(500); // an AML hit may still turn a SETTLED one REVERSED just after its leg
        for (Map.Entry<String, String[]> tx : sent.txs().entrySet()) {
            JsonNode done = svc.get("/v1/transactions/" + tx.getKey(), sent.pod().ownerToken()).json();
            String status = done.get("status").asText();
            String why = done.has("failure") ? done.get("failure").get("code").asText() : "";
            outcomes.merge(tx.getValue()[0] + " " + status + (why.isEmpty() ? "" : " " + why), 1, Integer::sum);
            if (status.equals("SETTLED")) {
                eur = eur.subtract(new BigDecimal(tx.getValue()[1]));
                if (tx.getValue()[2] != null) {
                    usd = usd.add(new BigDecimal(tx.getValue()[2]));
                }
            }
        }
        svc.assertBalance(sent.pod().walletId(), "EUR", eur.toPlainString(), "0.00", eur.toPlainString());
        svc.assertBalance(sent.pod().walletId(), "USD", usd.toPlainString(), "0.00", usd.toPlainString());
        return outcomes;
    }

    @Test
    void givenAThousandSwapsAndWithdrawalsWithThirtyPercentOfLegsFailingOrTimingOut_thenAllEndTerminalAndTheMoneyAddsUp()
            throws Exception {
        start(1_500, 0.2, 0.1, 0.05);

        Sent sent = send(500, 500);
        Map<String, Integer> outcomes = settle(sent);

        assertThat(sent.txs()).hasSize(1_000);
        assertThat(outcomes.keySet()).as("%s", outcomes).contains("FX_SWAP SETTLED", "FX_SWAP FAILED leg_failed",
                "FX_SWAP FAILED leg_timeout", "WITHDRAWAL SETTLED", "WITHDRAWAL FAILED leg_failed", "WITHDRAWAL FAILED leg_timeout");
        assertThat(outcomes.keySet()).anyMatch(k -> k.contains("REVERSED aml_hit"));
        int failedOrTimedOut = outcomes.entrySet().stream().filter(e -> e.getKey().contains("leg_")).mapToInt(Map.Entry::getValue).sum();
        assertThat(failedOrTimedOut).as("about 30% of 1,000: %s", outcomes).isBetween(220, 380);
    }

    @Test
    void givenAKycUpdateOnItsSubject_whenTheUserIsRejected_thenTheirNextTransactionIsRefused() throws Exception {
        start(10_000, 0, 0, 0);
        TestService.Pod pod = svc.fundedPod("100.00");
        nats.jetStream().publish(io.nats.client.impl.NatsMessage.builder().subject(SagaSubjects.KYC_UPDATED)
                .headers(new io.nats.client.impl.Headers().put("Nats-Msg-Id", "kyc-" + suffix))
                .data(io.crowdpay.gateway.saga.SagaMessages.kycUpdate(new io.crowdpay.engine.user.UserId(pod.owner()),
                        io.crowdpay.engine.user.KycStatus.REJECTED, 2)).build());
        long deadline = System.currentTimeMillis() + 30_000;
        TestService.Resp r;
        int i = 0;
        do {
            TestService.pause(50);
            r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR',"
                    + "'value':'1.00'},'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "kyc-" + i++);
        } while (r.status() == 202 && System.currentTimeMillis() < deadline);
        TestService.assertProblem(r, 422, "T001", "kyc_not_verified");
    }

    @Test
    void givenNatsRestartedInTheMiddle_whenItIsBack_thenEveryTransactionStillEndsTerminalAndNothingIsLost() throws Exception {
        start(10_000, 0.2, 0.1, 0.0);
        Sent before = send(60, 60);
        Infra.stopNats();
        Sent during = send(30, 30);
        Infra.startNats();
        Sent after = send(60, 60);

        List<Map<String, Integer>> outcomes = new ArrayList<>();
        for (Sent sent : List.of(before, during, after)) {
            outcomes.add(settle(sent));
        }
        // Nothing lost: every transaction of every phase ended terminal with the money exact (settle()).
        // Legs sent around the restart may time out rather than settle: after a nats-server restart
        // this client was seen to get no JetStream answers for longer than the leg timeout (1 run in 4).
        assertThat(outcomes.getFirst().keySet()).anyMatch(k -> k.endsWith("SETTLED"));
        assertThat(outcomes.stream().mapToInt(o -> o.values().stream().mapToInt(Integer::intValue).sum()).sum())
                .isEqualTo(before.txs().size() + during.txs().size() + after.txs().size());
    }
}
