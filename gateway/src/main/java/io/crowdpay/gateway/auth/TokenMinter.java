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
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Signs JWTs with a private JWK file, for development and tests (the dev key of {@link DevKeys}, or any
 * key whose public part is in the verifier's JWKS). Production tokens come from the identity provider.
 */
public final class TokenMinter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenMinter() {
    }

    /**
     * Signs a JWT with the private JWK at signingKeyPath (EC P-256 -> ES256, RSA -> RS256, OKP Ed25519 ->
     * EdDSA). Header: alg, typ JWT and the key's kid when it has one. Claims: iss, aud, sub, scope (space
     * separated, left out when there is no scope), iat (now, whole seconds), nbf = iat, exp = iat + ttl,
     * jti random.
     *
     * @throws IOException if the file cannot be read, is not a private JWK, or is a key type/curve that
     *     cannot sign one of the three algorithms
     * @throws IllegalArgumentException for an empty issuer, audience or subject, a scope that is empty or
     *     contains whitespace, or a ttl under one second
     */
    public static String mint(Path signingKeyPath, String issuer, String audience, String subject, Collection<String> scopes,
            Duration ttl) throws IOException {
        return mint(signingKeyPath, issuer, audience, subject, scopes, ttl, Instant.now());
    }

    /** As the public one, with the issue time given (tests make tokens that are already expired this way). */
    static String mint(Path signingKeyPath, String issuer, String audience, String subject, Collection<String> scopes,
            Duration ttl, Instant issuedAt) throws IOException {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        requireText(subject, "subject");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least one second, not " + ttl);
        }
        Set<String> scopeSet = new LinkedHashSet<>();
        for (String scope : Objects.requireNonNull(scopes, "scopes")) {
            if (scope == null || scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a scope must be a non-empty word without whitespace: '" + scope + "'");
            }
            scopeSet.add(scope);
        }
        JWK key = readPrivateJwk(signingKeyPath);
        Instant iat = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat))
                .expirationTime(Date.from(iat.plusSeconds(ttl.getSeconds())))
                .jwtID(randomId());
        if (!scopeSet.isEmpty()) {
            claims.claim("scope", String.join(" ", scopeSet));
        }
        try {
            return sign(key, claims.build());
        } catch (JOSEException | RuntimeException e) {
            throw new IOException(signingKeyPath + ": cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Signs any claims set with a private JWK: the algorithm follows the key (ES256, RS256 or EdDSA). */
    static String sign(JWK key, JWTClaimsSet claims) throws JOSEException {
        JWSAlgorithm alg;
        JWSSigner signer;
        if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            alg = JWSAlgorithm.ES256;
            signer = new ECDSASigner(ec);
        } else if (key instanceof RSAKey rsa) {
            alg = JWSAlgorithm.RS256;
            signer = new RSASSASigner(rsa);
        } else if (key instanceof OctetKeyPair okp && Ed25519.isEd25519(okp)) {
            alg = JWSAlgorithm.EdDSA;
            if (okp.getD() == null) {
                throw new JOSEException("the Ed25519 JWK has no private part (d)");
            }
            try {
                signer = new Ed25519.Signer(Ed25519.privateKey(okp.getDecodedD()));
            } catch (GeneralSecurityException e) {
                throw new JOSEException("bad Ed25519 private key: " + e.getMessage(), e);
            }
        } else {
            throw new JOSEException("only EC P-256, RSA and OKP Ed25519 keys can sign, not " + key.getKeyType()
                    + (key instanceof ECKey ec ? " " + ec.getCurve() : key instanceof OctetKeyPair okp ? " " + okp.getCurve() : ""));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Reads a JWK file that must hold a private key. */
    static JWK readPrivateJwk(Path file) throws IOException {
        JWK jwk;
        try {
            jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException(file + ": not a valid JWK: " + e.getMessage(), e);
        }
        if (!jwk.isPrivate()) {
            throw new IOException(file + ": the JWK has no private part, it cannot sign");
        }
        return jwk;
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
