package io.crowdpay.gateway.auth;

import static io.crowdpay.gateway.auth.TestKeys.AUDIENCE;
import static io.crowdpay.gateway.auth.TestKeys.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of verified tokens never outlives a token, and never accepts an altered one. */
class VerifiedTokenCacheTest {

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void givenCachedToken_whenItExpires_thenItIsRefusedAsExpired() throws Exception {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        ManualClock clock = new ManualClock(issued);
        ECKey key = TestKeys.ec("k1");
        TokenVerifier verifier = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("jwks.json"), key), ISSUER, AUDIENCE, clock);
        String header = "Bearer " + TestKeys.sign(key, TestKeys.claims(issued).build()); // exp = issued + 600 s

        assertThat(verifier.verify(header).subject()).isEqualTo("u1");
        clock.now = issued.plusSeconds(600 + 29);
        assertThat(verifier.verify(header).subject()).as("cached, within the skew").isEqualTo("u1");

        clock.now = issued.plusSeconds(600 + 30);
        assertThatThrownBy(() -> verifier.verify(header)).isInstanceOf(AuthFailure.class)
                .extracting(e -> ((AuthFailure) e).reason()).isEqualTo("expired_token");
    }

    @Test
    void givenCachedToken_whenItsSignatureIsAltered_thenTheAlteredTokenIsVerifiedAndRefused() throws Exception {
        Instant now = Instant.now();
        ECKey key = TestKeys.ec("k1");
        TokenVerifier verifier = TokenVerifier.fromJwksFile(TestKeys.jwks(dir.resolve("jwks.json"), key), ISSUER, AUDIENCE,
                new ManualClock(now));
        String token = TestKeys.sign(key, TestKeys.claims(now).build());
        verifier.verify("Bearer " + token);

        char last = token.charAt(token.length() - 2);
        String altered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThatThrownBy(() -> verifier.verify("Bearer " + altered)).isInstanceOf(AuthFailure.class)
                .extracting(e -> ((AuthFailure) e).reason()).isEqualTo("invalid_signature");
    }
}
