package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.crowdpay.gateway.Service;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One in-process service for the HTTP tests (its own data directory, any free port, a copy of the
 * repository's ops/ with some rules replaced) and the client-side helpers the tests share: tokens,
 * requests, reference data, polling a transaction to a terminal state, and the problem+json checks.
 */
final class TestService implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ISSUER = "crowdpay-dev";
    static final String AUDIENCE = "crowdpay-transaction-service";
    static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    static final String READ = "transactions:read";
    static final String WRITE = "transactions:write";
    static final String ADMIN = "admin";
    /** A valid German IBAN (checksum verified), from the README tour. */
    static final String IBAN = "DE44 5001 0517 5407 3249 31";
    /** High enough that no test trips velocity by accident; velocity has its own test. */
    static final Map<String, String> RELAXED_VELOCITY = Map.of("risk.velocity.count_max", "10000");

    final Path dataDir;
    final Service service;
    final HttpClient client;
    private final AtomicInteger ids = new AtomicInteger();
    private String adminToken;

    private TestService(Path dataDir, Service service) {
        this.dataDir = dataDir;
        this.service = service;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Starts a service in dir/data with the rules of ops/ changed by opsOverrides and the extra env. */
    static TestService start(Path dir, Map<String, String> opsOverrides, Map<String, String> env) throws Exception {
        Path data = dir.resolve("data");
        Path ops = io.crowdpay.gateway.TestOps.opsWith(dir.resolve("ops"), opsOverrides);
        Map<String, String> all = new HashMap<>();
        all.put("DATA_DIR", data.toString());
        all.put("HTTP_PORT", "0");
        all.put("HTTP_HOST", "127.0.0.1");
        all.put("OPS_DIR", ops.toString());
        // Two dozen services start in one test JVM: none needs tables sized for millions.
        all.put("TABLE_RESERVE_ENTRIES", "65536");
        all.putAll(env);
        return new TestService(data, Service.start(ServiceConfig.fromEnv(all)));
    }

    static TestService start(Path dir) throws Exception {
        return start(dir, RELAXED_VELOCITY, Map.of());
    }

    int port() {
        return service.port();
    }

    @Override
    public void close() {
        service.close();
    }


    // ---- tokens ----

    Path signingKey() {
        return DevKeys.signingKeyPath(dataDir.resolve("keys"));
    }

    String token(String subject, String... scopes) {
        try {
            return TokenMinter.mint(signingKey(), ISSUER, AUDIENCE, subject, List.of(scopes), Duration.ofHours(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token with the default user scopes (read and write). */
    String userToken(String subject) {
        return token(subject, READ, WRITE);
    }

    synchronized String admin() {
        if (adminToken == null) {
            adminToken = token("ops", ADMIN);
        }
        return adminToken;
    }

    /** A token signed with the service's own dev key, but with the claims given (e.g. already expired). */
    String signedWithDevKey(JWTClaimsSet claims) throws Exception {
        ECKey key = (ECKey) JWK.parse(Files.readString(signingKey()));
        return sign(key, claims);
    }

    static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    /** Claims a valid token of this service would carry, issued at the given time for ttl. */
    static JWTClaimsSet.Builder claims(String subject, Instant issuedAt, Duration ttl, String scope) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl))).claim("scope", scope);
    }

    String uid(String prefix) {
        return prefix + "-" + ids.incrementAndGet();
    }

    // ---- requests ----

    /** A compact way to write JSON in tests: single quotes become double quotes. */
    static String j(String template, Object... args) {
        return String.format(template, args).replace('\'', '"');
    }

    record Resp(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** headers: name, value pairs; a null token sends no Authorization; a null body sends none. */
    Resp send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !contentType) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    Resp send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Resp get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    Resp put(String path, String token, String body, String... headers) {
        return send("PUT", path, token, body, headers);
    }

    Resp post(String path, String token, String body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    // ---- reference data ----

    void user(String id, String kycStatus, int tier) {
        Resp r = put("/v1/users/" + id, admin(), j("{'kyc_status':'%s','kyc_tier':%d}", kycStatus, tier));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A VERIFIED user of tier 2 (large limits). */
    String verifiedUser(String prefix) {
        String id = uid(prefix);
        user(id, "VERIFIED", 2);
        return id;
    }

    /** members: user id, role pairs. Returns the pod's wallet id. */
    String pod(String id, List<String> currencies, String... members) {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < members.length; i += 2) {
            m.append(i == 0 ? "" : ",").append(j("{'user_id':'%s','role':'%s'}", members[i], members[i + 1]));
        }
        String cs = String.join(",", currencies.stream().map(c -> "\"" + c + "\"").toList());
        Resp r = put("/v1/pods/" + id, admin(), j("{'name':'Pod %s','currencies':[%s],'members':[%s]}", id, cs, m));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("wallet_id").asText();
    }

    void wallet(String id, String owner, String... currencies) {
        String cs = String.join(",", java.util.Arrays.stream(currencies).map(c -> "\"" + c + "\"").toList());
        Resp r = put("/v1/wallets/" + id, admin(), j("{'owner_user_id':'%s','currencies':[%s]}", owner, cs));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A pod with one OWNER (VERIFIED, tier 2) holding EUR and USD, and a personal EUR beneficiary wallet. */
    record Pod(String id, String walletId, String owner, String ownerToken, String beneficiaryWallet) {
    }

    Pod newPod() {
        String owner = verifiedUser("owner");
        String id = uid("pod");
        String walletId = pod(id, List.of("EUR", "USD"), owner, "OWNER");
        String beneficiaryOwner = verifiedUser("bene");
        String beneficiary = uid("w");
        wallet(beneficiary, beneficiaryOwner, "EUR");
        return new Pod(id, walletId, owner, userToken(owner), beneficiary);
    }

    /** A new pod whose wallet holds the given EUR amount (topped up and settled). */
    Pod fundedPod(String eur) {
        Pod pod = newPod();
        topUp(pod, "EUR", eur);
        return pod;
    }

    String topUp(Pod pod, String currency, String value) {
        Resp r = post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'%s','value':'%s'},"
                + "'funding_source':{'type':'CARD','reference':'card_4242'}}", pod.id(), currency, value), "Idempotency-Key", uid("topup"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String tx = r.json().get("transaction_id").asText();
        assertThat(awaitTerminal(tx, pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");
        return tx;
    }

    /** Polls GET /v1/transactions/{id} until the status is no longer PENDING (bounded; never a timing assertion). */
    JsonNode awaitTerminal(String txId, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Resp r = get("/v1/transactions/" + txId, token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode tx = r.json();
            if (!tx.get("status").asText().equals("PENDING")) {
                return tx;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("transaction " + txId + " still PENDING after 10 s: " + r.body());
            }
            pause(5);
        }
    }

    /** The balance line {currency, available, held, total} of a wallet, read with the given token. */
    JsonNode balance(String walletId, String currency, String token) {
        Resp r = get("/v1/wallets/" + walletId, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode line : r.json().get("balances")) {
            if (line.get("currency").asText().equals(currency)) {
                return line;
            }
        }
        throw new AssertionError("no " + currency + " balance in " + r.body());
    }

    /** Asserts available/held/total of a wallet's currency, as the exact strings of the API. */
    void assertBalance(String walletId, String currency, String available, String held, String total) {
        JsonNode line = balance(walletId, currency, admin());
        assertThat(List.of(line.get("available").asText(), line.get("held").asText(), line.get("total").asText()))
                .as("%s %s available/held/total", walletId, currency).containsExactly(available, held, total);
    }

    /**
     * Proves a refused request left its idempotency key unused: a valid request with the same key now
     * creates a fresh transaction (202, not a replay).
     */
    void assertKeyUnused(Pod pod, String key) {
        Resp r = post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'0.01'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", key);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.header("Idempotent-Replayed")).isNull();
        assertThat(r.json().get("amount").get("value").asText()).isEqualTo("0.01");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- problem+json ----

    /**
     * Checks an error answer against API.md: status, problem+json, every body field, X-Trace-Id equal
     * to trace_id (32 hex), Retry-After on T003/T009, WWW-Authenticate on T006. Returns the body.
     */
    static JsonNode assertProblem(Resp r, int status, String code, String reason) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        return assertProblemBody(r.body(), r.header("Content-Type"), r.header("X-Trace-Id"), r.header("Retry-After"),
                r.header("WWW-Authenticate"), status, code, reason);
    }

    static JsonNode assertProblemBody(String body, String contentType, String traceHeader, String retryAfter, String wwwAuthenticate,
            int status, String code, String reason) {
        assertThat(contentType).as("Content-Type").startsWith("application/problem+json");
        JsonNode b;
        try {
            b = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("problem body is not JSON: " + body, e);
        }
        assertThat(b.path("type").asText()).as("type in %s", body).isNotBlank();
        assertThat(b.path("title").asText()).as("title in %s", body).isNotBlank();
        assertThat(b.path("status").isInt()).as("status is a number in %s", body).isTrue();
        assertThat(b.path("status").asInt()).isEqualTo(status);
        assertThat(b.path("code").asText()).as("code in %s", body).isEqualTo(code);
        assertThat(b.path("reason").asText()).as("reason in %s", body).isEqualTo(reason);
        assertThat(b.path("detail").asText()).as("detail in %s", body).isNotBlank();
        assertThat(b.path("trace_id").asText()).as("trace_id in %s", body).matches(HEX32);
        assertThat(traceHeader).as("X-Trace-Id").isEqualTo(b.path("trace_id").asText());
        if (code.equals("T003") || code.equals("T009")) {
            assertThat(retryAfter).as("Retry-After").isNotNull();
            assertThat(Integer.parseInt(retryAfter.strip())).isPositive();
        }
        if (code.equals("T006")) {
            assertThat(wwwAuthenticate).as("WWW-Authenticate").isNotNull().startsWithIgnoringCase("Bearer");
        }
        return b;
    }

    /** The fields named in a T001 body's errors[]. */
    static List<String> errorFields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> {
            assertThat(e.path("reason").asText()).as("errors[].reason of %s", e).isNotBlank();
            out.add(e.path("field").asText());
        });
        return out;
    }
}
