package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default runs the simulators' rule in-process (SIMULATED_* settings): legs fail, go
 * unanswered (and time out) or are flagged by AML at the configured rates, and every saga still ends
 * terminal with the money adding up.
 */
class EmbeddedSimulationHttpTest {

    @TempDir
    Path dir;

    @Test
    void givenFailureTimeoutAndAmlRates_whenWithdrawalsRun_thenAllEndTerminalWithEveryOutcomeAndExactBalances() throws Exception {
        try (TestService svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("SIMULATED_FAIL_RATE", "0.2",
                "SIMULATED_TIMEOUT_RATE", "0.1", "SIMULATED_AML_HIT_RATE", "0.1", "SIMULATED_LATENCY_MS", "2", "LEG_TIMEOUT_MS", "400"))) {
            TestService.Pod pod = svc.newPod();
            List<String> topUps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                topUps.add(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR',"
                        + "'value':'1000.00'},'metadata':{'simulate_leg':'none'}}", pod.id()), "Idempotency-Key", "fund-" + i)
                        .json().get("transaction_id").asText());
            }
            for (String id : topUps) {
                svc.awaitTerminal(id, pod.ownerToken());
            }
            List<String> withdrawals = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':"
                        + "{'currency':'EUR','value':'5.00'},'payout':{'iban':'%s','name':'A B'}}", pod.id(), IBAN), "Idempotency-Key", "w-" + i);
                if (r.status() == 202) {
                    withdrawals.add(r.json().get("transaction_id").asText());
                }
            }
            for (String id : withdrawals) {
                svc.awaitTerminal(id, pod.ownerToken());
            }
            TestService.pause(500); // an AML hit may still turn a SETTLED one REVERSED just after its leg
            BigDecimal expected = BigDecimal.ZERO.setScale(2);
            Map<String, Integer> outcomes = new TreeMap<>();
            for (String id : topUps) {
                if (svc.get("/v1/transactions/" + id, pod.ownerToken()).json().get("status").asText().equals("SETTLED")) {
                    expected = expected.add(new BigDecimal("1000.00"));
                }
            }
            for (String id : withdrawals) {
                JsonNode done = svc.get("/v1/transactions/" + id, pod.ownerToken()).json();
                String status = done.get("status").asText();
                outcomes.merge(status + (done.has("failure") ? " " + done.get("failure").get("code").asText() : ""), 1, Integer::sum);
                if (status.equals("SETTLED")) {
                    expected = expected.subtract(new BigDecimal("5.00"));
                }
            }
            assertThat(withdrawals).hasSizeGreaterThan(50);
            assertThat(outcomes.keySet()).as("%s", outcomes).contains("SETTLED", "FAILED leg_failed", "FAILED leg_timeout",
                    "REVERSED aml_hit");
            svc.assertBalance(pod.walletId(), "EUR", expected.toPlainString(), "0.00", expected.toPlainString());
        }
    }
}
