package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.HEX32;
import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.http.TestService.Pod;
import io.crowdpay.gateway.http.TestService.Resp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint and its success answer, over real HTTP against an in-process service. */
class EndpointsHttpTest extends SharedServiceTest {

    @Test
    void putUserAnswers200WithTheUser() {
        String id = svc.uid("alice");
        Resp r = svc.put("/v1/users/" + id, svc.admin(), j("{'kyc_status':'PENDING','kyc_tier':0}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Trace-Id")).matches(HEX32);
        JsonNode u = r.json();
        assertThat(u.get("user_id").asText()).isEqualTo(id);
        assertThat(u.get("kyc_status").asText()).isEqualTo("PENDING");
        assertThat(u.get("kyc_tier").asInt()).isZero();

        Resp again = svc.put("/v1/users/" + id, svc.admin(), j("{'kyc_status':'VERIFIED','kyc_tier':2}"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("kyc_status").asText()).isEqualTo("VERIFIED");
        assertThat(again.json().get("kyc_tier").asInt()).isEqualTo(2);
    }

    @Test
    void putPodAnswers200WithThePodAndItsWalletId() {
        String owner = svc.verifiedUser("owner");
        String member = svc.verifiedUser("member");
        String id = svc.uid("lisbon");
        Resp r = svc.put("/v1/pods/" + id, svc.admin(), j("{'name':'Lisbon trip','currencies':['EUR','USD'],"
                + "'members':[{'user_id':'%s','role':'OWNER'},{'user_id':'%s','role':'MEMBER'}]}", owner, member));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("pod_id").asText()).isEqualTo(id);
        assertThat(p.get("name").asText()).isEqualTo("Lisbon trip");
        assertThat(p.get("wallet_id").asText()).isEqualTo("pw_" + id);
        assertThat(texts(p.get("currencies"))).containsExactly("EUR", "USD");
        assertThat(p.get("members")).hasSize(2);
        assertThat(p.get("members").get(0).get("user_id").asText()).isEqualTo(owner);
        assertThat(p.get("members").get(0).get("role").asText()).isEqualTo("OWNER");
        assertThat(p.get("members").get(1).get("role").asText()).isEqualTo("MEMBER");
    }

    @Test
    void putWalletAnswers200WithThePersonalWallet() {
        String owner = svc.verifiedUser("bob");
        String id = svc.uid("bob_wallet");
        Resp r = svc.put("/v1/wallets/" + id, svc.admin(), j("{'owner_user_id':'%s','currencies':['EUR','JPY']}", owner));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode w = r.json();
        assertThat(w.get("wallet_id").asText()).isEqualTo(id);
        assertThat(w.get("owner").get("type").asText()).isEqualTo("USER");
        assertThat(w.get("owner").get("user_id").asText()).isEqualTo(owner);
        assertThat(w.get("balances")).hasSize(2);
        for (JsonNode line : w.get("balances")) {
            String zero = line.get("currency").asText().equals("JPY") ? "0" : "0.00";
            assertThat(line.get("available").asText()).isEqualTo(zero);
            assertThat(line.get("held").asText()).isEqualTo(zero);
            assertThat(line.get("total").asText()).isEqualTo(zero);
        }
        // the owner may read their own wallet
        assertThat(svc.get("/v1/wallets/" + id, svc.userToken(owner)).status()).isEqualTo(200);
    }

    @Test
    void getWalletGivesBalancesAsStringsWithExactlyTheMinorDigits() {
        String owner = svc.verifiedUser("owner");
        String id = svc.uid("pod");
        String walletId = svc.pod(id, List.of("EUR", "JPY", "USD"), owner, "OWNER");
        Pod pod = new Pod(id, walletId, owner, svc.userToken(owner), null);
        svc.topUp(pod, "EUR", "250.5");
        svc.topUp(pod, "JPY", "1500");

        Resp r = svc.get("/v1/wallets/" + walletId, pod.ownerToken());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode w = r.json();
        assertThat(w.get("wallet_id").asText()).isEqualTo(walletId);
        assertThat(w.get("owner").get("type").asText()).isEqualTo("POD");
        assertThat(w.get("owner").get("pod_id").asText()).isEqualTo(id);
        for (JsonNode line : w.get("balances")) {
            for (String f : List.of("available", "held", "total")) {
                assertThat(line.get(f).isTextual()).as("%s is a string", f).isTrue();
            }
        }
        svc.assertBalance(walletId, "EUR", "250.50", "0.00", "250.50");
        svc.assertBalance(walletId, "JPY", "1500", "0", "1500");
        svc.assertBalance(walletId, "USD", "0.00", "0.00", "0.00");
    }

    @Test
    void fxQuoteAnswers201WithAQuoteFirmFor30Seconds() {
        Pod pod = svc.newPod();
        Resp r = svc.post("/v1/fx/quotes", pod.ownerToken(),
                j("{'pod_id':'%s','sell':{'currency':'EUR','value':'100'},'buy_currency':'USD'}", pod.id()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode q = r.json();
        assertThat(q.get("quote_id").asText()).startsWith("q_");
        assertThat(r.header("Location")).isEqualTo("/v1/fx/quotes/" + q.get("quote_id").asText());
        assertThat(q.get("sell").get("currency").asText()).isEqualTo("EUR");
        assertThat(q.get("sell").get("value").asText()).isEqualTo("100.00");
        assertThat(q.get("buy").get("currency").asText()).isEqualTo("USD");
        assertThat(q.get("buy").get("value").asText()).isEqualTo("108.50");
        assertThat(new BigDecimal(q.get("rate").asText())).isEqualByComparingTo("1.085");
        Instant created = Instant.parse(q.get("created_at").asText());
        Instant expires = Instant.parse(q.get("expires_at").asText());
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTransactionSentWithoutACorrelationIdGetsOneMadeForIt() {
        Pod pod = svc.fundedPod("10.00");
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR',"
                + "'value':'1.00'},'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "no-corr");
        assertThat(r.status()).isEqualTo(202);
        String made = r.json().get("correlation_id").asText();
        assertThat(made).matches("corr_[0-9a-z]{26}");
        assertThat(svc.get("/v1/transactions/" + r.json().get("transaction_id").asText(), pod.ownerToken()).json()
                .get("correlation_id").asText()).isEqualTo(made);
    }

    @Test
    void transferAnswers202PendingWithLocationThenSettles() {
        Pod pod = svc.fundedPod("100.00");
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'20.25'},"
                + "'beneficiary_wallet_id':'%s','description':'Flat','metadata':{'trip':'lisbon'}}", pod.id(), pod.beneficiaryWallet()),
                "Idempotency-Key", "rent-1", "X-Correlation-Id", "saga-42");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode tx = r.json();
        String id = tx.get("transaction_id").asText();
        assertThat(id).startsWith("tx_");
        assertThat(r.header("Location")).isEqualTo("/v1/transactions/" + id);
        assertThat(r.header("Idempotent-Replayed")).isNull();
        assertThat(tx.get("type").asText()).isEqualTo("TRANSFER");
        assertThat(tx.get("status").asText()).isEqualTo("PENDING");
        assertThat(tx.get("pod_id").asText()).isEqualTo(pod.id());
        assertThat(tx.get("amount").get("currency").asText()).isEqualTo("EUR");
        assertThat(tx.get("amount").get("value").asText()).isEqualTo("20.25");
        assertThat(tx.get("source_wallet_id").asText()).isEqualTo(pod.walletId());
        assertThat(tx.get("beneficiary_wallet_id").asText()).isEqualTo(pod.beneficiaryWallet());
        assertThat(tx.get("description").asText()).isEqualTo("Flat");
        assertThat(tx.get("metadata").get("trip").asText()).isEqualTo("lisbon");
        assertThat(tx.get("idempotency_key").asText()).isEqualTo("rent-1");
        assertThat(tx.get("correlation_id").asText()).isEqualTo("saga-42");
        assertThat(tx.has("failure")).isFalse();
        assertThat(tx.has("fx")).isFalse();
        Instant.parse(tx.get("created_at").asText());
        Instant.parse(tx.get("updated_at").asText());

        Resp got = svc.get("/v1/transactions/" + id, pod.ownerToken());
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().get("status").asText()).isEqualTo("SETTLED");
        assertThat(got.json().get("transaction_id").asText()).isEqualTo(id);
        svc.assertBalance(pod.walletId(), "EUR", "79.75", "0.00", "79.75");
        svc.assertBalance(pod.beneficiaryWallet(), "EUR", "20.25", "0.00", "20.25");
    }

    @Test
    void aMemberMayPayFromTheirOwnPersonalWallet() {
        Pod pod = svc.fundedPod("50.00");
        String personal = svc.uid("own");
        svc.wallet(personal, pod.owner(), "EUR");
        Resp fill = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'30'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), personal), "Idempotency-Key", "fill-own");
        assertThat(fill.status()).as(fill.body()).isEqualTo(202);
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'12.34'},"
                + "'beneficiary_wallet_id':'%s','source_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet(), personal), "Idempotency-Key", "from-own");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("source_wallet_id").asText()).isEqualTo(personal);
        assertThat(svc.awaitTerminal(r.json().get("transaction_id").asText(), pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(personal, "EUR", "17.66", "0.00", "17.66");
        svc.assertBalance(pod.beneficiaryWallet(), "EUR", "12.34", "0.00", "12.34");
        svc.assertBalance(pod.walletId(), "EUR", "20.00", "0.00", "20.00");
    }

    @Test
    void topUpAnswers202PendingThenSettlesAndCredits() {
        Pod pod = svc.newPod();
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'500'},"
                + "'funding_source':{'type':'BANK','reference':'sepa-1'},'idempotency_key':'topup-in-body'}", pod.id()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode tx = r.json();
        assertThat(tx.get("status").asText()).isEqualTo("PENDING");
        assertThat(tx.get("type").asText()).isEqualTo("TOP_UP");
        assertThat(tx.get("idempotency_key").asText()).isEqualTo("topup-in-body");
        assertThat(tx.get("beneficiary_wallet_id").asText()).isEqualTo(pod.walletId());
        assertThat(r.header("Location")).isEqualTo("/v1/transactions/" + tx.get("transaction_id").asText());
        JsonNode done = svc.awaitTerminal(tx.get("transaction_id").asText(), pod.ownerToken());
        assertThat(done.get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(pod.walletId(), "EUR", "500.00", "0.00", "500.00");
    }

    @Test
    void withdrawalAnswers202PendingThenSettlesAndDebits() {
        Pod pod = svc.fundedPod("100.00");
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':{'currency':'EUR','value':'50.00'},"
                + "'payout':{'iban':'%s','name':'Alice Example','bic':'COBADEFFXXX'}}", pod.id(), IBAN), "Idempotency-Key", "out-1");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode tx = r.json();
        assertThat(tx.get("status").asText()).isEqualTo("PENDING");
        assertThat(tx.get("source_wallet_id").asText()).isEqualTo(pod.walletId());
        assertThat(tx.get("payout").get("name").asText()).isEqualTo("Alice Example");
        assertThat(tx.get("payout").get("iban").asText().replace(" ", "")).isEqualTo(IBAN.replace(" ", ""));
        JsonNode done = svc.awaitTerminal(tx.get("transaction_id").asText(), pod.ownerToken());
        assertThat(done.get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(pod.walletId(), "EUR", "50.00", "0.00", "50.00");
    }

    @Test
    void fxSwapAnswers202PendingThenSettlesBothCurrencies() {
        Pod pod = svc.fundedPod("150.00");
        JsonNode quote = svc.post("/v1/fx/quotes", pod.ownerToken(),
                j("{'pod_id':'%s','sell':{'currency':'EUR','value':'100.00'},'buy_currency':'USD'}", pod.id())).json();
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'100.00'},"
                + "'fx_quote_id':'%s'}", pod.id(), quote.get("quote_id").asText()), "Idempotency-Key", "fx-1");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode tx = r.json();
        assertThat(tx.get("status").asText()).isEqualTo("PENDING");
        assertThat(tx.get("fx").get("quote_id").asText()).isEqualTo(quote.get("quote_id").asText());
        assertThat(new BigDecimal(tx.get("fx").get("rate").asText())).isEqualByComparingTo("1.085");
        assertThat(tx.get("fx").get("buy").get("currency").asText()).isEqualTo("USD");
        assertThat(tx.get("fx").get("buy").get("value").asText()).isEqualTo("108.50");
        JsonNode done = svc.awaitTerminal(tx.get("transaction_id").asText(), pod.ownerToken());
        assertThat(done.get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(pod.walletId(), "EUR", "50.00", "0.00", "50.00");
        svc.assertBalance(pod.walletId(), "USD", "108.50", "0.00", "108.50");
    }

    @Test
    void aFailedWithdrawalLegEndsFailedAndReleasesTheHold() {
        Pod pod = svc.fundedPod("100.00");
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':{'currency':'EUR','value':'60.00'},"
                + "'payout':{'iban':'%s','name':'Alice Example'},'metadata':{'simulate_leg':'fail'}}", pod.id(), IBAN), "Idempotency-Key", "out-fail");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        JsonNode done = svc.awaitTerminal(r.json().get("transaction_id").asText(), pod.ownerToken());
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.get("failure").get("code").asText()).isEqualTo("leg_failed");
        assertThat(done.get("failure").get("reason").asText()).isNotBlank();
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
    }

    @Test
    void aFailedTopUpOrFxLegEndsFailedAndMovesNothing() {
        Pod pod = svc.fundedPod("100.00");
        Resp top = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'40'},"
                + "'metadata':{'simulate_leg':'fail'}}", pod.id()), "Idempotency-Key", "top-fail");
        assertThat(top.status()).as(top.body()).isEqualTo(202);
        JsonNode topDone = svc.awaitTerminal(top.json().get("transaction_id").asText(), pod.ownerToken());
        assertThat(topDone.get("status").asText()).isEqualTo("FAILED");
        assertThat(topDone.get("failure").get("code").asText()).isEqualTo("leg_failed");

        String quote = svc.post("/v1/fx/quotes", pod.ownerToken(),
                j("{'pod_id':'%s','sell':{'currency':'EUR','value':'30'},'buy_currency':'USD'}", pod.id())).json().get("quote_id").asText();
        Resp fx = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'30'},"
                + "'fx_quote_id':'%s','metadata':{'simulate_leg':'fail'}}", pod.id(), quote), "Idempotency-Key", "fx-fail");
        assertThat(fx.status()).as(fx.body()).isEqualTo(202);
        JsonNode fxDone = svc.awaitTerminal(fx.json().get("transaction_id").asText(), pod.ownerToken());
        assertThat(fxDone.get("status").asText()).isEqualTo("FAILED");
        assertThat(fxDone.get("failure").get("code").asText()).isEqualTo("leg_failed");

        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
        svc.assertBalance(pod.walletId(), "USD", "0.00", "0.00", "0.00");
    }

    @Test
    void podMembersAndAdminsMayReadATransaction() {
        Pod pod = svc.fundedPod("10.00");
        String viewer = svc.verifiedUser("viewer");
        svc.pod(pod.id(), List.of("EUR", "USD"), pod.owner(), "OWNER", viewer, "VIEWER");
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "read-1");
        String id = r.json().get("transaction_id").asText();
        assertThat(svc.get("/v1/transactions/" + id, svc.token(viewer, TestService.READ)).status()).isEqualTo(200);
        assertThat(svc.get("/v1/transactions/" + id, svc.admin()).status()).isEqualTo(200);
        assertThat(svc.get("/v1/wallets/" + pod.walletId(), svc.token(viewer, TestService.READ)).status()).isEqualTo(200);
    }

    @Test
    void healthzAnswersAlive() {
        Resp r = svc.get("/healthz", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("alive");
        assertThat(r.header("X-Trace-Id")).matches(HEX32);
    }

    @Test
    void readyzAnswersReadyWithRingFields() {
        Resp r = svc.get("/readyz", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("status").asText()).isEqualTo("ready");
        assertThat(b.get("ring_size").asLong()).isEqualTo(16384);
        assertThat(b.get("ring_backlog").isIntegralNumber()).isTrue();
        assertThat(b.get("ring_backlog").asLong()).isBetween(0L, 16384L);
        assertThat(b.has("reason")).isFalse();
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        svc.get("/healthz", null);
        svc.get("/v1/transactions/tx_nope", svc.admin()); // a 404 to count
        Resp r = svc.get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body()).contains("# TYPE crowdpay_http_responses_total counter")
                .contains("crowdpay_http_responses_total{status=\"200\",code=\"\"}")
                .contains("crowdpay_http_responses_total{status=\"404\",code=\"T008\"}")
                .contains("crowdpay_ring_backlog")
                .contains("# TYPE crowdpay_jvm_gc_cycles_total counter", "# TYPE crowdpay_jvm_gc_cycle_milliseconds_total counter");
        for (String line : r.body().split("\n")) {
            assertThat(line).matches("# TYPE \\w+ (counter|gauge)|\\w+(\\{[^}]*\\})? -?\\d+");
        }
    }

    @Test
    void openApiIsJsonAndDocumentsEveryRouteTheHandlerServes() throws Exception {
        Resp r = svc.get("/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode doc = r.json();
        assertThat(doc.has("openapi")).isTrue();
        JsonNode paths = doc.get("paths");
        Map<String, List<String>> served = Map.of(
                "/healthz", List.of("get"), "/readyz", List.of("get"), "/metrics", List.of("get"), "/openapi.json", List.of("get"),
                "/v1/users/{user_id}", List.of("put"), "/v1/pods/{pod_id}", List.of("put"),
                "/v1/wallets/{wallet_id}", List.of("put", "get"), "/v1/fx/quotes", List.of("post"),
                "/v1/transactions", List.of("post"), "/v1/transactions/{transaction_id}", List.of("get"));
        List<String> missing = new ArrayList<>();
        served.forEach((path, methods) -> methods.forEach(m -> {
            if (!paths.has(path) || !paths.get(path).has(m)) {
                missing.add(m.toUpperCase() + " " + path);
            }
        }));
        assertThat(missing).as("routes served but not in /openapi.json").isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
