package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.http.TestService.Pod;
import io.crowdpay.gateway.http.TestService.Resp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules that need other ops files or settings: each test runs its own small service. */
class ConfiguredLimitsHttpTest {

    @Test
    void t001FxQuoteExpiredAfterItsTtl(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of("fx.quote_ttl_seconds", "1", "risk.velocity.count_max", "10000"), Map.of())) {
            Pod pod = svc.fundedPod("100.00");
            Resp q = svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'10'},'buy_currency':'USD'}", pod.id()));
            assertThat(q.status()).as(q.body()).isEqualTo(201);
            Instant expires = Instant.parse(q.json().get("expires_at").asText());
            assertThat(expires).isEqualTo(Instant.parse(q.json().get("created_at").asText()).plusSeconds(1));
            // wait until the quote is past its expiry on this host's clock (the service's clock too)
            while (!Instant.now().isAfter(expires.plusMillis(50))) {
                TestService.pause(50);
            }
            String body = j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'10'},'fx_quote_id':'%s'}",
                    pod.id(), q.json().get("quote_id").asText());
            assertProblem(svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "late-1"), 422, "T001", "fx_quote_expired");
            // still expired (not "used") on a second try
            assertProblem(svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "late-2"), 422, "T001", "fx_quote_expired");
            svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
            svc.assertBalance(pod.walletId(), "USD", "0.00", "0.00", "0.00");
            svc.assertKeyUnused(pod, "late-1");
        }
    }

    @Test
    void t003CapacityExceededWhenTheIdempotencyTableIsFull(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of("capacity.idempotency_keys_max", "1", "risk.velocity.count_max", "10000"), Map.of())) {
            Pod pod = svc.newPod();
            String first = svc.topUp(pod, "EUR", "100.00"); // takes the one key slot
            Resp second = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'5'},"
                    + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "cap-2");
            JsonNode p = assertProblem(second, 503, "T003", "capacity_exceeded");
            assertThat(second.header("Retry-After")).isEqualTo("1");
            assertThat(p.get("detail").asText()).isNotBlank();
            svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
            svc.assertBalance(pod.beneficiaryWallet(), "EUR", "0.00", "0.00", "0.00");
            // the transaction that holds the key is intact
            Resp readBack = svc.get("/v1/transactions/" + first, pod.ownerToken());
            assertThat(readBack.json().get("status").asText()).isEqualTo("SETTLED");
        }
    }

    @Test
    void t001RiskRejectedPastTheVelocityLimit(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, Map.of("risk.velocity.count_max", "3"), Map.of())) {
            Pod pod = svc.newPod();
            for (int i = 0; i < 3; i++) {
                Resp ok = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}",
                        pod.id()), "Idempotency-Key", "v-" + i);
                assertThat(ok.status()).as(ok.body()).isEqualTo(202);
            }
            Resp fourth = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}",
                    pod.id()), "Idempotency-Key", "v-3");
            JsonNode p = assertProblem(fourth, 422, "T001", "risk_rejected");
            assertThat(p.get("detail").asText()).contains("3");
            // velocity is per user: another member of the pod is not affected
            String admin = svc.verifiedUser("admin");
            svc.pod(pod.id(), List.of("EUR", "USD"), pod.owner(), "OWNER", admin, "ADMIN");
            Resp other = svc.post("/v1/transactions", svc.userToken(admin), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}",
                    pod.id()), "Idempotency-Key", "v-other");
            assertThat(other.status()).as(other.body()).isEqualTo(202);
        }
    }

    @Test
    void t009RateLimitedPerSubjectWithRetryAfter(@TempDir Path dir) throws Exception {
        try (TestService svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("RATE_LIMIT_PER_SECOND", "2"))) {
            String token = svc.userToken("hasty");
            // The bucket holds 2 and refills at 2/s: of 20 requests sent at once, most are refused.
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(svc.client.sendAsync(HttpRequest.newBuilder(svc.uri("/v1/transactions/tx_" + i)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<Resp> limited = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.join();
                assertThat(r.statusCode()).as(r.body()).isIn(404, 429);
                if (r.statusCode() == 429) {
                    limited.add(new Resp(r.statusCode(), r.headers(), r.body()));
                }
            }
            assertThat(limited).isNotEmpty();
            for (Resp r : limited) {
                assertProblem(r, 429, "T009", "rate_limited");
                assertThat(r.header("Retry-After")).isEqualTo("1");
            }
            // another subject has its own bucket; unauthenticated operational endpoints are not limited
            assertProblem(svc.get("/v1/transactions/tx_x", svc.userToken("patient")), 404, "T008", "not_found");
            for (int i = 0; i < 5; i++) {
                assertThat(svc.get("/healthz", null).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void overloadSheddingOnATinyRingIsAWellFormedT003(@TempDir Path dir) throws Exception {
        // Filling a 64-slot ring over HTTP cannot be forced deterministically (the pipeline drains it in
        // microseconds), so this floods it and checks that whatever is shed is a proper 503 T003 overloaded
        // with Retry-After, and that everything else is answered normally.
        try (TestService svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("RING_SIZE", "64"))) {
            assertThat(svc.get("/readyz", null).json().get("ring_size").asInt()).isEqualTo(64);
            String token = svc.userToken("flooder");
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                inFlight.add(svc.client.sendAsync(HttpRequest.newBuilder(svc.uri("/v1/transactions/tx_" + i)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                HttpResponse<String> r = f.join();
                Resp resp = new Resp(r.statusCode(), r.headers(), r.body());
                if (r.statusCode() == 503) {
                    assertProblem(resp, 503, "T003", "overloaded");
                } else {
                    assertProblem(resp, 404, "T008", "not_found");
                }
            }
            assertThat(svc.get("/readyz", null).status()).isEqualTo(200);
        }
    }
}
