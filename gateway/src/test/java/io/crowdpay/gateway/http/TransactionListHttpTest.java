package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.errorFields;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import io.crowdpay.gateway.http.TestService.Resp;
import io.crowdpay.replicator.postgres.DatabaseUrl;
import io.crowdpay.replicator.postgres.Schema;
import io.crowdpay.replicator.projection.Position;
import io.crowdpay.replicator.projection.PostgresProjection;
import io.crowdpay.replicator.projection.ReadModelMigrations;
import io.crowdpay.replicator.projection.ReadModelUnavailable;
import io.crowdpay.replicator.projection.TransactionQueries;
import io.crowdpay.replicator.projection.WalletBalance;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/transactions?...} over real HTTP, against a gateway whose list endpoint reads a
 * projection fed by the engine's events. The world: pod "trip" (olivia OWNER, mia MEMBER) with six
 * transactions of every type and outcome, pod "flat" (otto OWNER) with one, and bene's wallet.
 */
class TransactionListHttpTest {

    @TempDir
    static Path dir;
    static ListingGateway gw;
    static String admin;
    static String olivia;
    static String mia;
    static String otto;
    /** Trip's transactions, oldest first, as created. */
    static final List<String> TRIP = new ArrayList<>();
    static String flatTopUp;

    @BeforeAll
    static void world() throws Exception {
        gw = ListingGateway.start(dir);
        admin = gw.token("ops", TestService.ADMIN);
        olivia = gw.token("olivia", TestService.READ, TestService.WRITE);
        mia = gw.token("mia", TestService.READ, TestService.WRITE);
        otto = gw.token("otto", TestService.READ, TestService.WRITE);
        for (String user : List.of("olivia", "mia", "otto", "bene")) {
            ok(gw.send("PUT", "/v1/users/" + user, admin, j("{'kyc_status':'VERIFIED','kyc_tier':2}")), 200);
        }
        ok(gw.send("PUT", "/v1/pods/trip", admin, j("{'name':'Trip','currencies':['EUR','USD'],'members':["
                + "{'user_id':'olivia','role':'OWNER'},{'user_id':'mia','role':'MEMBER'}]}")), 200);
        ok(gw.send("PUT", "/v1/pods/flat", admin,
                j("{'name':'Flat','currencies':['EUR'],'members':[{'user_id':'otto','role':'OWNER'}]}")), 200);
        ok(gw.send("PUT", "/v1/pods/empty", admin,
                j("{'name':'Empty','currencies':['EUR'],'members':[{'user_id':'mia','role':'OWNER'}]}")), 200);
        ok(gw.send("PUT", "/v1/wallets/w_bene", admin, j("{'owner_user_id':'bene','currencies':['EUR']}")), 200);

        TRIP.add(create(olivia, "{'type':'TOP_UP','pod_id':'trip','amount':{'currency':'EUR','value':'500'},"
                + "'funding_source':{'type':'CARD','reference':'card_4242'},'description':'kitty',"
                + "'metadata':{'b':'2','a':'1'}}", "corr-top"));
        awaitTerminal(TRIP.getLast());
        TRIP.add(create(mia, "{'type':'TRANSFER','pod_id':'trip','amount':{'currency':'EUR','value':'10'},"
                + "'beneficiary_wallet_id':'w_bene'}", null));
        TRIP.add(create(olivia, "{'type':'TRANSFER','pod_id':'trip','amount':{'currency':'EUR','value':'20.5'},"
                + "'beneficiary_wallet_id':'w_bene'}", null));
        TRIP.add(create(olivia, "{'type':'WITHDRAWAL','pod_id':'trip','amount':{'currency':'EUR','value':'30'},"
                + "'payout':{'iban':'" + TestService.IBAN + "','name':'Olivia'}}", null));
        TRIP.add(create(olivia, "{'type':'WITHDRAWAL','pod_id':'trip','amount':{'currency':'EUR','value':'40'},"
                + "'payout':{'iban':'" + TestService.IBAN + "','name':'Olivia'},'metadata':{'simulate_leg':'fail'}}", null));
        JsonNode quote = gw.send("POST", "/v1/fx/quotes", olivia,
                j("{'pod_id':'trip','sell':{'currency':'EUR','value':'50'},'buy_currency':'USD'}")).json();
        TRIP.add(create(olivia, "{'type':'FX_SWAP','pod_id':'trip','amount':{'currency':'EUR','value':'50'},'fx_quote_id':'"
                + quote.get("quote_id").asText() + "'}", null));
        flatTopUp = create(otto, "{'type':'TOP_UP','pod_id':'flat','amount':{'currency':'EUR','value':'100'}}", null);
        for (String id : TRIP) {
            awaitTerminal(id);
        }
        awaitTerminal(flatTopUp);
        awaitList("/v1/transactions?limit=200", admin, body -> body.get("items").size() == TRIP.size() + 1
                && allTerminal(body.get("items")));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void givenAMember_whenListingThePod_thenNewestFirstAndEveryItemIsByteForByteTheGetByIdBody() {
        Resp list = gw.get("/v1/transactions?pod_id=trip", mia);

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.header("Content-Type")).startsWith("application/json");
        assertThat(list.header("X-Trace-Id")).matches(TestService.HEX32);
        List<String> bodies = new ArrayList<>();
        for (String id : TRIP.reversed()) {
            Resp one = gw.get("/v1/transactions/" + id, mia);
            assertThat(one.status()).isEqualTo(200);
            bodies.add(one.body());
        }
        assertThat(list.body()).isEqualTo("{\"items\":[" + String.join(",", bodies) + "]}");
        JsonNode items = list.json().get("items");
        assertThat(texts(items, "type")).containsExactly("FX_SWAP", "WITHDRAWAL", "WITHDRAWAL", "TRANSFER", "TRANSFER", "TOP_UP");
        assertThat(texts(items, "status")).containsExactly("SETTLED", "FAILED", "SETTLED", "SETTLED", "SETTLED", "SETTLED");
        assertThat(items.get(5).get("metadata").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(items.get(5).get("correlation_id").asText()).isEqualTo("corr-top");
        assertThat(items.get(1).get("failure").get("code").asText()).isEqualTo("leg_failed");
    }

    @Test
    void givenALimitOfTwo_whenEveryPageIsFollowed_thenEachTransactionComesOnceAndTheLastPageHasNoCursor() {
        List<String> seen = new ArrayList<>();
        String path = "/v1/transactions?pod_id=trip&limit=2";
        int pages = 0;
        while (true) {
            Resp page = gw.get(path, olivia);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode body = page.json();
            seen.addAll(texts(body.get("items"), "transaction_id"));
            pages++;
            if (!body.has("next_cursor")) {
                break;
            }
            assertThat(body.get("items")).hasSize(2);
            path = "/v1/transactions?pod_id=trip&limit=2&cursor=" + body.get("next_cursor").asText();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(TRIP.reversed());
    }

    @Test
    void givenFilters_thenOnlyMatchingTransactions() {
        assertThat(ids("/v1/transactions?pod_id=trip&status=FAILED", olivia)).containsExactly(TRIP.get(4));
        assertThat(ids("/v1/transactions?pod_id=trip&type=FX_SWAP", olivia)).containsExactly(TRIP.get(5));
        assertThat(ids("/v1/transactions?pod_id=trip&wallet_id=w_bene", olivia)).containsExactly(TRIP.get(2), TRIP.get(1));
        assertThat(ids("/v1/transactions?pod_id=trip&wallet_id=pw_trip&type=TOP_UP", olivia))
                .as("a top-up credits the pod's wallet: it matches as beneficiary").containsExactly(TRIP.get(0));
        assertThat(ids("/v1/transactions?pod_id=trip&status=PENDING&type=WITHDRAWAL", olivia)).isEmpty();
    }

    @Test
    void givenAnAdmin_thenEveryPodIsListedWithoutPodId() {
        List<String> expected = new ArrayList<>(List.of(flatTopUp));
        expected.addAll(TRIP.reversed());

        assertThat(ids("/v1/transactions", admin)).containsExactlyElementsOf(expected);
        assertThat(ids("/v1/transactions?pod_id=flat", admin)).containsExactly(flatTopUp);
    }

    @Test
    void givenAPodWithoutTransactions_thenAnEmptyListAndNoCursor() {
        Resp r = gw.get("/v1/transactions?pod_id=empty", mia);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void givenANonMember_thenT007AsForGetById_andForAnUnknownPodToo() {
        JsonNode p = assertProblem(gw.get("/v1/transactions?pod_id=trip", otto), 403, "T007", "not_a_member");
        assertThat(p.get("detail").asText()).contains("otto").contains("trip");
        assertProblem(gw.get("/v1/transactions/" + TRIP.getFirst(), otto), 403, "T007", "not_a_member");
        assertProblem(gw.get("/v1/transactions?pod_id=nowhere", otto), 403, "T007", "not_a_member");
    }

    @Test
    void givenNoPodIdFromANonAdmin_thenT001NamingPodId() {
        JsonNode p = assertProblem(gw.get("/v1/transactions?status=SETTLED", olivia), 422, "T001", "invalid_request");

        assertThat(errorFields(p)).containsExactly("pod_id");
    }

    @Test
    void givenTheWrongScopeOrNoToken_thenT007OrT006() {
        assertProblem(gw.get("/v1/transactions?pod_id=trip", gw.token("olivia", TestService.WRITE)), 403, "T007",
                "insufficient_scope");
        assertThat(gw.get("/v1/transactions?pod_id=trip", null).status()).isEqualTo(401);
    }

    @Test
    void givenInvalidParameters_thenT001WithAnErrorForEach() {
        JsonNode p = assertProblem(gw.get("/v1/transactions?pod_id=trip&status=DONE&type=GIFT&limit=0&color=red", olivia),
                422, "T001", "invalid_request");
        assertThat(errorFields(p)).containsExactlyInAnyOrder("status", "type", "limit", "color");

        for (String query : List.of("limit=201", "limit=abc", "limit=-1", "limit=1e2", "limit=", "limit=0050")) {
            JsonNode bad = assertProblem(gw.get("/v1/transactions?pod_id=trip&" + query, olivia), 422, "T001", "invalid_request");
            assertThat(errorFields(bad)).as(query).containsExactly("limit");
        }
        assertThat(errorFields(assertProblem(gw.get("/v1/transactions?pod_id=trip&status=SETTLED&status=FAILED", olivia),
                422, "T001", "invalid_request"))).containsExactly("status");
        assertThat(errorFields(assertProblem(gw.get("/v1/transactions?pod_id=tr%20ip", olivia), 422, "T001", "invalid_request")))
                .containsExactly("pod_id");
        assertThat(errorFields(assertProblem(gw.get("/v1/transactions?pod_id=trip&wallet_id=" + "w".repeat(65), olivia),
                422, "T001", "invalid_request"))).containsExactly("wallet_id");
        assertThat(gw.get("/v1/transactions?pod_id=trip&limit=200", olivia).status()).isEqualTo(200);
    }

    @Test
    void givenAGarbledCursorOrOneOfOtherFilters_thenT001NamingCursor() {
        String cursor = gw.get("/v1/transactions?pod_id=trip&limit=1", olivia).json().get("next_cursor").asText();
        String garbled = (cursor.charAt(3) == 'A' ? "B" : "A");
        garbled = cursor.substring(0, 3) + garbled + cursor.substring(4);

        for (String query : List.of("pod_id=trip&cursor=" + garbled, "pod_id=trip&status=SETTLED&cursor=" + cursor,
                "pod_id=trip&cursor=not-a-cursor", "pod_id=trip&cursor=" + "A".repeat(500))) {
            JsonNode p = assertProblem(gw.get("/v1/transactions?" + query, olivia), 422, "T001", "invalid_request");
            assertThat(errorFields(p)).as(query).containsExactly("cursor");
        }
        assertThat(gw.get("/v1/transactions?pod_id=trip&limit=1&cursor=" + cursor, olivia).status()).isEqualTo(200);
    }

    @Test
    void givenNoProjectionWired_thenT008AsBeforeTheProjections(@TempDir Path other) throws Exception {
        try (ListingGateway bare = ListingGateway.start(other, null)) {
            JsonNode p = assertProblem(bare.get("/v1/transactions?pod_id=trip", bare.token("olivia", TestService.READ)),
                    404, "T008", "not_found");
            assertThat(p.get("detail").asText()).isEqualTo(
                    "listing transactions arrives with the projections release; GET /v1/transactions/{id} works now");
        }
    }

    @Test
    void givenTheReadModelsDatabaseIsDown_thenT003WithRetryAfter(@TempDir Path other) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(System.getenv().getOrDefault("CROWDPAY_TEST_DATABASE_URL",
                "postgresql://postgres@127.0.0.1:5432/test"));
        Schema schema = new Schema("rm_gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        ReadModelMigrations.migrate(url, schema);
        try {
            PostgresProjection down = PostgresProjection.open(url, schema);
            down.close();
            try (ListingGateway gateway = ListingGateway.start(other, projection -> down)) {
                String token = gateway.token("ops", TestService.ADMIN);
                JsonNode p = assertProblem(gateway.get("/v1/transactions", token), 503, "T003", "read_model_unavailable");
                assertThat(p.get("detail").asText()).doesNotContain("jdbc").doesNotContain("SQL");
            }
        } finally {
            try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                 var statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + schema.name() + " cascade");
            }
        }
    }

    @Test
    void givenASlowReadModel_thenTheEventLoopsKeepAnsweringOtherConnections(@TempDir Path other) throws Exception {
        SlowQueries slow = new SlowQueries();
        try (ListingGateway gateway = ListingGateway.start(other, slow::over)) {
            String token = gateway.token("ops", TestService.ADMIN);
            int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
            List<RawHttp> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * loops + 1; i++) {
                    connections.add(new RawHttp(gateway.port()));
                }
                connections.getFirst().send("GET /v1/transactions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + token + "\r\n\r\n");
                slow.awaitEntered();
                // Connections are spread over every event loop; each answers while the listing waits.
                for (RawHttp connection : connections.subList(1, connections.size())) {
                    connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(connection.read().status()).isEqualTo(200);
                }
                slow.release();
                RawHttp.Response listed = connections.getFirst().read();
                assertThat(listed.status()).as(listed.body()).isEqualTo(200);
                assertThat(listed.body()).isEqualTo("{\"items\":[]}");
            } finally {
                slow.release();
                for (RawHttp connection : connections) {
                    connection.close();
                }
            }
        }
    }

    /** A read model that holds the first listing until released, to show where the waiting happens. */
    private static final class SlowQueries {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        TransactionQueries over(TransactionQueries inner) {
            return new TransactionQueries() {
                @Override
                public Page list(Filter filter, int limit, Position after)
                        throws ReadModelUnavailable {
                    entered.countDown();
                    try {
                        if (!released.await(30, TimeUnit.SECONDS)) {
                            throw new AssertionError("never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return inner.list(filter, limit, after);
                }

                @Override
                public boolean isMember(PodId pod, UserId user)
                        throws ReadModelUnavailable {
                    return inner.isMember(pod, user);
                }

                @Override
                public List<WalletBalance> balances(WalletId wallet)
                        throws ReadModelUnavailable {
                    return inner.balances(wallet);
                }
            };
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the listing reached the read model").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    private static String create(String token, String body, String correlation) {
        List<String> headers = new ArrayList<>(List.of("Idempotency-Key", UUID.randomUUID().toString()));
        if (correlation != null) {
            headers.addAll(List.of("X-Correlation-Id", correlation));
        }
        Resp r = gw.send("POST", "/v1/transactions", token, j(body), headers.toArray(String[]::new));
        ok(r, 202);
        return r.json().get("transaction_id").asText();
    }

    private static void ok(Resp r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    /** Polls GET by id until the transaction leaves PENDING (bounded; never a timing assertion). */
    private static void awaitTerminal(String id) {
        awaitBody("/v1/transactions/" + id, admin, tx -> !tx.get("status").asText().equals("PENDING"));
    }

    /** Polls the list until the projection has caught up with what the test expects. */
    private static void awaitList(String path, String token, Predicate<JsonNode> done) {
        awaitBody(path, token, done);
    }

    private static void awaitBody(String path, String token, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Resp r = gw.get(path, token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (done.test(r.json())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still not as expected after 10 s: " + r.body());
            }
            TestService.pause(5);
        }
    }

    private static boolean allTerminal(JsonNode items) {
        for (JsonNode item : items) {
            if (item.get("status").asText().equals("PENDING")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> ids(String path, String token) {
        Resp r = gw.get(path, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().has("next_cursor")).isFalse();
        return texts(r.json().get("items"), "transaction_id");
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(item -> out.add(item.get(field).asText()));
        return out;
    }
}
