package io.crowdpay.gateway.auth;

import com.nimbusds.jose.JOSEException;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/** Keys and hand-made tokens for the auth tests, built with nimbus and the JDK rather than the code under test. */
final class TestKeys {

    static final String ISSUER = "https://auth.test.crowdpay.io";
    static final String AUDIENCE = "crowdpay-api";

    private static RSAKey rsa;

    private TestKeys() {
    }

    /** One RSA key per test run: 2048-bit generation is slow. */
    static synchronized RSAKey rsa() throws JOSEException {
        if (rsa == null) {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        }
        return rsa;
    }

    static ECKey ec(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    /** An Ed25519 key pair made by the JDK, turned into an OKP JWK by hand (RFC 8037). */
    static OctetKeyPair ed25519(String kid) throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();   // 302a300506032b6570032100 || x
        byte[] pkcs8 = pair.getPrivate().getEncoded(); // 302e020100300506032b657004220420 || d
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] d = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        OctetKeyPair.Builder b = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d));
        if (kid != null) {
            b.keyID(kid);
        }
        return b.build();
    }

    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("u1")
                .claim("scope", Principal.WRITE + " " + Principal.READ)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    static JWTClaimsSet.Builder claims() {
        return claims(Instant.now());
    }

    /** Signs with nimbus (ES256 / RS256); kid as given (null: none). */
    static String sign(JWK key, String kid, JWTClaimsSet claims) throws JOSEException {
        JWSAlgorithm alg;
        JWSSigner signer;
        if (key instanceof ECKey ec) {
            alg = JWSAlgorithm.ES256;
            signer = new ECDSASigner(ec);
        } else if (key instanceof RSAKey r) {
            alg = JWSAlgorithm.RS256;
            signer = new RSASSASigner(r);
        } else {
            throw new IllegalArgumentException("use signEd25519 for " + key.getKeyType());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String sign(JWK key, JWTClaimsSet claims) throws JOSEException {
        return sign(key, key.getKeyID(), claims);
    }

    /** Signs an EdDSA JWS directly with the JDK's Ed25519, independently of the code under test. */
    static String signEd25519(OctetKeyPair key, String kid, JWTClaimsSet claims) throws GeneralSecurityException {
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
        String signingInput = b64(header) + "." + b64(claims.toString());
        byte[] pkcs8 = new byte[48];
        System.arraycopy(HexFormat.of().parseHex("302e020100300506032b657004220420"), 0, pkcs8, 0, 16);
        System.arraycopy(key.getDecodedD(), 0, pkcs8, 16, 32);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64URL.encode(s.sign());
    }

    static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Writes the public parts of the keys as a JWKS file. */
    static Path jwks(Path file, JWK... keys) {
        List<JWK> publics = Arrays.stream(keys).map(JWK::toPublicJWK).toList();
        return write(file, new JWKSet(publics).toString(false));
    }

    static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
