package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.IBAN;
import static io.crowdpay.gateway.http.TestService.READ;
import static io.crowdpay.gateway.http.TestService.WRITE;
import static io.crowdpay.gateway.http.TestService.assertProblem;
import static io.crowdpay.gateway.http.TestService.errorFields;
import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.crowdpay.gateway.http.TestService.Pod;
import io.crowdpay.gateway.http.TestService.Resp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input changes nothing and gets a clear error. Each case runs against its own pod holding
 * 100.00 EUR; afterwards the balance is unchanged and the idempotency key it used is still free (a
 * valid request with it creates a fresh transaction rather than replaying or conflicting).
 */
class BadInputHttpTest extends SharedServiceTest {

    /** A valid transfer with one part replaced; %1$s is the pod id and %2$s the beneficiary wallet. */
    private static String transferWith(String amount, String extra) {
        return "{'type':'TRANSFER','pod_id':'%1$s','amount':" + amount + ",'beneficiary_wallet_id':'%2$s'" + extra + "}";
    }

    private static String value(String v) {
        return transferWith("{'currency':'EUR','value':'" + v + "'}", "");
    }

    private static final String VALID = transferWith("{'currency':'EUR','value':'5.00'}", "");
    private static final String PAYOUT = "{'type':'WITHDRAWAL','pod_id':'%1$s','amount':{'currency':'EUR','value':'5.00'},'payout':";

    private static String metadata(int keys) {
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            kv.add("'k" + i + "':'v'");
        }
        return transferWith("{'currency':'EUR','value':'5.00'}", ",'metadata':{" + String.join(",", kv) + "}");
    }

    /** name, body template, field expected in errors[] (null: no field, e.g. malformed JSON). */
    static Stream<Arguments> badBodies() {
        String deep = "[".repeat(40) + "]".repeat(40);
        return Stream.of(
                Arguments.of("malformed JSON", "{'type':'TRANSFER','pod_id':'%1$s',", null),
                Arguments.of("not JSON", "hello", null),
                Arguments.of("empty body", "", null),
                Arguments.of("JSON array", "[1,2]", null),
                Arguments.of("JSON null", "null", null),
                Arguments.of("trailing garbage", VALID + " x", null),
                Arguments.of("a second object", VALID + "{}", null),
                Arguments.of("duplicate top-level key", "{'type':'TRANSFER','type':'TOP_UP','pod_id':'%1$s',"
                        + "'amount':{'currency':'EUR','value':'5.00'},'beneficiary_wallet_id':'%2$s'}", null),
                Arguments.of("duplicate key in amount", transferWith("{'currency':'EUR','value':'5.00','value':'500.00'}", ""), null),
                Arguments.of("nesting too deep", transferWith("{'currency':'EUR','value':'5.00'}", ",'metadata':{'a':" + deep + "}"), null),
                Arguments.of("unknown top-level field", transferWith("{'currency':'EUR','value':'5.00'}", ",'fee':'1.00'"), "fee"),
                Arguments.of("unknown field in amount", transferWith("{'currency':'EUR','value':'5.00','scale':2}", ""), "amount.scale"),
                Arguments.of("unknown field in payout", PAYOUT + "{'iban':'" + IBAN + "','name':'A B','swift':'X'}}", "payout.swift"),
                Arguments.of("unknown field in funding_source", "{'type':'TOP_UP','pod_id':'%1$s','amount':{'currency':'EUR','value':'5'},"
                        + "'funding_source':{'type':'CARD','reference':'c1','cvv':'123'}}", "funding_source.cvv"),
                Arguments.of("amount.value as a JSON number", transferWith("{'currency':'EUR','value':5.00}", ""), "amount.value"),
                Arguments.of("amount.value as a JSON integer", transferWith("{'currency':'EUR','value':5}", ""), "amount.value"),
                Arguments.of("amount as a string", transferWith("'5.00 EUR'", ""), "amount"),
                Arguments.of("amount missing", "{'type':'TRANSFER','pod_id':'%1$s','beneficiary_wallet_id':'%2$s'}", "amount"),
                Arguments.of("type as a number", "{'type':1,'pod_id':'%1$s','amount':{'currency':'EUR','value':'5'},'beneficiary_wallet_id':'%2$s'}", "type"),
                Arguments.of("unknown type", "{'type':'PAYMENT','pod_id':'%1$s','amount':{'currency':'EUR','value':'5'},'beneficiary_wallet_id':'%2$s'}", "type"),
                Arguments.of("type null", "{'type':null,'pod_id':'%1$s','amount':{'currency':'EUR','value':'5'},'beneficiary_wallet_id':'%2$s'}", "type"),
                Arguments.of("metadata as an array", transferWith("{'currency':'EUR','value':'5.00'}", ",'metadata':['a']"), "metadata"),
                Arguments.of("metadata value not a string", transferWith("{'currency':'EUR','value':'5.00'}", ",'metadata':{'n':1}"), "metadata.n"),
                Arguments.of("metadata with 21 keys", metadata(21), "metadata"),
                Arguments.of("metadata key of 41 characters", transferWith("{'currency':'EUR','value':'5.00'}",
                        ",'metadata':{'" + "k".repeat(41) + "':'v'}"), "metadata." + "k".repeat(41)),
                Arguments.of("metadata value of 501 characters", transferWith("{'currency':'EUR','value':'5.00'}",
                        ",'metadata':{'k':'" + "v".repeat(501) + "'}"), "metadata.k"),
                Arguments.of("description of 501 characters", transferWith("{'currency':'EUR','value':'5.00'}",
                        ",'description':'" + "d".repeat(501) + "'"), "description"),
                Arguments.of("13 integer digits", value("9999999999999"), "amount.value"),
                Arguments.of("10^12", value("1000000000000"), "amount.value"),
                Arguments.of("beyond a long", value("92233720368547758.07"), "amount.value"),
                Arguments.of("far beyond a long", value("9".repeat(39)), "amount.value"),
                Arguments.of("three decimals for EUR", value("1.001"), "amount.value"),
                Arguments.of("trailing zero past the minor unit", value("1.000"), "amount.value"),
                Arguments.of("decimals for JPY", transferWith("{'currency':'JPY','value':'1.5'}", ""), "amount.value"),
                Arguments.of("zero", value("0"), "amount.value"),
                Arguments.of("zero with decimals", value("0.00"), "amount.value"),
                Arguments.of("negative", value("-5.00"), "amount.value"),
                Arguments.of("plus sign", value("+5.00"), "amount.value"),
                Arguments.of("exponent", value("1e3"), "amount.value"),
                Arguments.of("upper-case exponent", value("5E2"), "amount.value"),
                Arguments.of("thousands separator", value("1,000.00"), "amount.value"),
                Arguments.of("leading space", value(" 5"), "amount.value"),
                Arguments.of("no integer part", value(".5"), "amount.value"),
                Arguments.of("dangling dot", value("5."), "amount.value"),
                Arguments.of("empty value", value(""), "amount.value"),
                Arguments.of("hex", value("0x10"), "amount.value"),
                Arguments.of("full-width digits", value("\uFF15"), "amount.value"),
                Arguments.of("NaN", value("NaN"), "amount.value"),
                Arguments.of("unknown currency", transferWith("{'currency':'XYZ','value':'5.00'}", ""), "amount.currency"),
                Arguments.of("lower-case currency", transferWith("{'currency':'eur','value':'5.00'}", ""), "amount.currency"),
                Arguments.of("four-letter currency", transferWith("{'currency':'EURO','value':'5.00'}", ""), "amount.currency"),
                Arguments.of("invalid IBAN checksum", PAYOUT + "{'iban':'DE44 5001 0517 5407 3249 32','name':'A B'}}", "payout.iban"),
                Arguments.of("not an IBAN", PAYOUT + "{'iban':'NOT-AN-IBAN','name':'A B'}}", "payout.iban"),
                Arguments.of("bad BIC", PAYOUT + "{'iban':'" + IBAN + "','name':'A B','bic':'COBA1EFF'}}", "payout.bic"),
                Arguments.of("lower-case BIC", PAYOUT + "{'iban':'" + IBAN + "','name':'A B','bic':'cobadeff'}}", "payout.bic"),
                Arguments.of("payout missing", "{'type':'WITHDRAWAL','pod_id':'%1$s','amount':{'currency':'EUR','value':'5.00'}}", "payout"),
                Arguments.of("a field of another type", transferWith("{'currency':'EUR','value':'5.00'}", ",'payout':{'iban':'" + IBAN + "','name':'A'}"),
                        "payout"),
                Arguments.of("beneficiary id with bad characters", "{'type':'TRANSFER','pod_id':'%1$s','amount':{'currency':'EUR','value':'5'},"
                        + "'beneficiary_wallet_id':'../etc/passwd'}", "beneficiary_wallet_id"),
                Arguments.of("pod id of 65 characters", "{'type':'TOP_UP','pod_id':'" + "p".repeat(65) + "','amount':{'currency':'EUR','value':'5'}}",
                        "pod_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedAndChangesNothing(String name, String template, String field) {
        Pod pod = svc.fundedPod("100.00");
        String key = svc.uid("bad");
        String body = String.format(template, pod.id(), pod.beneficiaryWallet()).replace('\'', '"');
        JsonNode p = assertProblem(svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", key), 422, "T001", "invalid_request");
        if (field != null) {
            assertThat(errorFields(p)).as(name).contains(field);
        }
        nothingChanged(pod, key);
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("no key at all", VALID, new String[0]),
                Arguments.of("header and body keys differ", transferWith("{'currency':'EUR','value':'5.00'}", ",'idempotency_key':'other-key'"),
                        new String[] {"Idempotency-Key", "KEY"}),
                Arguments.of("header key of 256 characters", VALID, new String[] {"Idempotency-Key", "k".repeat(256)}),
                Arguments.of("body key of 256 characters", transferWith("{'currency':'EUR','value':'5.00'}", ",'idempotency_key':'" + "k".repeat(256) + "'"),
                        new String[0]),
                Arguments.of("key with a space", VALID, new String[] {"Idempotency-Key", "a b"}),
                Arguments.of("empty body key", transferWith("{'currency':'EUR','value':'5.00'}", ",'idempotency_key':''"), new String[0]),
                Arguments.of("key as a number", transferWith("{'currency':'EUR','value':'5.00'}", ",'idempotency_key':42"), new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void aBadIdempotencyKeyIsRefusedAndChangesNothing(String name, String template, String[] headers) {
        Pod pod = svc.fundedPod("100.00");
        String key = svc.uid("key");
        String body = String.format(template, pod.id(), pod.beneficiaryWallet()).replace('\'', '"');
        String[] h = headers.clone();
        for (int i = 0; i < h.length; i++) {
            h[i] = h[i].equals("KEY") ? key : h[i];
        }
        JsonNode p = assertProblem(svc.post("/v1/transactions", pod.ownerToken(), body, h), 422, "T001", "invalid_request");
        assertThat(errorFields(p)).as(name).contains("idempotency_key");
        nothingChanged(pod, key);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAndChangesNothing() {
        Pod pod = svc.fundedPod("100.00");
        byte[] body = String.format(VALID.replace("5.00", "5.00\u0001"), pod.id(), pod.beneficiaryWallet()).replace('\'', '"')
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] latin1 = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            latin1[i] = body[i] == 1 ? (byte) 0xE9 : body[i]; // a lone Latin-1 e-acute: invalid UTF-8
        }
        Resp r = svc.send(java.net.http.HttpRequest.newBuilder(svc.uri("/v1/transactions")).header("Authorization", "Bearer " + pod.ownerToken())
                .header("Content-Type", "application/json").header("Idempotency-Key", "latin1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(latin1)).build());
        assertProblem(r, 422, "T001", "invalid_request");
        nothingChanged(pod, "latin1");
    }

    @Test
    void anOverLongCorrelationIdIsRefusedAndChangesNothing() {
        Pod pod = svc.fundedPod("100.00");
        String body = String.format(VALID, pod.id(), pod.beneficiaryWallet()).replace('\'', '"');
        JsonNode p = assertProblem(svc.post("/v1/transactions", pod.ownerToken(), body, "Idempotency-Key", "corr-1", "X-Correlation-Id", "c".repeat(129)),
                422, "T001", "invalid_request");
        assertThat(errorFields(p)).contains("X-Correlation-Id");
        nothingChanged(pod, "corr-1");
    }

    static Stream<Arguments> badTokens() throws Exception {
        return Stream.of(Arguments.of("forged: a valid JWT signed by another EC key", "invalid_signature"),
                Arguments.of("expired", "expired_token"),
                Arguments.of("alg none", "unsupported_algorithm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsRefusedAndChangesNothing(String name, String reason) throws Exception {
        Pod pod = svc.fundedPod("100.00");
        String token = switch (reason) {
            case "invalid_signature" -> {
                String devKid = JWK.parse(Files.readString(svc.signingKey())).getKeyID();
                ECKey forger = new ECKeyGenerator(Curve.P_256).keyID(devKid).generate();
                yield TestService.sign(forger, TestService.claims(pod.owner(), Instant.now(), Duration.ofHours(1), READ + " " + WRITE).build());
            }
            case "expired_token" -> svc.signedWithDevKey(TestService.claims(pod.owner(), Instant.now().minus(Duration.ofHours(3)),
                    Duration.ofHours(1), READ + " " + WRITE).build());
            default -> {
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                String claims = j("{'iss':'%s','aud':'%s','sub':'%s','scope':'transactions:read transactions:write','exp':%d}", TestService.ISSUER,
                        TestService.AUDIENCE, pod.owner(), Instant.now().plusSeconds(3600).getEpochSecond());
                yield b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
            }
        };
        String key = svc.uid("tok");
        String body = String.format(VALID, pod.id(), pod.beneficiaryWallet()).replace('\'', '"');
        assertProblem(svc.post("/v1/transactions", token, body, "Idempotency-Key", key), 401, "T006", reason);
        nothingChanged(pod, key);
    }

    @Test
    void aBadUserUpdateChangesNothing() {
        Pod pod = svc.fundedPod("100.00");
        Resp tierAsString = svc.put("/v1/users/" + pod.owner(), svc.admin(), j("{'kyc_status':'REJECTED','kyc_tier':'1'}"));
        assertThat(errorFields(assertProblem(tierAsString, 422, "T001", "invalid_request"))).containsExactly("kyc_tier");
        Resp tierTooHigh = svc.put("/v1/users/" + pod.owner(), svc.admin(), j("{'kyc_status':'REJECTED','kyc_tier':3}"));
        assertThat(errorFields(assertProblem(tierTooHigh, 422, "T001", "invalid_request"))).containsExactly("kyc_tier");
        Resp tierFraction = svc.put("/v1/users/" + pod.owner(), svc.admin(), j("{'kyc_status':'REJECTED','kyc_tier':1.5}"));
        assertThat(errorFields(assertProblem(tierFraction, 422, "T001", "invalid_request"))).containsExactly("kyc_tier");
        Resp badStatus = svc.put("/v1/users/" + pod.owner(), svc.admin(), j("{'kyc_status':'DONE','kyc_tier':1}"));
        assertThat(errorFields(assertProblem(badStatus, 422, "T001", "invalid_request"))).containsExactly("kyc_status");
        Resp unknown = svc.put("/v1/users/" + pod.owner(), svc.admin(), j("{'kyc_status':'REJECTED','kyc_tier':1,'email':'x@y'}"));
        assertThat(errorFields(assertProblem(unknown, 422, "T001", "invalid_request"))).containsExactly("email");
        Resp badId = svc.put("/v1/users/bad.id", svc.admin(), j("{'kyc_status':'REJECTED','kyc_tier':1}"));
        assertThat(errorFields(assertProblem(badId, 422, "T001", "invalid_request"))).containsExactly("user_id");
        // still VERIFIED at tier 2: 2000.00 is above tier 1's per-transaction limit, and it is accepted
        Resp topUp = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR','value':'2000.00'}}",
                pod.id()), "Idempotency-Key", "after-bad-user");
        assertThat(topUp.status()).as(topUp.body()).isEqualTo(202);
    }

    @Test
    void aBadPodUpdateChangesNothing() {
        Pod pod = svc.fundedPod("100.00");
        String path = "/v1/pods/" + pod.id();
        Resp membersNotArray = svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR'],'members':'%s'}", pod.owner()));
        assertThat(errorFields(assertProblem(membersNotArray, 422, "T001", "invalid_request"))).containsExactly("members");
        Resp badRole = svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR'],'members':[{'user_id':'%s','role':'KING'}]}", pod.owner()));
        assertThat(errorFields(assertProblem(badRole, 422, "T001", "invalid_request"))).containsExactly("members[0].role");
        Resp memberNotObject = svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR'],'members':['%s']}", pod.owner()));
        assertThat(errorFields(assertProblem(memberNotObject, 422, "T001", "invalid_request"))).containsExactly("members[0]");
        Resp currenciesNotArray = svc.put(path, svc.admin(), j("{'name':'renamed','currencies':'EUR','members':[{'user_id':'%s','role':'OWNER'}]}",
                pod.owner()));
        assertThat(errorFields(assertProblem(currenciesNotArray, 422, "T001", "invalid_request"))).containsExactly("currencies");
        Resp badCurrency = svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR','XYZ'],'members':[{'user_id':'%s','role':'OWNER'}]}",
                pod.owner()));
        assertThat(errorFields(assertProblem(badCurrency, 422, "T001", "invalid_request"))).containsExactly("currencies[1]");
        Resp blankName = svc.put(path, svc.admin(), j("{'name':'  ','currencies':['EUR'],'members':[{'user_id':'%s','role':'OWNER'}]}", pod.owner()));
        assertThat(errorFields(assertProblem(blankName, 422, "T001", "invalid_request"))).containsExactly("name");
        // engine rules: no OWNER, a user twice, dropping a currency that holds money
        String other = svc.verifiedUser("other");
        assertProblem(svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR','USD'],'members':[{'user_id':'%s','role':'MEMBER'}]}",
                pod.owner())), 422, "T001", "invalid_request");
        assertProblem(svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['EUR','USD'],'members':[{'user_id':'%s','role':'OWNER'},"
                + "{'user_id':'%s','role':'MEMBER'},{'user_id':'%s','role':'VIEWER'}]}", pod.owner(), other, other)), 422, "T001", "invalid_request");
        assertProblem(svc.put(path, svc.admin(), j("{'name':'renamed','currencies':['USD'],'members':[{'user_id':'%s','role':'OWNER'}]}",
                pod.owner())), 422, "T001", "invalid_request");

        // the pod is as it was: both currencies, the owner still its OWNER, the other user still an outsider
        Resp wallet = svc.get("/v1/wallets/" + pod.walletId(), pod.ownerToken());
        assertThat(wallet.status()).isEqualTo(200);
        assertThat(wallet.json().get("balances")).hasSize(2);
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
        assertProblem(svc.get("/v1/wallets/" + pod.walletId(), svc.userToken(other)), 403, "T007", "not_a_member");
        Resp swapQuote = svc.post("/v1/fx/quotes", pod.ownerToken(), j("{'pod_id':'%s','sell':{'currency':'EUR','value':'1'},'buy_currency':'USD'}",
                pod.id()));
        assertThat(swapQuote.status()).as("the owner keeps the OWNER role: %s", swapQuote.body()).isEqualTo(201);
    }

    @Test
    void aBadWalletRequestChangesNothing() {
        Pod pod = svc.fundedPod("100.00");
        Resp podPrefix = svc.put("/v1/wallets/pw_" + pod.id(), svc.admin(), j("{'owner_user_id':'%s','currencies':['EUR']}", pod.owner()));
        assertProblem(podPrefix, 422, "T001", "invalid_request");
        Resp badOwner = svc.put("/v1/wallets/" + pod.beneficiaryWallet(), svc.admin(), j("{'owner_user_id':'no spaces','currencies':['EUR']}"));
        assertThat(errorFields(assertProblem(badOwner, 422, "T001", "invalid_request"))).containsExactly("owner_user_id");
        Resp badPathId = svc.get("/v1/wallets/bad!id", svc.admin());
        assertThat(errorFields(assertProblem(badPathId, 422, "T001", "invalid_request"))).containsExactly("wallet_id");
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
        Resp wallet = svc.get("/v1/wallets/" + pod.walletId(), svc.admin());
        assertThat(wallet.json().get("owner").get("type").asText()).isEqualTo("POD");
    }

    /** The pod still holds exactly 100.00 EUR with nothing held, and the key is still free. */
    private static void nothingChanged(Pod pod, String key) {
        svc.assertBalance(pod.walletId(), "EUR", "100.00", "0.00", "100.00");
        svc.assertBalance(pod.beneficiaryWallet(), "EUR", "0.00", "0.00", "0.00");
        svc.assertKeyUnused(pod, key);
    }
}
