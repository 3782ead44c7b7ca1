package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.ADMIN;
import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.READ;
import static io.crowdpay.gateway.http.TestService.WRITE;
import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.crowdpay.gateway.auth.TokenMinter;
import io.crowdpay.gateway.http.TestService.Pod;
import io.crowdpay.gateway.http.TestService.Resp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** T006 (who is calling) and T007 (what they may do) over the wire. */
class AuthHttpTest extends SharedServiceTest {

    static Pod pod;

    @BeforeAll
    static void fundPod() throws Exception {
        pod = svc.fundedPod("100.00");
    }

    private static String walletPath() {
        return "/v1/wallets/" + pod.walletId();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Resp withAuthorization(String value) {
        return svc.send(java.net.http.HttpRequest.newBuilder(svc.uri(walletPath())).header("Authorization", value).GET().build());
    }

    // ---- T006 ----

    @Test
    void t006MissingToken() {
        assertProblem(svc.get(walletPath(), null), 401, "T006", "missing_token");
        assertProblem(svc.post("/v1/transactions", null, "{}"), 401, "T006", "missing_token");
        assertProblem(withAuthorization("Basic dXNlcjpwYXNz"), 401, "T006", "missing_token");
    }

    @Test
    void t006GarbageToken() {
        assertProblem(svc.get(walletPath(), "not-a-jwt"), 401, "T006", "malformed_token");
        assertProblem(svc.get(walletPath(), "a.b.c"), 401, "T006", "malformed_token");
        assertProblem(svc.get(walletPath(), "abc$.def.ghi"), 401, "T006", "malformed_token");
        assertProblem(withAuthorization("Bearer"), 401, "T006", "missing_token");
    }

    @Test
    void t006ExpiredToken() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        String expired = svc.signedWithDevKey(TestService.claims(pod.owner(), issued, Duration.ofHours(1), READ + " " + WRITE).build());
        assertProblem(svc.get(walletPath(), expired), 401, "T006", "expired_token");
    }

    @Test
    void t006NotYetValidToken() throws Exception {
        Instant issued = Instant.now().plus(Duration.ofHours(1));
        String early = svc.signedWithDevKey(TestService.claims(pod.owner(), issued, Duration.ofHours(1), READ).build());
        assertProblem(svc.get(walletPath(), early), 401, "T006", "token_not_yet_valid");
    }

    @Test
    void t006WrongAudienceAndWrongIssuer() throws Exception {
        String otherAudience = TokenMinter.mint(svc.signingKey(), TestService.ISSUER, "another-service", pod.owner(), List.of(READ), Duration.ofHours(1));
        assertProblem(svc.get(walletPath(), otherAudience), 401, "T006", "wrong_audience");
        String otherIssuer = TokenMinter.mint(svc.signingKey(), "someone-else", TestService.AUDIENCE, pod.owner(), List.of(READ), Duration.ofHours(1));
        assertProblem(svc.get(walletPath(), otherIssuer), 401, "T006", "wrong_issuer");
    }

    @Test
    void t006AlgNoneIsRefused() {
        String claims = j("{'iss':'%s','aud':'%s','sub':'%s','scope':'transactions:read','exp':%d}", TestService.ISSUER, TestService.AUDIENCE,
                pod.owner(), Instant.now().plusSeconds(3600).getEpochSecond());
        assertProblem(svc.get(walletPath(), b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + "."), 401, "T006", "unsupported_algorithm");
    }

    @Test
    void t006HmacTokenIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                TestService.claims(pod.owner(), Instant.now(), Duration.ofHours(1), READ).build());
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        assertProblem(svc.get(walletPath(), jwt.serialize()), 401, "T006", "unsupported_algorithm");
    }

    @Test
    void t006TokenSignedByAnotherKey() throws Exception {
        String devKid = JWK.parse(Files.readString(svc.signingKey())).getKeyID();
        var claims = TestService.claims(pod.owner(), Instant.now(), Duration.ofHours(1), READ + " " + WRITE).build();
        ECKey impostorSameKid = new ECKeyGenerator(Curve.P_256).keyID(devKid).generate();
        assertProblem(svc.get(walletPath(), TestService.sign(impostorSameKid, claims)), 401, "T006", "invalid_signature");
        ECKey impostorNoKid = new ECKeyGenerator(Curve.P_256).generate();
        assertProblem(svc.get(walletPath(), TestService.sign(impostorNoKid, claims)), 401, "T006", "invalid_signature");
        ECKey impostorOwnKid = new ECKeyGenerator(Curve.P_256).keyID("impostor").generate();
        assertProblem(svc.get(walletPath(), TestService.sign(impostorOwnKid, claims)), 401, "T006", "unknown_key");
    }

    @Test
    void t006ComesBeforeRoutingUnderV1() {
        assertProblem(svc.get("/v1/no_such_resource", null), 401, "T006", "missing_token");
    }

    @Test
    void aSubjectThatIsNoValidUserIdIsRefusedNotAnInternalError() {
        // Regression: a sub over 128 characters used to reach `new UserId(...)` and end as 500 T005.
        assertProblem(svc.get(walletPath(), svc.userToken("u".repeat(200))), 401, "T006", "invalid_subject");
        assertProblem(svc.get(walletPath(), svc.userToken("u".repeat(65))), 401, "T006", "invalid_subject");
        assertProblem(svc.get(walletPath(), svc.userToken("alice smith")), 401, "T006", "invalid_subject");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertThat(withAuthorization("bearer " + pod.ownerToken()).status()).isEqualTo(200);
        assertThat(withAuthorization("BEARER " + pod.ownerToken()).status()).isEqualTo(200);
    }

    // ---- T007: scopes ----

    @Test
    void t007ReadsNeedTransactionsReadOrAdmin() {
        String writeOnly = svc.token(pod.owner(), WRITE);
        assertProblem(svc.get(walletPath(), writeOnly), 403, "T007", "insufficient_scope");
        assertProblem(svc.get("/v1/transactions/tx_whatever", writeOnly), 403, "T007", "insufficient_scope");
        // admin implies read
        assertThat(svc.get(walletPath(), svc.token("ops-reader", ADMIN)).status()).isEqualTo(200);
    }

    @Test
    void t007ReferenceDataNeedsAdmin() {
        String user = svc.token(pod.owner(), READ, WRITE);
        assertProblem(svc.put("/v1/users/" + pod.owner(), user, j("{'kyc_status':'VERIFIED','kyc_tier':2}")), 403, "T007", "insufficient_scope");
        assertProblem(svc.put("/v1/pods/" + pod.id(), user, j("{'name':'mine','currencies':['EUR'],'members':[{'user_id':'%s','role':'OWNER'}]}",
                pod.owner())), 403, "T007", "insufficient_scope");
        assertProblem(svc.put("/v1/wallets/" + svc.uid("w"), user, j("{'owner_user_id':'%s','currencies':['EUR']}", pod.owner())),
                403, "T007", "insufficient_scope");
    }

    @Test
    void t007CommandsNeedTransactionsWrite() {
        String body = j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}", pod.id());
        assertProblem(svc.post("/v1/transactions", svc.token(pod.owner(), READ), body, "Idempotency-Key", "sc-1"), 403, "T007", "insufficient_scope");
        // admin does not imply write
        assertProblem(svc.post("/v1/transactions", svc.token(pod.owner(), ADMIN), body, "Idempotency-Key", "sc-2"), 403, "T007", "insufficient_scope");
        assertProblem(svc.post("/v1/fx/quotes", svc.token(pod.owner(), READ),
                j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}", pod.id())), 403, "T007", "insufficient_scope");
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
    }

    // ---- T007: pod membership and roles ----

    @Test
    void t007NotAMember() {
        String outsider = svc.verifiedUser("outsider");
        String token = svc.userToken(outsider);
        assertProblem(svc.post("/v1/transactions", token, j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "nm-1"), 403, "T007", "not_a_member");
        assertProblem(svc.post("/v1/fx/quotes", token, j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}", pod.id())),
                403, "T007", "not_a_member");
        assertProblem(svc.get(walletPath(), token), 403, "T007", "not_a_member");
        assertProblem(svc.get("/v1/wallets/" + pod.beneficiaryWallet(), token), 403, "T007", "not_a_member");
        String tx = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", svc.uid("nm")).json().get("transaction_id").asText();
        assertProblem(svc.get("/v1/transactions/" + tx, token), 403, "T007", "not_a_member");
    }

    @Test
    void t007RoleNotAllowed() {
        Pod p = svc.fundedPod("100.00");
        String viewer = svc.verifiedUser("viewer");
        String member = svc.verifiedUser("member");
        svc.pod(p.id(), List.of("EUR", "USD"), p.owner(), "OWNER", viewer, "VIEWER", member, "MEMBER");
        String v = svc.userToken(viewer);
        String m = svc.userToken(member);

        assertProblem(svc.post("/v1/transactions", v, j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}", p.id()),
                "Idempotency-Key", "r-1"), 403, "T007", "role_not_allowed");
        assertProblem(svc.post("/v1/transactions", v, j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", p.id(), p.beneficiaryWallet()), "Idempotency-Key", "r-2"), 403, "T007", "role_not_allowed");
        assertProblem(svc.post("/v1/transactions", m, j("{'type':'WITHDRAWAL','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'payout':{'iban':'%s','name':'Member'}}", p.id(), IBAN), "Idempotency-Key", "r-3"), 403, "T007", "role_not_allowed");
        assertProblem(svc.post("/v1/fx/quotes", m, j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}", p.id())),
                403, "T007", "role_not_allowed");
        String q = svc.post("/v1/fx/quotes", p.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}", p.id()))
                .json().get("quote_id").asText();
        assertProblem(svc.post("/v1/transactions", m, j("{'type':'FX_SWAP','pod_id':'%s','amount':{'currency':'EUR','value':'1'},'fx_quote_id':'%s'}",
                p.id(), q), "Idempotency-Key", "r-4"), 403, "T007", "role_not_allowed");
        // paying out of someone else's personal wallet
        assertProblem(svc.post("/v1/transactions", m, j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s','source_wallet_id':'%s'}", p.id(), pod.beneficiaryWallet(), p.beneficiaryWallet()),
                "Idempotency-Key", "r-5"), 403, "T007", "role_not_allowed");
        svc.assertBalance(p.walletId(), "EUR", "100.00", "0.00", "100.00");

        // what a MEMBER may do, and a VIEWER may read
        Resp transfer = svc.post("/v1/transactions", m, j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1'},"
                + "'beneficiary_wallet_id':'%s'}", p.id(), p.beneficiaryWallet()), "Idempotency-Key", "r-6");
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(202);
        Resp topUp = svc.post("/v1/transactions", m, j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'1'}}", p.id()),
                "Idempotency-Key", "r-7");
        assertThat(topUp.status()).as(topUp.body()).isEqualTo(202);
        JsonNode read = svc.get("/v1/transactions/" + transfer.json().get("transaction_id").asText(), svc.token(viewer, READ)).json();
        assertThat(read.get("status").asText()).isEqualTo("SETTLED");
    }
}
