package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.command.Command;
import io.crowdpay.gateway.TestAuditTrail;
import io.crowdpay.gateway.TestOps;
import io.crowdpay.gateway.auth.DevKeys;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.auth.TokenVerifier;
import io.crowdpay.gateway.config.AuditKeyFiles;
import io.crowdpay.gateway.config.FxRates;
import io.crowdpay.gateway.config.OpsFiles;
import io.crowdpay.gateway.counterparty.EmbeddedCounterparties;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.journal.ring.Pipeline;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import io.crowdpay.replicator.audit.EventHash;
import io.crowdpay.replicator.audit.MerkleTree;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.trail.PostgresAuditQueries;
import io.crowdpay.replicator.consumer.Downstream;
import io.crowdpay.replicator.postgres.Schema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/transactions/{id}/audit} over real HTTP: a gateway on a real pipeline and engine,
 * whose events are stored and audited in the real PostgreSQL as the consumers would, checked the
 * way an outside auditor would check them: every leaf recomputed from the response's own fields,
 * every proof folded up to its root, every root's signature checked with the public key alone.
 */
class AuditProofsHttpTest {

    private static final String ISSUER = "crowdpay-dev";
    private static final String AUDIENCE = "crowdpay-transaction-service";
    private static final HexFormat HEX = HexFormat.of();
    /** Sorted keys, no whitespace: the canonical payload text the leaf hash covers. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    @TempDir
    static Path dir;

    private static Pipeline pipeline;
    private static EmbeddedCounterparties counterparties;
    private static HttpServer withAudit;
    private static HttpServer withoutAudit;
    private static PostgresAuditQueries queries;
    private static Schema schema;
    private static PublicKey auditKey;
    private static final List<EventRecord> recorded = Collections.synchronizedList(new ArrayList<>());
    private static final HttpClient client = HttpClient.newHttpClient();

    private static String settledTopUp;
    private static String openTransfer;
    private static String ownerToken;
    private static String strangerToken;

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("keys");
        DevKeys.ensure(keys);
        AuditKeyFiles.ensure(keys);
        KeyPair auditKeys = AuditKeyFiles.load(keys);
        auditKey = auditKeys.getPublic();
        Path ops = TestOps.opsWith(dir.resolve("ops"), Map.of("risk.velocity.count_max", "10000"));

        CommandJournal journal = CommandJournal.open(dir.resolve("journal"));
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Recovery.Result recovered = Recovery.recover(journal, snapshots, n -> { });
        counterparties = new EmbeddedCounterparties(1_024);
        EventHandler<CommandSlot> recorder = (slot, sequence, endOfBatch) -> recorded.addAll(EventRecords.of(
                List.copyOf(slot.events()), slot.firstEventSequence(), i -> slot.streamVersion((int) i), slot.journalIndex(),
                slot.correlationId()));
        pipeline = Pipeline.start(recovered.engine(), recovered.lastIndex(), journal, snapshots, Pipeline.Settings.DEFAULTS,
                System::currentTimeMillis, List.of(counterparties, recorder));
        CountDownLatch configured = new CountDownLatch(1);
        pipeline.publish(new Command.Configure(OpsFiles.loadEngineConfig(ops)), slot -> configured.countDown());
        assertThat(configured.await(30, TimeUnit.SECONDS)).isTrue();
        counterparties.start(pipeline);

        schema = TestAuditTrail.migratedSchema();
        queries = PostgresAuditQueries.open(TestAuditTrail.URL, schema);
        TokenVerifier verifier = TokenVerifier.fromJwksFile(DevKeys.jwksPath(keys), ISSUER, AUDIENCE);
        FxRates rates = FxRates.load(ops.resolve("fx-rates.properties"));
        withAudit = HttpServer.start("127.0.0.1", 0, new GatewayContext(pipeline, verifier, rates, 64 * 1024, 10_000,
                () -> null, new Metrics(), Downstream.NONE, null, queries));
        withoutAudit = HttpServer.start("127.0.0.1", 0, new GatewayContext(pipeline, verifier, rates, 64 * 1024, 10_000,
                () -> null, new Metrics()));

        String admin = token(keys, "ops", "admin");
        ownerToken = token(keys, "owner", "transactions:read", "transactions:write");
        strangerToken = token(keys, "stranger", "transactions:read");
        assertThat(send(withAudit, "PUT", "/v1/users/owner", admin, "{\"kyc_status\":\"VERIFIED\",\"kyc_tier\":2}").statusCode()).isEqualTo(200);
        assertThat(send(withAudit, "PUT", "/v1/users/stranger", admin, "{\"kyc_status\":\"VERIFIED\",\"kyc_tier\":2}").statusCode()).isEqualTo(200);
        assertThat(send(withAudit, "PUT", "/v1/pods/trip", admin, j("{'name':'Trip','currencies':['EUR'],"
                + "'members':[{'user_id':'owner','role':'OWNER'}]}")).statusCode()).isEqualTo(200);
        assertThat(send(withAudit, "PUT", "/v1/wallets/bob", admin, j("{'owner_user_id':'stranger','currencies':['EUR']}"))
                .statusCode()).isEqualTo(200);
        settledTopUp = create(j("{'type':'TOP_UP','pod_id':'trip','amount':{'currency':'EUR','value':'100.00'},"
                + "'funding_source':{'type':'CARD','reference':'card_4242'}}"), "top");
        awaitRecorded(settledTopUp, "TransactionSettled.v1");
        // Everything so far is sealed by the audit (a partial batch, as the time bound would seal it)...
        List<EventRecord> sealed = List.copyOf(recorded);
        TestAuditTrail.storeAndAudit(schema, sealed, auditKeys, sealed.size());
        // ...and the transfer after it is stored but still in the open batch.
        openTransfer = create(j("{'type':'TRANSFER','pod_id':'trip','amount':{'currency':'EUR','value':'12.34'},"
                + "'beneficiary_wallet_id':'bob'}"), "pay");
        awaitRecorded(openTransfer, "TransactionSettled.v1");
        try (var store = io.crowdpay.replicator.postgres.EventStore.open(TestAuditTrail.URL, schema)) {
            store.append("event-store", List.copyOf(recorded).subList(sealed.size(), recorded.size()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        withAudit.close();
        withoutAudit.close();
        counterparties.close();
        pipeline.close();
        queries.close();
        TestAuditTrail.drop(schema);
    }

    private static String token(Path keys, String subject, String... scopes) throws Exception {
        return TokenMinter.mint(DevKeys.signingKeyPath(keys), ISSUER, AUDIENCE, subject, List.of(scopes), Duration.ofHours(1));
    }

    private static HttpResponse<String> send(HttpServer server, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String create(String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withAudit.port() + "/v1/transactions"))
                .header("Authorization", "Bearer " + ownerToken).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return TestService.JSON.readTree(r.body()).get("transaction_id").asText();
    }

    /** Waits (bounded) until the recorder has seen the transaction's event of this type. */
    private static void awaitRecorded(String transactionId, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (List.copyOf(recorded).stream().noneMatch(e -> e.streamId().equals(transactionId) && e.type().equals(type))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(transactionId + " has no " + type + " after 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static TestService.Resp get(HttpServer server, String path, String token) throws Exception {
        HttpResponse<String> r = send(server, "GET", path, token, null);
        return new TestService.Resp(r.statusCode(), r.headers(), r.body());
    }

    /** The event exactly as the audit hashed it, rebuilt from the response alone. */
    private static EventRecord fromResponse(JsonNode e) throws Exception {
        String payload = CANONICAL.writeValueAsString(CANONICAL.treeToValue(e.get("payload"), Object.class));
        return new EventRecord(e.get("sequence").asLong(), e.get("event_id").asText(), e.get("stream_id").asText(),
                e.get("stream_version").asLong(), e.get("type").asText(), payload, e.get("journal_index").asLong(),
                e.get("at_ms").asLong(), e.hasNonNull("correlation_id") ? e.get("correlation_id").asText() : null);
    }

    private static SignedRoot rootFromResponse(JsonNode r) {
        return new SignedRoot(r.get("batch_number").asLong(), r.get("first_sequence").asLong(), r.get("last_sequence").asLong(),
                r.get("leaf_count").asInt(), r.get("merkle_root").asText(), r.get("chain_head").asText(),
                r.get("key_id").asText(), r.get("signature").asText());
    }

    @Test
    void givenASealedTransaction_whenItsOwnerAsks_thenEveryEventChecksAgainstASignedRoot() throws Exception {
        TestService.Resp r = get(withAudit, "/v1/transactions/" + settledTopUp + "/audit", ownerToken);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("transaction_id").asText()).isEqualTo(settledTopUp);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        assertThat(body.get("events")).extracting(e -> e.get("type").asText())
                .startsWith("TransactionInitiated.v1").contains("TransactionSettled.v1");
        assertThat(body.get("roots")).hasSize(1);
        SignedRoot root = rootFromResponse(body.get("roots").get(0));
        assertThat(root.isSignedBy(auditKey)).isTrue();
        for (JsonNode e : body.get("events")) {
            assertThat(e.get("sealed").asBoolean()).isTrue();
            assertThat(e.get("batch_number").asLong()).isEqualTo(root.batchNumber());
            byte[] leaf = EventHash.leaf(fromResponse(e));
            assertThat(e.get("leaf_hash").asText()).isEqualTo(HEX.formatHex(leaf));
            List<byte[]> proof = new ArrayList<>();
            e.get("inclusion_proof").forEach(p -> proof.add(HEX.parseHex(p.asText())));
            assertThat(MerkleTree.verify(leaf, e.get("leaf_index").asLong(), e.get("leaf_count").asLong(), proof,
                    root.merkleRoot())).as("proof of event %s", e.get("sequence")).isTrue();
        }
    }

    @Test
    void givenATransactionInTheOpenBatch_whenAsked_thenItsEventsAreMarkedUnsealed() throws Exception {
        TestService.Resp r = get(withAudit, "/v1/transactions/" + openTransfer + "/audit", ownerToken);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("events")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("sealed").asBoolean()).isFalse();
            assertThat(e.has("inclusion_proof")).isFalse();
            assertThat(e.has("chain_head")).isFalse();
            assertThat(e.get("leaf_hash").asText()).isEqualTo(HEX.formatHex(EventHash.leaf(fromResponse(e))));
        });
        assertThat(body.get("roots")).isEmpty();
    }

    @Test
    void givenSomeoneOutsideThePod_whenAsked_thenRefusedAsForTheTransactionItself() throws Exception {
        int plain = get(withAudit, "/v1/transactions/" + settledTopUp, strangerToken).status();

        TestService.Resp r = get(withAudit, "/v1/transactions/" + settledTopUp + "/audit", strangerToken);

        assertThat(r.status()).isEqualTo(plain).isIn(403, 404);
        assertProblem(r, plain, plain == 403 ? "T007" : "T008", TestService.JSON.readTree(r.body()).get("reason").asText());
    }

    @Test
    void givenAnUnknownTransaction_whenAsked_thenT008() throws Exception {
        TestService.Resp r = get(withAudit, "/v1/transactions/tx_nobody/audit", ownerToken);

        assertProblem(r, 404, "T008", TestService.JSON.readTree(r.body()).get("reason").asText());
    }

    @Test
    void givenNoToken_orTheWrongMethod_whenAsked_thenT006OrT001() throws Exception {
        TestService.Resp anonymous = get(withAudit, "/v1/transactions/" + settledTopUp + "/audit", null);
        assertThat(anonymous.status()).isEqualTo(401);

        HttpResponse<String> post = send(withAudit, "POST", "/v1/transactions/" + settledTopUp + "/audit", ownerToken, "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void givenAServiceWithoutTheEventStore_whenAsked_thenT008NamingDatabaseUrl() throws Exception {
        TestService.Resp r = get(withoutAudit, "/v1/transactions/" + settledTopUp + "/audit", ownerToken);

        JsonNode problem = assertProblem(r, 404, "T008", "audit_not_configured");
        assertThat(problem.get("detail").asText()).contains("DATABASE_URL");
    }
}
