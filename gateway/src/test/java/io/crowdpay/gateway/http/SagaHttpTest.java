package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leg timeouts through the whole service: a leg nobody answers is timed out, journaled, compensated. */
class SagaHttpTest {

    @TempDir
    static Path dir;
    static TestService svc;

    @BeforeAll
    static void start() throws Exception {
        svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("LEG_TIMEOUT_MS", "300"));
    }

    @AfterAll
    static void stop() {
        svc.close();
        svc = null;
    }

    @Test
    void givenAWithdrawalWhoseBankNeverAnswers_whenTheLegTimesOut_thenFailedWithLegTimeoutAndTheHoldReleased() {
        TestService.Pod pod = svc.fundedPod("100.00");
        TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                + "{'currency':'EUR','value':'40.00'},'payout':{'iban':'%s','name':'A B'},'metadata':{'simulate_leg':'timeout'}}",
                pod.id(), IBAN), "Idempotency-Key", "slow-bank");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        svc.assertBalance(pod.walletId(), "EUR", "60.00", "40.00", "100.00");

        JsonNode tx = svc.awaitTerminal(r.json().get("transaction_id").asText(), pod.ownerToken());

        assertThat(tx.get("status").asText()).isEqualTo("FAILED");
        assertThat(tx.get("failure").get("code").asText()).isEqualTo("leg_timeout");
        assertThat(tx.get("failure").get("reason").asText()).isEqualTo("payout leg timed out");
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
    }

    @Test
    void givenALegAnsweredInTime_whenItsDeadlinePasses_thenTheTimeoutChangesNothing() {
        TestService.Pod pod = svc.fundedPod("100.00");
        TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                + "{'currency':'EUR','value':'40.00'},'payout':{'iban':'%s','name':'A B'}}", pod.id(), IBAN), "Idempotency-Key", "fast");
        String id = r.json().get("transaction_id").asText();
        assertThat(svc.awaitTerminal(id, pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");

        TestService.pause(600);

        assertThat(svc.get("/v1/transactions/" + id, pod.ownerToken()).json().get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(pod.walletId(), "EUR", "60.00", "0.00", "60.00");
    }
}
