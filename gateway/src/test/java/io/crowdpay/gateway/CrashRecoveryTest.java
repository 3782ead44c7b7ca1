package io.crowdpay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the service with SIGKILL in the middle of a load of transfers, restarts it on the same data
 * directory, and checks that every transfer that was acknowledged (202) is there exactly once:
 * readable, settled, and answered as a replay (same id) when its request is sent again.
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int ACKS_BEFORE_KILL = 1_500;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();

    @Test
    void everyAcknowledgedTransferSurvivesKillMinus9ExactlyOnce() throws Exception {
        Map<String, String> acked = new ConcurrentHashMap<>(); // idempotency key -> transaction id
        AtomicInteger attempted = new AtomicInteger();
        String alice;
        Map<String, String> env = Map.of("OPS_DIR", TestOps.opsWith(dataDir.resolve("ops"),
                Map.of("risk.velocity.count_max", "10000", "risk.velocity.window_seconds", "1")).toString(),
                "DATA_DIR", dataDir.resolve("data").toString());
        try (ServiceProcess first = ServiceProcess.start(dataDir.resolve("data"), env)) {
            String admin = first.token("ops", "admin");
            alice = first.token("alice", "transactions:read transactions:write");
            setUp(first, admin, alice);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "crash-" + client + "-" + i;
                        attempted.incrementAndGet();
                        try {
                            HttpResponse<String> r = post(first, alice, "/v1/transactions", transfer(), key);
                            if (r.statusCode() == 202) {
                                acked.put(key, JSON.readTree(r.body()).get("transaction_id").asText());
                            }
                        } catch (Exception killed) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acked.size() < ACKS_BEFORE_KILL) {
                if (System.nanoTime() > deadline || !first.process.isAlive()) {
                    throw new AssertionError("only " + acked.size() + " acknowledgements before the deadline:\n" + first.log());
                }
                Thread.sleep(5);
            }
            first.kill9();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (ServiceProcess second = ServiceProcess.start(dataDir.resolve("data"), env)) {
            for (Map.Entry<String, String> ack : acked.entrySet()) {
                HttpResponse<String> get = send(second, alice, HttpRequest.newBuilder(second.uri("/v1/transactions/" + ack.getValue())).GET());
                assertThat(get.statusCode()).as("GET %s", ack.getValue()).isEqualTo(200);
                assertThat(JSON.readTree(get.body()).get("status").asText()).isEqualTo("SETTLED");
            }
            // Sending every acknowledged request again must replay, never create a second transfer.
            for (Map.Entry<String, String> ack : List.copyOf(acked.entrySet()).subList(0, 200)) {
                HttpResponse<String> again = post(second, alice, "/v1/transactions", transfer(), ack.getKey());
                assertThat(again.statusCode()).isEqualTo(202);
                assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
                assertThat(JSON.readTree(again.body()).get("transaction_id").asText()).isEqualTo(ack.getValue());
            }
            // Bob received one cent per transfer that reached the journal: every acknowledged one, and
            // at most the unacknowledged ones that were in flight when the process died.
            JsonNode bob = JSON.readTree(send(second, second.token("ops", "admin"),
                    HttpRequest.newBuilder(second.uri("/v1/wallets/bob_wallet")).GET()).body());
            long cents = Math.round(Double.parseDouble(bob.get("balances").get(0).get("available").asText()) * 100);
            assertThat(cents).isBetween((long) acked.size(), (long) attempted.get());
        }
    }

    private void setUp(ServiceProcess s, String admin, String alice) throws Exception {
        assertThat(put(s, admin, "/v1/users/alice", "{\"kyc_status\":\"VERIFIED\",\"kyc_tier\":2}").statusCode()).isEqualTo(200);
        assertThat(put(s, admin, "/v1/pods/crash", "{\"name\":\"Crash test\",\"currencies\":[\"EUR\"],"
                + "\"members\":[{\"user_id\":\"alice\",\"role\":\"OWNER\"}]}").statusCode()).isEqualTo(200);
        assertThat(put(s, admin, "/v1/wallets/bob_wallet", "{\"owner_user_id\":\"bob\",\"currencies\":[\"EUR\"]}").statusCode()).isEqualTo(200);
        HttpResponse<String> topUp = post(s, alice, "/v1/transactions",
                "{\"type\":\"TOP_UP\",\"pod_id\":\"crash\",\"amount\":{\"currency\":\"EUR\",\"value\":\"20000\"}}", "fund");
        assertThat(topUp.statusCode()).isEqualTo(202);
        String id = JSON.readTree(topUp.body()).get("transaction_id").asText();
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = send(s, alice, HttpRequest.newBuilder(s.uri("/v1/transactions/" + id)).GET());
            if (JSON.readTree(r.body()).get("status").asText().equals("SETTLED")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("top-up never settled");
    }

    /** One cent from the pod to Bob; the test's ops copy lifts the velocity rule that would refuse most. */
    private static String transfer() {
        return "{\"type\":\"TRANSFER\",\"pod_id\":\"crash\",\"amount\":{\"currency\":\"EUR\",\"value\":\"0.01\"},"
                + "\"beneficiary_wallet_id\":\"bob_wallet\"}";
    }

    private HttpResponse<String> put(ServiceProcess s, String token, String path, String body) throws Exception {
        return send(s, token, HttpRequest.newBuilder(s.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> post(ServiceProcess s, String token, String path, String body, String key) throws Exception {
        return send(s, token, HttpRequest.newBuilder(s.uri(path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(ServiceProcess s, String token, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
