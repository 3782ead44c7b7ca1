package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.errorFields;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.http.TestService.Pod;
import io.crowdpay.gateway.http.TestService.Resp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every error code and T001 reason the default service can be driven to over the wire (T006/T007 are
 * in {@link AuthHttpTest}; rules that need other ops or env in {@link ConfiguredLimitsHttpTest}; the
 * raw-socket ones in {@link WireHttpTest}).
 */
class ErrorCodesHttpTest extends SharedServiceTest {

    private static Resp transfer(Pod pod, String value, String key) {
        return svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'%s'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), value, pod.beneficiaryWallet()), "Idempotency-Key", key);
    }

    private static Resp topUp(String token, String pod, String currency, String value) {
        return svc.post("/v1/transactions", token, j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'%s','value':'%s'}}",
                pod, currency, value), "Idempotency-Key", svc.uid("k"));
    }

    private static Resp withdraw(Pod pod, String value, String iban, String name) {
        return svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'WITHDRAWAL','pod_id':'%s','amount':{'currency':'EUR','value':'%s'},"
                + "'payout':{'iban':'%s','name':'%s'}}", pod.id(), value, iban, name), "Idempotency-Key", svc.uid("k"));
    }

    private static String quote(Pod pod, String value) {
        Resp r = svc.post("/v1/fx/quotes", pod.ownerToken(),
                j("{'pod_id':'%s','sell':{'currency':'EUR','value':'%s'},'buy_currency':'USD'}", pod.id(), value));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("quote_id").asText();
    }

    private static Resp swap(Pod pod, String value, String quoteId) {
        return svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'%s'},"
                + "'fx_quote_id':'%s'}", pod.id(), value, quoteId), "Idempotency-Key", svc.uid("k"));
    }

    // ---- T001 ----

    @Test
    void t001InvalidRequestNamesTheFieldInErrors() {
        Pod pod = svc.fundedPod("10.00");
        JsonNode p = assertProblem(transfer(pod, "ten", "bad-1"), 422, "T001", "invalid_request");
        assertThat(errorFields(p)).containsExactly("amount.value");
        assertThat(p.get("type").asText()).contains("invalid_request");
        svc.assertBalance(pod.walletId(), "EUR", "10.00", "0.00", "10.00");
    }

    @Test
    void t001InvalidRequestListsEveryBadFieldAtOnce() {
        Pod pod = svc.newPod();
        Resp r = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'bad pod','amount':{'currency':'EUR','value':'-1'},"
                + "'bogus':true}"));
        JsonNode p = assertProblem(r, 422, "T001", "invalid_request");
        assertThat(errorFields(p)).contains("pod_id", "amount.value", "bogus", "idempotency_key", "beneficiary_wallet_id");
    }

    @Test
    void t001KycNotVerifiedForPendingAndUnknownUsers() {
        String pending = svc.uid("pending");
        svc.user(pending, "PENDING", 1);
        String never = svc.uid("never-registered");
        String pod = svc.uid("pod");
        svc.pod(pod, List.of("EUR"), pending, "OWNER", never, "ADMIN");
        assertProblem(topUp(svc.userToken(pending), pod, "EUR", "10"), 422, "T001", "kyc_not_verified");
        assertProblem(topUp(svc.userToken(never), pod, "EUR", "10"), 422, "T001", "kyc_not_verified");
        String rejected = svc.uid("rejected");
        svc.user(rejected, "REJECTED", 2);
        svc.pod(pod, List.of("EUR"), pending, "OWNER", rejected, "ADMIN");
        assertProblem(topUp(svc.userToken(rejected), pod, "EUR", "10"), 422, "T001", "kyc_not_verified");
        Resp q = svc.post("/v1/fx/quotes", svc.userToken(rejected), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}", pod));
        assertProblem(q, 422, "T001", "kyc_not_verified");
    }

    @Test
    void t001LimitExceededPerTransactionAndPerDay() {
        String tier0 = svc.uid("tier0");
        svc.user(tier0, "VERIFIED", 0);
        String pod = svc.uid("pod");
        String wallet = svc.pod(pod, List.of("EUR", "GBP"), tier0, "OWNER");
        String token = svc.userToken(tier0);
        JsonNode p = assertProblem(topUp(token, pod, "EUR", "100.01"), 422, "T001", "limit_exceeded");
        assertThat(p.get("detail").asText()).contains("per-transaction");
        // tier 0 lists no GBP: its limit is zero
        assertProblem(topUp(token, pod, "GBP", "1"), 422, "T001", "limit_exceeded");
        assertThat(topUp(token, pod, "EUR", "100.00").status()).isEqualTo(202);
        assertThat(topUp(token, pod, "EUR", "100.00").status()).isEqualTo(202);
        JsonNode daily = assertProblem(topUp(token, pod, "EUR", "0.01"), 422, "T001", "limit_exceeded");
        assertThat(daily.get("detail").asText()).contains("daily");
        // the refused one credited nothing
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!svc.balance(wallet, "EUR", svc.admin()).get("total").asText().equals("200.00") && System.nanoTime() < deadline) {
            TestService.pause(5);
        }
        svc.assertBalance(wallet, "EUR", "200.00", "0.00", "200.00");
    }

    @Test
    void t001SanctionsHitOnPayoutNameIbanBeneficiaryAndActor() {
        Pod pod = svc.fundedPod("100.00");
        assertProblem(withdraw(pod, "10", IBAN, "ivan  SANCTIONOV"), 422, "T001", "sanctions_hit");
        assertProblem(withdraw(pod, "10", "DE89370400440532013000", "Jane Doe"), 422, "T001", "sanctions_hit");

        svc.wallet("w_sanctioned", pod.owner(), "EUR");
        Resp toListedWallet = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s',"
                + "'amount':{'currency':'EUR','value':'5'},'beneficiary_wallet_id':'w_sanctioned'}", pod.id()), "Idempotency-Key", "s-1");
        assertProblem(toListedWallet, 422, "T001", "sanctions_hit");

        svc.user("u_sanctioned", "VERIFIED", 2);
        String ownedByListed = svc.uid("w");
        svc.wallet(ownedByListed, "u_sanctioned", "EUR");
        Resp toListedOwner = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s',"
                + "'amount':{'currency':'EUR','value':'5'},'beneficiary_wallet_id':'%s'}", pod.id(), ownedByListed), "Idempotency-Key", "s-2");
        assertProblem(toListedOwner, 422, "T001", "sanctions_hit");

        String listedPod = svc.uid("pod");
        svc.pod(listedPod, List.of("EUR"), "u_sanctioned", "OWNER");
        assertProblem(topUp(svc.userToken("u_sanctioned"), listedPod, "EUR", "5"), 422, "T001", "sanctions_hit");

        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
        svc.assertBalance(ownedByListed, "EUR", "0.00", "0.00", "0.00");
    }

    @Test
    void t001FxQuoteInvalidWhenUnknownReusedOfAnotherPodOrAnotherAmount() {
        Pod pod = svc.fundedPod("100.00");
        Pod other = svc.fundedPod("100.00");
        assertProblem(swap(pod, "10", "q_doesnotexist"), 422, "T001", "fx_quote_invalid");

        String othersQuote = quote(other, "10");
        assertProblem(swap(pod, "10", othersQuote), 422, "T001", "fx_quote_invalid");

        String q = quote(pod, "10");
        assertProblem(swap(pod, "10.01", q), 422, "T001", "fx_quote_invalid");
        Resp first = swap(pod, "10", q);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(svc.awaitTerminal(first.json().get("transaction_id").asText(), pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");
        JsonNode reused = assertProblem(swap(pod, "10", q), 422, "T001", "fx_quote_invalid");
        assertThat(reused.get("detail").asText()).contains("used");

        svc.assertBalance(pod.walletId(), "EUR", "90.00", "0.00", "90.00");
        svc.assertBalance(pod.walletId(), "USD", "10.85", "0.00", "10.85");
        svc.assertBalance(other.walletId(), "EUR", "100.00", "0.00", "100.00");
    }

    @Test
    void t001RiskRejectedAboveTheSingleTransactionThreshold() {
        Pod pod = svc.newPod(); // tier 2: per transaction 25000.00 EUR, risk threshold 20000.00 EUR
        assertProblem(topUp(pod.ownerToken(), pod.id(), "EUR", "20000.01"), 422, "T001", "risk_rejected");
        Resp atThreshold = topUp(pod.ownerToken(), pod.id(), "EUR", "20000.00");
        assertThat(atThreshold.status()).as(atThreshold.body()).isEqualTo(202);
    }

    @Test
    void t001CurrencyNotSupported() {
        Pod pod = svc.newPod(); // EUR and USD
        assertProblem(topUp(pod.ownerToken(), pod.id(), "GBP", "10"), 422, "T001", "currency_not_supported");
        // a real ISO 4217 currency that the service does not run
        assertProblem(topUp(pod.ownerToken(), pod.id(), "AUD", "10"), 422, "T001", "currency_not_supported");
        // a pair without an FX rate, and one the pod does not hold
        assertProblem(svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'10'},'buy_currency':'AUD'}",
                pod.id())), 422, "T001", "currency_not_supported");
        assertProblem(svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'10'},'buy_currency':'GBP'}",
                pod.id())), 422, "T001", "currency_not_supported");
        assertProblem(svc.put("/v1/pods/" + svc.uid("pod"), svc.admin(), j("{'name':'x','currencies':['AUD'],'members':[{'user_id':'%s','role':'OWNER'}]}",
                pod.owner())), 422, "T001", "currency_not_supported");
        // a transfer to a wallet that does not hold the currency
        String usdOnly = svc.uid("w");
        svc.wallet(usdOnly, pod.owner(), "USD");
        assertProblem(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), usdOnly), "Idempotency-Key", "cur-1"), 422, "T001", "currency_not_supported");
    }

    @Test
    void t001UnknownWalletAndUnknownPod() {
        Pod pod = svc.fundedPod("10.00");
        assertProblem(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'no_such_wallet'}", pod.id()), "Idempotency-Key", "uw-1"), 422, "T001", "unknown_wallet");
        assertProblem(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s','source_wallet_id':'no_such_source'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "uw-2"),
                422, "T001", "unknown_wallet");
        assertProblem(topUp(pod.ownerToken(), "no_such_pod", "EUR", "1"), 422, "T001", "unknown_pod");
        assertProblem(svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'no_such_pod','sell':{'currency':'EUR','value':'10'},"
                + "'buy_currency':'USD'}")), 422, "T001", "unknown_pod");
        svc.assertBalance(pod.walletId(), "EUR", "10.00", "0.00", "10.00");
    }

    @Test
    void t001StateRulesOfTheEngineAreInvalidRequest() {
        Pod pod = svc.fundedPod("10.00");
        JsonNode self = assertProblem(svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s',"
                + "'amount':{'currency':'EUR','value':'1'},'beneficiary_wallet_id':'%s'}", pod.id(), pod.walletId()), "Idempotency-Key", "self-1"),
                422, "T001", "invalid_request");
        assertThat(self.get("detail").asText()).contains("same wallet");
        Resp sameCurrency = svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'EUR'}",
                pod.id()));
        assertThat(sameCurrency.status()).as(sameCurrency.body()).isEqualTo(422);
        assertThat(sameCurrency.json().get("code").asText()).isEqualTo("T001");
        svc.assertBalance(pod.walletId(), "EUR", "10.00", "0.00", "10.00");
    }

    @Test
    void t001UnsupportedMediaTypeIs415() {
        Pod pod = svc.newPod();
        String body = j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}", pod.id());
        Resp text = svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "mt-1", "Content-Type", "text/plain");
        assertProblem(text, 415, "T001", "unsupported_media_type");
        Resp form = svc.put("/v1/users/" + svc.uid("u"), svc.admin(), "kyc_status=VERIFIED", "Content-Type", "application/x-www-form-urlencoded");
        assertProblem(form, 415, "T001", "unsupported_media_type");
        Resp none = svc.send(java.net.http.HttpRequest.newBuilder(svc.uri("/v1/transactions"))
                .header("Authorization", "Bearer " + pod.ownerToken()).header("Idempotency-Key", "mt-2")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        assertProblem(none, 415, "T001", "unsupported_media_type");
        // a charset parameter is fine
        Resp ok = svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "mt-3", "Content-Type", "application/json; charset=utf-8");
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    }

    @Test
    void t001MethodNotAllowedIs405() {
        assertProblem(svc.send("POST", "/healthz", null, "{}"), 405, "T001", "method_not_allowed");
        assertProblem(svc.send("DELETE", "/v1/transactions/tx_x", svc.admin(), null), 405, "T001", "method_not_allowed");
        assertProblem(svc.send("PUT", "/v1/transactions", svc.userToken("someone"), "{}"), 405, "T001", "method_not_allowed");
        assertProblem(svc.send("PATCH", "/v1/users/u1", svc.admin(), "{}"), 405, "T001", "method_not_allowed");
        assertProblem(svc.send("GET", "/v1/fx/quotes", svc.userToken("someone"), null), 405, "T001", "method_not_allowed");
    }

    @Test
    void methodNotAllowedNamesTheAllowedMethods() {
        // REGRESSION (fixed): RFC 9110 section 15.5.6: a 405 response MUST carry an Allow header listing the methods the
        // resource supports. ApiHandler.requireMethod (ApiHandler.java line 220) builds the 405 problem but
        // Responder.problem never sets Allow, so clients cannot discover the right method.
        Resp r = svc.send("DELETE", "/v1/transactions/tx_x", svc.admin(), null);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).as("Allow header on 405").isEqualTo("GET");
    }

    // ---- T002 ----

    @Test
    void t002SameKeyDifferentRequestIs409AndSameRequestIsReplayed() {
        Pod pod = svc.fundedPod("100.00");
        Resp first = transfer(pod, "10", "pay-1");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        String id = first.json().get("transaction_id").asText();

        JsonNode conflict = assertProblem(transfer(pod, "11", "pay-1"), 409, "T002", "idempotency_key_reused");
        assertThat(conflict.get("detail").asText()).isNotBlank();

        Resp replay = transfer(pod, "10", "pay-1");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Location")).isEqualTo("/v1/transactions/" + id);
        assertThat(replay.json().get("transaction_id").asText()).isEqualTo(id);
        // the replay shows the current state: a transfer settles in the step that accepted it
        assertThat(replay.json().get("status").asText()).isEqualTo("SETTLED");

        // the key may come in the body instead of the header: the same request, so a replay too
        Resp inBody = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'10'},"
                + "'beneficiary_wallet_id':'%s','idempotency_key':'pay-1'}", pod.id(), pod.beneficiaryWallet()));
        assertThat(inBody.status()).isEqualTo(202);
        assertThat(inBody.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(inBody.json().get("transaction_id").asText()).isEqualTo(id);

        svc.assertBalance(pod.walletId(), "EUR", "90.00", "0.00", "90.00");
        svc.assertBalance(pod.beneficiaryWallet(), "EUR", "10.00", "0.00", "10.00");
    }

    @Test
    void t002KeysAreScopedToThePrincipal() {
        Pod pod = svc.fundedPod("100.00");
        String admin = svc.verifiedUser("admin");
        svc.pod(pod.id(), List.of("EUR", "USD"), pod.owner(), "OWNER", admin, "ADMIN");
        Resp mine = transfer(pod, "1", "shared-key");
        Resp theirs = svc.post("/v1/transactions", svc.userToken(admin), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'2'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "shared-key");
        assertThat(mine.status()).isEqualTo(202);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(202);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.json().get("transaction_id").asText()).isNotEqualTo(mine.json().get("transaction_id").asText());
    }

    @Test
    void t002ReplayOfAnFxSwapDoesNotTripOverItsUsedQuote() {
        Pod pod = svc.fundedPod("50.00");
        String q = quote(pod, "20");
        String body = j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'20'},'fx_quote_id':'%s'}", pod.id(), q);
        Resp first = svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "swap-1");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        svc.awaitTerminal(first.json().get("transaction_id").asText(), pod.ownerToken());
        Resp again = svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "swap-1");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("transaction_id").asText()).isEqualTo(first.json().get("transaction_id").asText());
        svc.assertBalance(pod.walletId(), "EUR", "30.00", "0.00", "30.00");
    }

    // ---- T004 ----

    @Test
    void t004InsufficientFundsCountsHolds() {
        Pod pod = svc.fundedPod("100.00");
        Resp out = withdraw(pod, "60.00", IBAN, "Alice Example");
        assertThat(out.status()).as(out.body()).isEqualTo(202);
        // Whether the withdrawal is still held or already paid out, only 40.00 is available: the hold
        // counts exactly as the debit will.
        JsonNode p = assertProblem(transfer(pod, "50.00", "t004-1"), 402, "T004", "insufficient_funds");
        assertThat(p.get("detail").asText()).contains("40.00");
        assertThat(svc.awaitTerminal(out.json().get("transaction_id").asText(), pod.ownerToken()).get("status").asText()).isEqualTo("SETTLED");
        svc.assertBalance(pod.walletId(), "EUR", "40.00", "0.00", "40.00");
        svc.assertBalance(pod.beneficiaryWallet(), "EUR", "0.00", "0.00", "0.00");
        // a refusal records no key: the same key now works for an affordable amount
        svc.assertKeyUnused(pod, "t004-1");
    }

    @Test
    void t004OnAnEmptyWalletForTransferWithdrawalAndSwap() {
        Pod pod = svc.newPod();
        assertProblem(transfer(pod, "0.01", "empty-1"), 402, "T004", "insufficient_funds");
        assertProblem(withdraw(pod, "1", IBAN, "Alice Example"), 402, "T004", "insufficient_funds");
        assertProblem(swap(pod, "5", quote(pod, "5")), 402, "T004", "insufficient_funds");
        svc.assertBalance(pod.walletId(), "EUR", "0.00", "0.00", "0.00");
    }

    // ---- T008 ----

    @Test
    void t008UnknownTransactionWalletAndRoutes() {
        String token = svc.userToken(svc.verifiedUser("reader"));
        assertProblem(svc.get("/v1/transactions/tx_doesnotexist", token), 404, "T008", "not_found");
        assertProblem(svc.get("/v1/transactions/" + "x".repeat(100), token), 404, "T008", "not_found");
        assertProblem(svc.get("/v1/wallets/no_such_wallet", token), 404, "T008", "not_found");
        assertProblem(svc.get("/nope", null), 404, "T008", "not_found");
        assertProblem(svc.get("/v2/transactions", null), 404, "T008", "not_found");
        assertProblem(svc.get("/v1/nope", token), 404, "T008", "not_found");
        assertProblem(svc.get("/v1/transactions/tx_1/extra", token), 404, "T008", "not_found");
        assertProblem(svc.get("/v1/transactions/", token), 404, "T008", "not_found");
        assertProblem(svc.send("POST", "/v1/fx/rates", token, "{}"), 404, "T008", "not_found");
        assertProblem(svc.put("/v1/users", svc.admin(), "{}"), 404, "T008", "not_found");
    }

    @Test
    void t007ListingAPodOneIsNotAMemberOf() {
        assertProblem(svc.get("/v1/transactions?pod_id=p1&limit=10", svc.userToken("reader")), 403, "T007", "not_a_member");
    }
}
