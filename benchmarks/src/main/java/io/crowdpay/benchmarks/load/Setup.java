package io.crowdpay.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.http.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Builds the world a run needs through the admin and transaction API, before anything is measured:
 * verified tier-2 users, the pods with their OWNER and ADMIN actors, the beneficiaries' wallets, and
 * enough top-ups to fund every pod for the whole run ({@link Plan}). It then waits until the funding
 * legs have settled, so the measured phase never starts on an empty wallet. Tokens are minted here,
 * once: one per acting user, signed with the dev key of the service's DATA_DIR.
 *
 * <p>Setup is not the hot path, so it uses the JDK's HTTP client and the project's JSON setup, with a
 * bounded number of requests in flight.
 */
final class Setup {

    private static final int IN_FLIGHT_MAX = 32;
    private static final Duration FUNDING_WAIT_MAX = Duration.ofMinutes(3);
    private static final List<String> ACTOR_SCOPES = List.of("transactions:read", "transactions:write");

    private final LoadOptions options;
    private final Plan plan;
    private final String runId;
    private final PrintStream log;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT_MAX);
    private final String adminToken;
    private final Duration tokenTtl;

    private Setup(LoadOptions options, Plan plan, String runId, PrintStream log, HttpClient client) throws IOException {
        this.options = options;
        this.plan = plan;
        this.runId = runId;
        this.log = log;
        this.client = client;
        this.tokenTtl = options.warmup().plus(options.duration()).plus(options.drain()).plus(Duration.ofHours(1));
        this.adminToken = mint("lg_admin", List.of("admin"));
    }

    /**
     * Creates the world and funds it.
     *
     * @return tokens.get(p).get(a): the bearer token of actor a of pod p
     */
    static List<List<String>> run(LoadOptions options, Plan plan, String runId, PrintStream log)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return new Setup(options, plan, runId, log, client).build();
        }
    }

    private List<List<String>> build() throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<List<String>> tokens = new ArrayList<>();
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (Plan.PodPlan pod : plan.pods()) {
            List<String> podTokens = new ArrayList<>();
            for (int a = 0; a < pod.actors(); a++) {
                podTokens.add(mint(World.actor(pod.pod(), a), ACTOR_SCOPES));
                calls.add(call("PUT", "/v1/users/" + World.actor(pod.pod(), a), adminToken, null,
                        "{\"kyc_status\":\"VERIFIED\",\"kyc_tier\":2}", 200));
            }
            tokens.add(List.copyOf(podTokens));
        }
        for (int b = 0; b < options.beneficiaries(); b++) {
            calls.add(call("PUT", "/v1/users/" + World.beneficiaryOwner(b), adminToken, null,
                    "{\"kyc_status\":\"VERIFIED\",\"kyc_tier\":2}", 200));
        }
        awaitAll(calls, "users");
        for (Plan.PodPlan pod : plan.pods()) {
            calls.add(call("PUT", "/v1/pods/" + World.pod(pod.pod()), adminToken, null, podBody(pod), 200));
        }
        for (int b = 0; b < options.beneficiaries(); b++) {
            calls.add(call("PUT", "/v1/wallets/" + World.beneficiaryWallet(b), adminToken, null,
                    "{\"owner_user_id\":\"" + World.beneficiaryOwner(b) + "\",\"currencies\":[\"EUR\"]}", 200));
        }
        List<JsonNode> saved = awaitAll(calls, "pods and wallets");
        List<String> podWallets = new ArrayList<>();
        for (int p = 0; p < plan.pods().size(); p++) {
            podWallets.add(saved.get(p).path("wallet_id").asText());
        }
        long[] before = balances(podWallets);
        for (Plan.PodPlan pod : plan.pods()) {
            for (int k = 0; k < pod.topUps(); k++) {
                String body = "{\"type\":\"TOP_UP\",\"pod_id\":\"" + World.pod(pod.pod()) + "\",\"amount\":{\"currency\":\"EUR\",\"value\":\""
                        + World.eur(Plan.TOP_UP_CENTS) + "\"},\"funding_source\":{\"type\":\"CARD\",\"reference\":\"card_load\"}}";
                calls.add(call("POST", "/v1/transactions", tokens.get(pod.pod()).get(k % pod.actors()),
                        "lg-" + runId + "-topup-" + pod.pod() + "-" + k, body, 202));
            }
        }
        awaitAll(calls, "top-ups");
        awaitFunding(podWallets, before);
        log.printf("load: setup done in %.1f s: %d users, %d pods, %d beneficiary wallets, %d top-ups of %s EUR%n",
                (System.nanoTime() - started) / 1e9, plan.actorsTotal() + options.beneficiaries(), plan.pods().size(),
                options.beneficiaries(), plan.topUpsTotal(), World.eur(Plan.TOP_UP_CENTS));
        return List.copyOf(tokens);
    }

    private String podBody(Plan.PodPlan pod) {
        StringBuilder members = new StringBuilder();
        for (int a = 0; a < pod.actors(); a++) {
            members.append(a == 0 ? "" : ",").append("{\"user_id\":\"").append(World.actor(pod.pod(), a))
                    .append("\",\"role\":\"").append(a == 0 ? "OWNER" : "ADMIN").append("\"}");
        }
        return "{\"name\":\"Load pod " + pod.pod() + "\",\"currencies\":[\"EUR\",\"USD\"],\"members\":[" + members + "]}";
    }

    /** Waits until every pod wallet holds what it held before plus its top-ups (the funding legs settled). */
    private void awaitFunding(List<String> podWallets, long[] before) throws InterruptedException {
        long deadline = System.nanoTime() + FUNDING_WAIT_MAX.toNanos();
        while (true) {
            long[] now = balances(podWallets);
            int short_ = 0;
            for (int p = 0; p < now.length; p++) {
                if (now[p] < before[p] + plan.pods().get(p).fundedCents()) {
                    short_++;
                }
            }
            if (short_ == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(short_ + " pods were not funded within " + FUNDING_WAIT_MAX.toSeconds()
                        + " s: the top-ups' funding legs did not settle");
            }
            Thread.sleep(200);
        }
    }

    /** Available EUR cents of each wallet. */
    private long[] balances(List<String> wallets) throws InterruptedException {
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (String w : wallets) {
            calls.add(call("GET", "/v1/wallets/" + w, adminToken, null, null, 200));
        }
        List<JsonNode> found = awaitAll(calls, "balances");
        long[] cents = new long[wallets.size()];
        for (int i = 0; i < cents.length; i++) {
            for (JsonNode b : found.get(i).path("balances")) {
                if ("EUR".equals(b.path("currency").asText())) {
                    cents[i] = new BigDecimal(b.path("available").asText("0")).movePointRight(2).longValueExact();
                }
            }
        }
        return cents;
    }

    private String mint(String subject, List<String> scopes) throws IOException {
        return TokenMinter.mint(DevKeys.signingKeyPath(options.keysDir()), options.issuer(), options.audience(), subject,
                scopes, tokenTtl);
    }

    private CompletableFuture<JsonNode> call(String method, String path, String token, String idempotencyKey, String body,
                                             int expected) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        inFlight.acquire();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((r, e) -> inFlight.release())
                .thenApply(r -> {
                    if (r.statusCode() != expected) {
                        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": "
                                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    try {
                        return Json.MAPPER.readTree(r.body());
                    } catch (IOException e) {
                        throw new IllegalStateException(method + " " + path + ": unreadable body", e);
                    }
                });
    }

    /** Waits for every call and clears the list; the first failure stops the setup, naming the call. */
    private static List<JsonNode> awaitAll(List<CompletableFuture<JsonNode>> calls, String what) {
        List<JsonNode> results = new ArrayList<>(calls.size());
        try {
            for (CompletableFuture<JsonNode> c : calls) {
                results.add(c.join());
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("setup (" + what + ") failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            calls.clear();
        }
        return results;
    }
}
