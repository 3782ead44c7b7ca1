package io.crowdpay.gateway.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TokenVerifier} on an {@code Authorization: Bearer} header, per accepted algorithm:
 * {@code verifySignature} is what a token the service has not seen costs (parse, the signature, every
 * claim), {@code verifyCached} what every later request with the same token costs (the header's
 * syntax, a lookup by the token's text, the expiry). Tokens are signed here, with nimbus for RS256 and
 * ES256 and the JDK for EdDSA, independently of the code measured; 256 distinct ones per trial, each
 * checked once at setup.
 *
 * <p>Lives in the verifier's package for {@code verifySignatureAndClaims}, the uncached path, which
 * {@code verify} hides behind its cache after the first call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
@State(Scope.Thread)
public class JwtBenchmark {

    private static final String ISSUER = "https://auth.bench.crowdpay.io";
    private static final String AUDIENCE = "crowdpay-api";
    private static final int DISTINCT = 256;

    @Param({"ES256", "EdDSA", "RS256"})
    String alg;

    private TokenVerifier verifier;
    private String[] tokens;
    private String[] headers;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("crowdpay-jmh-jwt-");
        Path jwks = dir.resolve("jwks.json");
        tokens = new String[DISTINCT];
        switch (alg) {
            case "ES256" -> {
                ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
                write(jwks, key);
                signWithNimbus(JWSAlgorithm.ES256, key.getKeyID(), new ECDSASigner(key));
            }
            case "RS256" -> {
                RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
                write(jwks, key);
                signWithNimbus(JWSAlgorithm.RS256, key.getKeyID(), new RSASSASigner(key));
            }
            case "EdDSA" -> {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] spki = pair.getPublic().getEncoded(); // 12-byte SPKI prefix, then the 32-byte key
                OctetKeyPair key = new OctetKeyPair.Builder(Curve.Ed25519,
                        Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length))).keyID("ed-1").build();
                write(jwks, key);
                Signature signer = Signature.getInstance("Ed25519");
                for (int i = 0; i < DISTINCT; i++) {
                    String input = b64("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"ed-1\"}") + "." + b64(claims(i).toString());
                    signer.initSign(pair.getPrivate());
                    signer.update(input.getBytes(StandardCharsets.US_ASCII));
                    tokens[i] = input + "." + Base64URL.encode(signer.sign());
                }
            }
            default -> throw new IllegalArgumentException(alg);
        }
        verifier = TokenVerifier.fromJwksFile(jwks, ISSUER, AUDIENCE);
        headers = new String[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            headers[i] = "Bearer " + tokens[i];
            Principal p = verifier.verify(headers[i]); // proves the token good, and fills the cache
            if (!p.subject().equals("usr_" + i)) {
                throw new IllegalStateException("token " + i + " verified as " + p.subject());
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Fills {@link #tokens} with tokens signed by nimbus (RS256, ES256). */
    private void signWithNimbus(JWSAlgorithm alg, String kid, JWSSigner signer) throws Exception {
        JWSHeader header = new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
        for (int i = 0; i < DISTINCT; i++) {
            SignedJWT jwt = new SignedJWT(header, claims(i));
            jwt.sign(signer);
            tokens[i] = jwt.serialize();
        }
    }

    private static JWTClaimsSet claims(int i) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("usr_" + i)
                .claim("scope", "transactions:read transactions:write").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3_600))).build();
    }

    private static void write(Path jwks, JWK key) throws Exception {
        Files.writeString(jwks, new JWKSet(List.of(key.toPublicJWK())).toString(true));
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A token not seen before: parse, signature, claims. */
    @Benchmark
    public JWTClaimsSet verifySignature() throws AuthFailure {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return verifier.verifySignatureAndClaims(tokens[i]);
    }

    /** The same token again, as every later request of a client: the verified-token cache. */
    @Benchmark
    public Principal verifyCached() throws AuthFailure {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return verifier.verify(headers[i]);
    }
}
