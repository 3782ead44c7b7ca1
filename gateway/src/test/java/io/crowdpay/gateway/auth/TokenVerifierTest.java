package io.crowdpay.gateway.auth;

import static io.crowdpay.gateway.auth.TestKeys.AUDIENCE;
import static io.crowdpay.gateway.auth.TestKeys.ISSUER;
import static io.crowdpay.gateway.auth.TestKeys.b64;
import static io.crowdpay.gateway.auth.TestKeys.claims;
import static io.crowdpay.gateway.auth.TestKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    @TempDir
    Path dir;

    private Path keys;
    private ECKey devKey;
    private TokenVerifier verifier;

    @BeforeEach
    void devKeys() throws Exception {
        keys = dir.resolve("keys");
        DevKeys.ensure(keys);
        devKey = (ECKey) TokenMinter.readPrivateJwk(DevKeys.signingKeyPath(keys));
        verifier = TokenVerifier.fromJwksFile(DevKeys.jwksPath(keys), ISSUER, AUDIENCE);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private void assertRefused(String header, String reason) {
        assertThatThrownBy(() -> verifier.verify(header))
                .isInstanceOfSatisfying(AuthFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    private static void assertRefused(TokenVerifier v, String header, String reason) {
        assertThatThrownBy(() -> v.verify(header))
                .isInstanceOfSatisfying(AuthFailure.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    // ---- accepted ----

    @Test
    void mintedEs256TokenVerifiesToItsPrincipal() throws Exception {
        String token = TokenMinter.mint(DevKeys.signingKeyPath(keys), ISSUER, AUDIENCE, "alice",
                List.of(Principal.WRITE, Principal.READ), Duration.ofMinutes(5));
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);

        Principal p = verifier.verify(bearer(token));

        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.scopes()).containsExactlyInAnyOrder(Principal.WRITE, Principal.READ);
        assertThat(p.has(Principal.WRITE)).isTrue();
        assertThat(p.isAdmin()).isFalse();
    }

    @Test
    void adminScopeAndNoScope() throws Exception {
        Path key = DevKeys.signingKeyPath(keys);
        Principal admin = verifier.verify(bearer(TokenMinter.mint(key, ISSUER, AUDIENCE, "ops", List.of(Principal.ADMIN), Duration.ofMinutes(1))));
        Principal none = verifier.verify(bearer(TokenMinter.mint(key, ISSUER, AUDIENCE, "bob", List.of(), Duration.ofMinutes(1))));

        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.has(Principal.READ)).isFalse();
        assertThat(none.scopes()).isEmpty();
    }

    @Test
    void schemeWordIsCaseInsensitive() throws Exception {
        String token = sign(devKey, claims().build());
        assertThat(verifier.verify("bearer " + token).subject()).isEqualTo("u1");
        assertThat(verifier.verify("BEARER " + token).subject()).isEqualTo("u1");
    }

    @Test
    void tokenWithoutKidTriesTheKeysOfItsAlgorithm() throws Exception {
        ECKey other = TestKeys.ec("other");
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("two.json"), other, devKey), ISSUER, AUDIENCE);

        assertThat(v.verify(bearer(sign(devKey, null, claims().build()))).subject()).isEqualTo("u1");
        assertThat(v.verify(bearer(sign(other, null, claims().build()))).subject()).isEqualTo("u1");
    }

    @Test
    void rs256TokenVerifiesWhenItsKeyIsInTheJwks() throws Exception {
        RSAKey rsa = TestKeys.rsa();
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("rsa.json"), devKey, rsa), ISSUER, AUDIENCE);

        String token = sign(rsa, claims().subject("carol").claim("scope", Principal.READ).build());

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        Principal p = v.verify(bearer(token));
        assertThat(p.subject()).isEqualTo("carol");
        assertThat(p.scopes()).containsExactly(Principal.READ);
        // and the dev ES256 key still works next to it
        assertThat(v.verify(bearer(sign(devKey, claims().build()))).subject()).isEqualTo("u1");
    }

    @Test
    void rs256MintedFromAnRsaJwkFile() throws Exception {
        RSAKey rsa = TestKeys.rsa();
        Path keyFile = TestKeys.write(dir.resolve("rsa.jwk"), rsa.toJSONString());
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("rsa.json"), rsa), ISSUER, AUDIENCE);

        String token = TokenMinter.mint(keyFile, ISSUER, AUDIENCE, "dave", List.of(Principal.ADMIN), Duration.ofMinutes(1));

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(v.verify(bearer(token)).isAdmin()).isTrue();
    }

    @Test
    void eddsaTokenSignedByTheJdkVerifies() throws Exception {
        OctetKeyPair ed = TestKeys.ed25519("ed-1");
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("ed.json"), devKey, ed), ISSUER, AUDIENCE);

        Principal withKid = v.verify(bearer(TestKeys.signEd25519(ed, "ed-1", claims().subject("erin").build())));
        Principal withoutKid = v.verify(bearer(TestKeys.signEd25519(ed, null, claims().subject("erin").build())));

        assertThat(withKid.subject()).isEqualTo("erin");
        assertThat(withKid.scopes()).containsExactlyInAnyOrder(Principal.WRITE, Principal.READ);
        assertThat(withoutKid.subject()).isEqualTo("erin");
    }

    @Test
    void eddsaMintedFromAnOkpJwkFileVerifies() throws Exception {
        OctetKeyPair ed = TestKeys.ed25519("ed-2");
        Path keyFile = TestKeys.write(dir.resolve("ed.jwk"), ed.toJSONString());
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("ed.json"), ed), ISSUER, AUDIENCE);

        String token = TokenMinter.mint(keyFile, ISSUER, AUDIENCE, "frank", List.of(Principal.WRITE), Duration.ofMinutes(1));

        SignedJWT parsed = SignedJWT.parse(token);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("ed-2");
        assertThat(v.verify(bearer(token)).subject()).isEqualTo("frank");
    }

    @Test
    void audienceMayBeAListThatContainsOurs() throws Exception {
        String token = sign(devKey, claims().audience(List.of("other-api", AUDIENCE)).build());
        assertThat(verifier.verify(bearer(token)).subject()).isEqualTo("u1");
    }

    @Test
    void verifiesConcurrently() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(sign(devKey, claims().subject("user-" + i).build()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String token : tokens) {
                    results.add(pool.submit(() -> verifier.verify(bearer(token)).subject()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("user-" + (i % tokens.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- the Authorization header ----

    @Test
    void missingHeader() {
        assertRefused(null, "missing_token");
        assertRefused("", "missing_token");
        assertRefused("   ", "missing_token");
    }

    @Test
    void otherSchemeIsNoBearerToken() {
        assertRefused("Basic dXNlcjpwYXNzd29yZA==", "missing_token");
        assertRefused("Bearertoken", "missing_token");
        assertRefused("Bearer", "missing_token");
        assertRefused("Bearer ", "missing_token");
    }

    @Test
    void bearerMustBeFollowedByExactlyOneSpace() throws Exception {
        String token = sign(devKey, claims().build());
        assertRefused("Bearer  " + token, "malformed_token");
        assertRefused("Bearer\t" + token, "missing_token");
        assertRefused("Bearer " + token + " ", "malformed_token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b", "a.b.c.d", "a.b.c.d.e", "..", ".payload.sig", "header..sig",
            "not!base64.x.y", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1MSJ9.@@@", "bm90IGpzb24.bm90IGpzb24.c2ln"})
    void garbageIsMalformed(String token) {
        assertRefused(bearer(token), "malformed_token");
    }

    @Test
    void payloadThatIsNotAClaimsSetIsMalformed() throws Exception {
        String header = b64("{\"alg\":\"ES256\",\"kid\":\"" + devKey.getKeyID() + "\"}");
        assertRefused(bearer(header + "." + b64("[1,2,3]") + ".c2ln"), "malformed_token");
    }

    @Test
    void tokenOver8KiBIsMalformed() throws Exception {
        String padding = "x".repeat(7 * 1024); // base64 grows it past 9 KiB
        String token = sign(devKey, claims().claim("padding", padding).build());
        assertThat(token.length()).isGreaterThan(9 * 1024);
        assertRefused(bearer(token), "malformed_token");

        String garbage = "a".repeat(9 * 1024);
        assertRefused(bearer(garbage), "malformed_token");
    }

    @Test
    void tokenJustUnderTheLimitIsAccepted() throws Exception {
        String token = sign(devKey, claims().claim("padding", "x".repeat(5 * 1024)).build());
        assertThat(token.length()).isLessThanOrEqualTo(TokenVerifier.MAX_TOKEN_CHARS);
        assertThat(verifier.verify(bearer(token)).subject()).isEqualTo("u1");
    }

    // ---- algorithms ----

    @Test
    void unsecuredAlgNoneIsRefused() throws Exception {
        String payload = b64(claims().build().toString());
        assertRefused(bearer(b64("{\"alg\":\"none\"}") + "." + payload + "."), "unsupported_algorithm");
        assertRefused(bearer(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "."), "unsupported_algorithm");
        assertRefused(bearer(b64("{\"alg\":\"NONE\"}") + "." + payload + "."), "unsupported_algorithm");
        // with a signature segment pasted from a real token, still refused
        String real = sign(devKey, claims().build());
        assertRefused(bearer(b64("{\"alg\":\"none\"}") + "." + payload + "." + real.substring(real.lastIndexOf('.') + 1)),
                "unsupported_algorithm");
    }

    @Test
    void hmacIsRefusedEvenWhenTheJwksHasTheSecret() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Base64URL k = Base64URL.encode(secret);
        String jwks = "{\"keys\":[" + devKey.toPublicJWK().toJSONString() + ","
                + "{\"kty\":\"oct\",\"kid\":\"hmac-1\",\"alg\":\"HS256\",\"use\":\"sig\",\"k\":\"" + k + "\"}]}";
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.write(dir.resolve("oct.json"), jwks), ISSUER, AUDIENCE);

        for (String kid : new String[] {"hmac-1", null}) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims().build());
            jwt.sign(new MACSigner(secret));
            assertRefused(v, bearer(jwt.serialize()), "unsupported_algorithm");
        }
        // HMAC keyed with the dev key's public JWK (the classic RS/ES -> HS confusion) too
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(devKey.getKeyID()).build(), claims().build());
        confused.sign(new MACSigner(devKey.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertRefused(v, bearer(confused.serialize()), "unsupported_algorithm");
    }

    @Test
    void otherAlgorithmsAreRefused() throws Exception {
        String payload = b64(claims().build().toString());
        for (String alg : new String[] {"ES384", "PS256", "RS512", "ES256K", "Ed25519", "HS512", "es256", "RSA-OAEP", "dir"}) {
            assertRefused(bearer(b64("{\"alg\":\"" + alg + "\"}") + "." + payload + ".c2ln"), "unsupported_algorithm");
        }
    }

    @Test
    void criticalHeaderExtensionsAreRefused() throws Exception {
        String header = b64("{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}");
        assertRefused(bearer(header + "." + b64(claims().build().toString()) + ".c2ln"), "malformed_token");
    }

    @Test
    void foreignTypIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(devKey.getKeyID())
                .type(new JOSEObjectType("secevent+jwt")).build(), claims().build());
        jwt.sign(new ECDSASigner(devKey));
        assertRefused(bearer(jwt.serialize()), "malformed_token");
    }

    // ---- keys and signatures ----

    @Test
    void keyNotInTheJwksWithUnknownKidIsUnknownKey() throws Exception {
        ECKey stranger = TestKeys.ec("stranger");
        assertRefused(bearer(sign(stranger, claims().build())), "unknown_key");
    }

    @Test
    void keyNotInTheJwksWithoutKidFailsTheSignature() throws Exception {
        ECKey stranger = TestKeys.ec("stranger");
        assertRefused(bearer(sign(stranger, null, claims().build())), "invalid_signature");
    }

    @Test
    void keyNotInTheJwksClaimingTheDevKidFailsTheSignature() throws Exception {
        ECKey impostor = TestKeys.ec(devKey.getKeyID());
        assertRefused(bearer(sign(impostor, claims().build())), "invalid_signature");
    }

    @Test
    void algorithmWithoutAnyKeyInTheJwksIsUnknownKey() throws Exception {
        assertRefused(bearer(sign(TestKeys.rsa(), null, claims().build())), "unknown_key");
        OctetKeyPair ed = TestKeys.ed25519(null);
        assertRefused(bearer(TestKeys.signEd25519(ed, null, claims().build())), "unknown_key");
    }

    @Test
    void kidOfAKeyOfAnotherAlgorithmIsUnknownKey() throws Exception {
        // a header saying RS256 with the ES256 dev key's kid
        RSAKey rsa = TestKeys.rsa();
        assertRefused(bearer(sign(rsa, devKey.getKeyID(), claims().build())), "unknown_key");
    }

    @Test
    void tamperedPayloadFailsTheSignature() throws Exception {
        String token = sign(devKey, claims().subject("u1").build());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64(claims().subject("admin").claim("scope", Principal.ADMIN).build().toString()) + "." + parts[2];
        assertRefused(bearer(forged), "invalid_signature");
    }

    @Test
    void tamperedEddsaSignatureFails() throws Exception {
        OctetKeyPair ed = TestKeys.ed25519("ed-1");
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("ed.json"), ed), ISSUER, AUDIENCE);
        String token = TestKeys.signEd25519(ed, "ed-1", claims().build());
        byte[] sig = new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
        sig[10] ^= 1;
        String flipped = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(sig);
        String truncated = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(Arrays.copyOf(sig, 32));
        String forged = token.substring(0, token.indexOf('.') + 1) + b64(claims().subject("admin").build().toString())
                + token.substring(token.lastIndexOf('.'));

        assertRefused(v, bearer(flipped), "invalid_signature");
        assertRefused(v, bearer(truncated), "invalid_signature");
        assertRefused(v, bearer(forged), "invalid_signature");
        assertRefused(v, bearer(token.substring(0, token.lastIndexOf('.') + 1)), "invalid_signature");
    }

    @Test
    void tamperedRs256SignatureFails() throws Exception {
        RSAKey rsa = TestKeys.rsa();
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("rsa.json"), rsa), ISSUER, AUDIENCE);
        String token = sign(rsa, claims().build());
        String forged = token.substring(0, token.indexOf('.') + 1) + b64(claims().subject("admin").build().toString())
                + token.substring(token.lastIndexOf('.'));
        assertRefused(v, bearer(forged), "invalid_signature");
    }

    @Test
    void emptySignatureFails() throws Exception {
        String token = sign(devKey, claims().build());
        assertRefused(bearer(token.substring(0, token.lastIndexOf('.') + 1)), "invalid_signature");
    }

    // ---- claims ----

    @Test
    void expired() throws Exception {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        String token = sign(devKey, claims(anHourAgo.minusSeconds(600)).expirationTime(Date.from(anHourAgo)).build());
        assertRefused(bearer(token), "expired_token");

        String minted = TokenMinter.mint(DevKeys.signingKeyPath(keys), ISSUER, AUDIENCE, "u1", List.of(), Duration.ofMinutes(5),
                Instant.now().minus(Duration.ofHours(2)));
        assertRefused(bearer(minted), "expired_token");
    }

    @Test
    void notBeforeInTheFuture() throws Exception {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        String token = sign(devKey, claims().notBeforeTime(Date.from(inAnHour)).expirationTime(Date.from(inAnHour.plusSeconds(600))).build());
        assertRefused(bearer(token), "token_not_yet_valid");
    }

    @Test
    void thirtySecondsOfClockSkewAreTolerated() throws Exception {
        Instant now = Instant.parse("2030-01-01T12:00:00Z");
        TokenVerifier v = TokenVerifier.fromJwksFile(DevKeys.jwksPath(keys), ISSUER, AUDIENCE, Clock.fixed(now, ZoneOffset.UTC));
        JWTClaimsSet.Builder base = claims(now.minusSeconds(300));

        assertThat(v.verify(bearer(sign(devKey, base.expirationTime(Date.from(now.minusSeconds(20))).build())))).isNotNull();
        assertRefused(v, bearer(sign(devKey, base.expirationTime(Date.from(now.minusSeconds(40))).build())), "expired_token");
        assertRefused(v, bearer(sign(devKey, base.expirationTime(Date.from(now.minusSeconds(30))).build())), "expired_token");

        JWTClaimsSet.Builder fresh = claims(now).expirationTime(Date.from(now.plusSeconds(600)));
        assertThat(v.verify(bearer(sign(devKey, fresh.notBeforeTime(Date.from(now.plusSeconds(20))).build())))).isNotNull();
        assertThat(v.verify(bearer(sign(devKey, fresh.notBeforeTime(Date.from(now.plusSeconds(30))).build())))).isNotNull();
        assertRefused(v, bearer(sign(devKey, fresh.notBeforeTime(Date.from(now.plusSeconds(40))).build())), "token_not_yet_valid");
    }

    @Test
    void expIsRequired() throws Exception {
        assertRefused(bearer(sign(devKey, claims().expirationTime(null).build())), "malformed_token");
    }

    @Test
    void wrongIssuer() throws Exception {
        assertRefused(bearer(sign(devKey, claims().issuer("https://evil.example").build())), "wrong_issuer");
        assertRefused(bearer(sign(devKey, claims().issuer(null).build())), "wrong_issuer");
        assertRefused(bearer(sign(devKey, claims().issuer(ISSUER + "/").build())), "wrong_issuer");
    }

    @Test
    void wrongAudience() throws Exception {
        assertRefused(bearer(sign(devKey, claims().audience("other-api").build())), "wrong_audience");
        assertRefused(bearer(sign(devKey, claims().audience((String) null).build())), "wrong_audience");
        assertRefused(bearer(sign(devKey, claims().audience(List.of("a", "b")).build())), "wrong_audience");
    }

    @Test
    void missingSubject() throws Exception {
        assertRefused(bearer(sign(devKey, claims().subject(null).build())), "missing_subject");
        assertRefused(bearer(sign(devKey, claims().subject("  ").build())), "missing_subject");
    }

    @Test
    void scopeMustBeAString() throws Exception {
        assertRefused(bearer(sign(devKey, claims().claim("scope", List.of(Principal.ADMIN)).build())), "malformed_token");
    }

    @Test
    void wronglyTypedRegisteredClaimIsMalformed() throws Exception {
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"u1\",\"exp\":\"tomorrow\"}";
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(devKey.getKeyID()).build(), new Payload(payload));
        jws.sign(new ECDSASigner(devKey));
        assertRefused(bearer(jws.serialize()), "malformed_token");
    }

    // ---- loading the JWKS ----

    @Test
    void jwksThatIsNotJsonIsAnIoError() {
        Path bad = TestKeys.write(dir.resolve("bad.json"), "not json");
        assertThatThrownBy(() -> TokenVerifier.fromJwksFile(bad, ISSUER, AUDIENCE)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TokenVerifier.fromJwksFile(dir.resolve("absent.json"), ISSUER, AUDIENCE)).isInstanceOf(IOException.class);
    }

    @Test
    void jwksWithoutAnyUsableKeyIsAnIoError() throws Exception {
        Path onlyHmac = TestKeys.write(dir.resolve("oct.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}]}");
        Path empty = TestKeys.write(dir.resolve("empty.json"), "{\"keys\":[]}");
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        Path weakRsa = TestKeys.jwks(dir.resolve("weak.json"), weak);

        for (Path p : List.of(onlyHmac, empty, weakRsa)) {
            assertThatThrownBy(() -> TokenVerifier.fromJwksFile(p, ISSUER, AUDIENCE))
                    .isInstanceOf(IOException.class).hasMessageContaining("no RS256, ES256 or EdDSA");
        }
    }

    @Test
    void keysForOtherUsesAreIgnored() throws Exception {
        ECKey encryption = new ECKeyGenerator(Curve.P_256)
                .keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        TokenVerifier v = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("mixed.json"), devKey, encryption), ISSUER, AUDIENCE);
        assertRefused(v, bearer(sign(encryption, claims().build())), "unknown_key");
        assertThat(v.verify(bearer(sign(devKey, claims().build()))).subject()).isEqualTo("u1");
    }

    @Test
    void privatePartsInTheJwksAreNotNeeded() throws Exception {
        JWK[] both = {devKey};
        Path withPrivate = TestKeys.write(dir.resolve("private.json"), new JWKSet(List.of(both)).toString(false));
        TokenVerifier v = TokenVerifier.fromJwksFile(withPrivate, ISSUER, AUDIENCE);
        assertThat(v.verify(bearer(sign(devKey, claims().build()))).subject()).isEqualTo("u1");
    }

    @Test
    void issuerAndAudienceAreRequired() {
        Path jwks = DevKeys.jwksPath(keys);
        assertThatThrownBy(() -> TokenVerifier.fromJwksFile(jwks, "", AUDIENCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenVerifier.fromJwksFile(jwks, ISSUER, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
