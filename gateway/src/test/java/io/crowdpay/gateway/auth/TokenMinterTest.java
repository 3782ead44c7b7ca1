package io.crowdpay.gateway.auth;

import static io.crowdpay.gateway.auth.TestKeys.AUDIENCE;
import static io.crowdpay.gateway.auth.TestKeys.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMinterTest {

    @TempDir
    Path dir;

    private Path key;

    @BeforeEach
    void devKey() throws IOException {
        DevKeys.ensure(dir);
        key = DevKeys.signingKeyPath(dir);
    }

    @Test
    void claimsAndHeader() throws Exception {
        Instant at = Instant.parse("2030-05-06T07:08:09.750Z");

        SignedJWT jwt = SignedJWT.parse(TokenMinter.mint(key, ISSUER, AUDIENCE, "u7",
                List.of(Principal.READ, Principal.WRITE, Principal.READ), Duration.ofMinutes(15), at));

        ECKey signing = (ECKey) TokenMinter.readPrivateJwk(key);
        assertThat(jwt.verify(new ECDSAVerifier(signing.toECPublicKey()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(signing.getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo(ISSUER);
        assertThat(c.getAudience()).containsExactly(AUDIENCE);
        assertThat(c.getSubject()).isEqualTo("u7");
        assertThat(c.getClaim("scope")).isEqualTo("transactions:read transactions:write");
        assertThat(c.getIssueTime().toInstant()).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
        assertThat(c.getNotBeforeTime()).isEqualTo(c.getIssueTime());
        assertThat(c.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2030-05-06T07:23:09Z"));
        assertThat(c.getJWTID()).isNotBlank();
    }

    @Test
    void jtiIsRandom() throws Exception {
        String a = TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of(), Duration.ofMinutes(1));
        String b = TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of(), Duration.ofMinutes(1));
        assertThat(SignedJWT.parse(a).getJWTClaimsSet().getJWTID()).isNotEqualTo(SignedJWT.parse(b).getJWTClaimsSet().getJWTID());
    }

    @Test
    void noScopeMeansNoScopeClaim() throws Exception {
        String token = TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of(), Duration.ofMinutes(1));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims()).doesNotContainKey("scope");
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of("a b"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of(""), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(key, ISSUER, AUDIENCE, "u", List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(key, ISSUER, AUDIENCE, " ", List.of(), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyFileProblemsAreIoErrors() throws Exception {
        Path publicOnly = Files.writeString(dir.resolve("public.jwk"), TestKeys.ec("p").toPublicJWK().toJSONString());
        Path p384 = Files.writeString(dir.resolve("p384.jwk"), new ECKeyGenerator(Curve.P_384).generate().toJSONString());
        Path junk = Files.writeString(dir.resolve("junk.jwk"), "{");

        for (Path p : List.of(publicOnly, p384, junk, dir.resolve("absent.jwk"))) {
            assertThatThrownBy(() -> TokenMinter.mint(p, ISSUER, AUDIENCE, "u", List.of(), Duration.ofMinutes(1)))
                    .as(p.toString()).isInstanceOf(IOException.class);
        }
    }
}
