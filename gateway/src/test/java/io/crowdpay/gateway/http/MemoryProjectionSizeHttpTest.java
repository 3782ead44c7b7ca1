package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MEMORY_PROJECTION_TRANSACTIONS reaches the embedded list: a service told to keep 1,000 lists the
 * newest 1,000 of a pod's 1,001 transactions, and the oldest (its top-up) has dropped out of the list
 * while a GET by id still finds it (the engine keeps it for a day).
 */
class MemoryProjectionSizeHttpTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedListKeepsAsManyTransactionsAsConfigured() throws Exception {
        try (TestService s = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("MEMORY_PROJECTION_TRANSACTIONS", "1000"))) {
            TestService.Pod pod = s.newPod();
            String topUp = s.topUp(pod, "EUR", "100");
            String last = null;
            for (int i = 0; i < 1_000; i++) {
                TestService.Resp r = s.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s',"
                        + "'amount':{'currency':'EUR','value':'0.01'},'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()),
                        "Idempotency-Key", s.uid("cap"));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                last = r.json().get("transaction_id").asText();
            }

            List<String> listed = awaitNewestFirst(s, pod, last);

            assertThat(listed).hasSize(1_000).doesNotContain(topUp).startsWith(last);
            assertThat(s.get("/v1/transactions/" + topUp, pod.ownerToken()).status()).isEqualTo(200);
        }
    }

    /** Every page of the pod's list once the newest transaction is in it (the projection is eventually consistent). */
    private static List<String> awaitNewestFirst(TestService s, TestService.Pod pod, String newest) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!s.get("/v1/transactions?limit=1&pod_id=" + pod.id(), pod.ownerToken()).json().at("/items/0/transaction_id")
                .asText().equals(newest)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the list never showed " + newest);
            }
            TestService.pause(10);
        }
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = s.get("/v1/transactions?limit=200&pod_id=" + pod.id() + (cursor == null ? "" : "&cursor=" + cursor),
                    pod.ownerToken()).json();
            page.get("items").forEach(tx -> ids.add(tx.get("transaction_id").asText()));
            cursor = page.has("next_cursor") ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return ids;
    }
}
