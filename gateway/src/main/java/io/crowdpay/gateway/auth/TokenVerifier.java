package io.crowdpay.gateway.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers against the public keys of a JWKS file.
 *
 * <p>Accepted: compact JWS tokens signed with RS256 (RSA of 2048 bits or more), ES256 (P-256) or EdDSA
 * (Ed25519) by a key of the JWKS; the header's {@code kid} selects the key when present (an unknown kid is
 * refused, never answered by trying the other keys), otherwise every key of the JWKS made for the token's
 * {@code alg} is tried. Refused: unsecured tokens ({@code alg: none}), HMAC ({@code HS256}...) and every
 * other algorithm, whatever the JWKS holds (symmetric {@code oct} keys in it are ignored); encrypted tokens
 * (JWE); tokens listing critical header extensions. Claims: {@code iss} must equal the configured issuer,
 * {@code aud} must contain the configured audience, {@code exp} is required, {@code nbf} is checked when
 * present, {@code sub} is required (it is the acting user); {@code scope}, when present, must be a
 * space-separated string.
 *
 * <p>Thread-safe and allocation-light: the JWKS is read, converted to JDK keys and verifiers once at
 * construction; {@link #verify} only parses the token and checks it. Nimbus does RS256/ES256; EdDSA is done
 * with the JDK's Ed25519 provider (see {@link Ed25519}), plugged into nimbus's processor through the
 * verifier factory.
 */
public final class TokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    /** Longest token accepted, in characters of the compact serialization (8 KiB); real ones are under 2 KiB. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;

    /**
     * Clock skew tolerated between the token issuer's clock and ours: a token is still accepted up to 30 s
     * after its {@code exp}, and already accepted up to 30 s before its {@code nbf}. Enough for hosts kept in
     * sync by NTP, too little to matter for the lifetime of a token.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern SCOPE_SEPARATOR = Pattern.compile("\\s+");
    private static final String BEARER = "Bearer";

    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * Tokens already verified, by the exact text of the Authorization header that carried them, until
     * they expire. A client sends the same token with many requests, and checking its signature every
     * time (about 0.65 ms for ES256 here) capped an authenticated call at ~2,000/s on two cores. The
     * key holds the whole token, signature included, so an altered or forged token is never a hit;
     * expiry is checked on every hit. Bounded: the table is cleared when it holds
     * {@link #VERIFIED_ENTRIES_MAX} entries, which costs one re-verification each.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    static final int VERIFIED_ENTRIES_MAX = 100_000;

    private record Verified(Principal principal, java.time.Instant until) {
    }
    private final List<VerificationKey> keys;
    private final DefaultJWTProcessor<SecurityContext> processor;

    /** One usable public key of the JWKS, bound to the single algorithm it verifies. */
    private record VerificationKey(String kid, JWSAlgorithm alg, PublicKey key, JWSVerifier verifier) {
    }

    private TokenVerifier(String issuer, String audience, Clock clock, List<VerificationKey> keys) {
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.keys = List.copyOf(keys);
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier((type, context) -> checkType(type));
        p.setJWSKeySelector(new KeySelector());
        p.setJWSVerifierFactory(new VerifierFactory());
        p.setJWTClaimsSetVerifier((claims, context) -> checkClaims(claims));
        this.processor = p;
    }

    /**
     * Reads the public keys of a JWKS file ({@code {"keys": [...]}}). Keys that cannot verify an accepted
     * algorithm (symmetric {@code oct} keys, other curves, RSA under 2048 bits, {@code use} other than
     * {@code sig}, an {@code alg} other than RS256/ES256/EdDSA) are skipped with a warning; private parts, if
     * the file has any, are ignored.
     *
     * @throws IOException if the file cannot be read, is not a JWK set, holds a broken key, or holds no
     *     usable key at all
     */
    public static TokenVerifier fromJwksFile(Path jwksJson, String issuer, String audience) throws IOException {
        return fromJwksFile(jwksJson, issuer, audience, Clock.systemUTC());
    }

    /** As {@link #fromJwksFile(Path, String, String)}, with the clock that exp and nbf are checked against. */
    static TokenVerifier fromJwksFile(Path jwksJson, String issuer, String audience, Clock clock) throws IOException {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        Objects.requireNonNull(clock, "clock");
        JWKSet set;
        try {
            set = JWKSet.parse(Files.readString(jwksJson, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException(jwksJson + ": not a valid JWK set: " + e.getMessage(), e);
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            try {
                VerificationKey key = verificationKey(jwk, jwksJson);
                if (key != null) {
                    keys.add(key);
                }
            } catch (JOSEException | GeneralSecurityException e) {
                throw new IOException(jwksJson + ": unusable key " + describe(jwk) + ": " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(jwksJson + ": no RS256, ES256 or EdDSA (Ed25519) signature verification key");
        }
        return new TokenVerifier(issuer, audience, clock, keys);
    }

    /**
     * Checks the value of an {@code Authorization} header: exactly the {@code Bearer} scheme (the word in
     * any case), one space, then the token.
     *
     * @param authorizationHeaderValue the raw header value, or null when the request has none
     * @return the authenticated caller
     * @throws AuthFailure for any refusal; {@link AuthFailure#reason()} says why. Never throws anything else
     *     for bad input.
     */
    public Principal verify(String authorizationHeaderValue) throws AuthFailure {
        // Cached by the header's exact text, which holds the token: a hit costs no copy of the
        // token (~0.7 KB per request), and a header that passed every check once passes them again.
        Verified hit = authorizationHeaderValue == null ? null : verified.get(authorizationHeaderValue);
        if (hit != null) {
            if (clock.instant().isBefore(hit.until())) {
                return hit.principal();
            }
            // Expired since it was cached: verify again, which refuses it with the right reason.
            verified.remove(authorizationHeaderValue);
        }
        String token = bearerToken(authorizationHeaderValue);
        JWTClaimsSet claims = verifySignatureAndClaims(token);
        Principal principal = new Principal(claims.getSubject(), scopes(claims));
        if (verified.size() >= VERIFIED_ENTRIES_MAX) {
            verified.clear();
        }
        verified.put(authorizationHeaderValue, new Verified(principal, claims.getExpirationTime().toInstant().plus(CLOCK_SKEW)));
        return principal;
    }

    /**
     * What {@link #verify} does for a token it has not seen: parse, check the signature and the claims.
     * Package-private for the JMH benchmark of that path ({@code JwtBenchmark}), which a cache hit hides.
     */
    JWTClaimsSet verifySignatureAndClaims(String token) throws AuthFailure {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (Refused e) {
            throw new AuthFailure(e.reason, e.getMessage());
        } catch (UnknownKey e) {
            throw new AuthFailure("unknown_key", e.getMessage());
        } catch (BadJWSException e) {
            throw new AuthFailure("invalid_signature", "token signature does not verify");
        } catch (BadJWTException e) {
            throw new AuthFailure("malformed_token", "token payload is not a valid JWT claims set");
        } catch (BadJOSEException e) {
            throw new AuthFailure("malformed_token", "token refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new AuthFailure("invalid_signature", "token signature could not be verified");
        } catch (RuntimeException e) {
            LOG.debug("token refused on an unexpected error", e);
            throw new AuthFailure("malformed_token", "token could not be processed");
        }
        return claims;
    }

    @Override
    public String toString() {
        List<String> described = keys.stream().map(k -> k.alg() + (k.kid() == null ? "" : " kid=" + k.kid())).toList();
        return "TokenVerifier[issuer=" + issuer + ", audience=" + audience + ", keys=" + described + "]";
    }

    // ---- header and token structure ----

    private static String bearerToken(String header) throws AuthFailure {
        if (header == null || header.isBlank()) {
            throw new AuthFailure("missing_token", "no Authorization header; send Authorization: Bearer <token>");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase(BEARER)) {
            throw new AuthFailure("missing_token", "the Authorization header does not use the Bearer scheme");
        }
        int length = space < 0 ? 0 : header.length() - space - 1;
        if (length == 0) {
            throw new AuthFailure("missing_token", "the Bearer token is empty");
        }
        if (length > MAX_TOKEN_CHARS) {
            throw new AuthFailure("malformed_token", "token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        return header.substring(space + 1);
    }

    private static SignedJWT parse(String token) throws AuthFailure {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0 || !base64UrlAndDots(token)) {
            throw new AuthFailure("malformed_token", "token is not a compact JWS (base64url header.payload.signature)");
        }
        Base64URL header = new Base64URL(token.substring(0, first));
        String signature = token.substring(second + 1);
        SignedJWT jwt;
        try {
            jwt = new SignedJWT(header, new Base64URL(token.substring(first + 1, second)), new Base64URL(signature));
        } catch (ParseException | RuntimeException e) {
            // Nimbus refuses alg "none" (and JWE algorithms) as "not a JWS header", and an empty signature as
            // unparseable: tell those apart from real garbage, to answer them precisely.
            Algorithm alg = headerAlgorithm(header);
            if (alg != null && !ACCEPTED.contains(alg)) {
                throw new AuthFailure("unsupported_algorithm", Algorithm.NONE.equals(alg)
                        ? "unsecured (alg none) tokens are refused; sign with RS256, ES256 or EdDSA"
                        : "only RS256, ES256 and EdDSA signatures are accepted");
            }
            if (alg != null && signature.isEmpty()) {
                throw new AuthFailure("invalid_signature", "token has no signature");
            }
            throw new AuthFailure("malformed_token", "token header or payload is not valid JOSE JSON");
        }
        JWSHeader jws = jwt.getHeader();
        if (!ACCEPTED.contains(jws.getAlgorithm())) {
            throw new AuthFailure("unsupported_algorithm", "only RS256, ES256 and EdDSA signatures are accepted");
        }
        if (jws.getCriticalParams() != null && !jws.getCriticalParams().isEmpty()) {
            throw new AuthFailure("malformed_token", "critical header extensions (crit) are not supported");
        }
        return jwt;
    }

    /** The alg of a JOSE header, or null if the header is not JSON with an alg. */
    private static Algorithm headerAlgorithm(Base64URL header) {
        try {
            return Header.parseAlgorithm(JSONObjectUtils.parse(header.decodeToString()));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static boolean base64UrlAndDots(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ---- checks run by the nimbus processor ----

    private static void checkType(JOSEObjectType type) throws Refused {
        if (type == null) {
            return;
        }
        String t = type.getType().toLowerCase(Locale.ROOT);
        if (t.startsWith("application/")) {
            t = t.substring("application/".length());
        }
        if (!t.equals("jwt") && !t.equals("at+jwt")) {
            throw new Refused("malformed_token", "token typ must be JWT (or at+jwt)");
        }
    }

    private void checkClaims(JWTClaimsSet claims) throws Refused {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Refused("malformed_token", "token has no exp claim; every token must expire");
        }
        if (!now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new Refused("expired_token", "token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new Refused("token_not_yet_valid", "token is not valid before " + nbf.toInstant());
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Refused("wrong_issuer", "token was not issued by the accepted issuer");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new Refused("wrong_audience", "token audience does not include this service");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new Refused("missing_subject", "token has no sub claim");
        }
        Object scope = claims.getClaim("scope");
        if (scope != null && !(scope instanceof String)) {
            throw new Refused("malformed_token", "the scope claim must be a space-separated string");
        }
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        if (!(claims.getClaim("scope") instanceof String scope) || scope.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : SCOPE_SEPARATOR.split(scope.strip())) {
            out.add(s);
        }
        return out;
    }

    /** Picks the JWKS keys for the token's alg, narrowed to its kid when it has one. */
    private final class KeySelector implements JWSKeySelector<SecurityContext> {
        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSAlgorithm alg = header.getAlgorithm();
            String kid = header.getKeyID();
            List<PublicKey> out = new ArrayList<>(2);
            for (VerificationKey k : keys) {
                if (k.alg().equals(alg) && (kid == null || kid.equals(k.kid()))) {
                    out.add(k.key());
                }
            }
            if (out.isEmpty()) {
                throw new UnknownKey(kid == null ? "no key in the JWKS for " + alg + " tokens"
                        : "no " + alg + " key with this kid in the JWKS");
            }
            return out;
        }
    }

    /** Hands out the verifiers built once per key at load time (EdDSA ones are the JDK-backed {@link Ed25519.Verifier}). */
    private final class VerifierFactory implements JWSVerifierFactory {
        private final JCAContext jca = new JCAContext();

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ACCEPTED;
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            for (VerificationKey k : keys) {
                if (k.key() == key && k.alg().equals(header.getAlgorithm())) {
                    return k.verifier();
                }
            }
            throw new JOSEException("no verifier for " + header.getAlgorithm() + " with this key");
        }
    }

    /** A claims or header refusal, carried through nimbus's processor with its reason. */
    private static final class Refused extends BadJWTException {
        final String reason;

        Refused(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    /** No key of the JWKS matches the token's kid and alg. */
    private static final class UnknownKey extends KeySourceException {
        UnknownKey(String detail) {
            super(detail);
        }
    }

    // ---- JWKS loading ----

    private static VerificationKey verificationKey(JWK jwk, Path file) throws JOSEException, GeneralSecurityException {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return skip(file, jwk, "its use is not sig");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return skip(file, jwk, "its key_ops do not include verify");
        }
        if (jwk.getKeyRevocation() != null) {
            return skip(file, jwk, "it is revoked");
        }
        if (jwk instanceof OctetSequenceKey) {
            return skip(file, jwk, "symmetric (oct) keys are never used: HMAC tokens are refused");
        }
        if (jwk.isPrivate()) {
            LOG.warn("{}: key {} includes private key material; only its public part is used. A JWKS should hold public keys only.",
                    file, describe(jwk));
        }
        Algorithm declared = jwk.getAlgorithm();
        if (jwk instanceof RSAKey rsa) {
            if (declared != null && !JWSAlgorithm.RS256.equals(declared)) {
                return skip(file, jwk, "its alg is not RS256");
            }
            if (rsa.size() < MIN_RSA_BITS) {
                return skip(file, jwk, "RSA keys under " + MIN_RSA_BITS + " bits are too weak");
            }
            var pub = rsa.toRSAPublicKey();
            return new VerificationKey(jwk.getKeyID(), JWSAlgorithm.RS256, pub, new RSASSAVerifier(pub));
        }
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                return skip(file, jwk, "only the P-256 curve (ES256) is accepted");
            }
            if (declared != null && !JWSAlgorithm.ES256.equals(declared)) {
                return skip(file, jwk, "its alg is not ES256");
            }
            var pub = ec.toECPublicKey();
            return new VerificationKey(jwk.getKeyID(), JWSAlgorithm.ES256, pub, new ECDSAVerifier(pub));
        }
        if (jwk instanceof OctetKeyPair okp) {
            if (!Ed25519.isEd25519(okp)) {
                return skip(file, jwk, "only the Ed25519 curve (EdDSA) is accepted");
            }
            if (declared != null && !JWSAlgorithm.EdDSA.equals(declared) && !JWSAlgorithm.Ed25519.equals(declared)) {
                return skip(file, jwk, "its alg is not EdDSA");
            }
            PublicKey pub = Ed25519.publicKey(okp.getDecodedX());
            return new VerificationKey(jwk.getKeyID(), JWSAlgorithm.EdDSA, pub, new Ed25519.Verifier(pub));
        }
        return skip(file, jwk, "its key type is not supported");
    }

    private static VerificationKey skip(Path file, JWK jwk, String why) {
        LOG.warn("{}: ignoring key {}: {}", file, describe(jwk), why);
        return null;
    }

    private static String describe(JWK jwk) {
        return jwk.getKeyType() + (jwk.getKeyID() == null ? " (no kid)" : " kid=" + jwk.getKeyID());
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
