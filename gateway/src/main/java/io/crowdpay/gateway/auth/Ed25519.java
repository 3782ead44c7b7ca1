package io.crowdpay.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA over Ed25519 (RFC 8037) with the JDK's own provider. Nimbus only does Ed25519 through Google Tink,
 * which this project does not ship, so the JWK's raw key bytes are wrapped into the standard DER
 * encodings the JDK's {@code KeyFactory("Ed25519")} reads.
 */
final class Ed25519 {

    /** SubjectPublicKeyInfo { AlgorithmIdentifier { id-Ed25519 }, BIT STRING (32 bytes) }: prefix to the raw x. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** PKCS#8 v1 PrivateKeyInfo { 0, { id-Ed25519 }, OCTET STRING { OCTET STRING (32 bytes) } }: prefix to the raw d. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    private static final String JCA_NAME = "Ed25519";

    private Ed25519() {
    }

    /** True for an OKP JWK on the Ed25519 curve (X25519 and Ed448 are not Ed25519 signature keys). */
    static boolean isEd25519(OctetKeyPair jwk) {
        return Curve.Ed25519.equals(jwk.getCurve());
    }

    static PublicKey publicKey(byte[] x) throws GeneralSecurityException {
        if (x == null || x.length != KEY_BYTES) {
            throw new InvalidKeyException("an Ed25519 public key has " + KEY_BYTES + " bytes");
        }
        return KeyFactory.getInstance(JCA_NAME).generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, x)));
    }

    static PrivateKey privateKey(byte[] d) throws GeneralSecurityException {
        if (d == null || d.length != KEY_BYTES) {
            throw new InvalidKeyException("an Ed25519 private key has " + KEY_BYTES + " bytes");
        }
        byte[] der = concat(PKCS8_PREFIX, d);
        try {
            return KeyFactory.getInstance(JCA_NAME).generatePrivate(new PKCS8EncodedKeySpec(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The raw 32-byte x of a JDK Ed25519 public key (the tail of its X.509 encoding). */
    static byte[] rawPublicKey(PublicKey key) throws InvalidKeyException {
        byte[] der = key.getEncoded();
        if (der == null || der.length != X509_PREFIX.length + KEY_BYTES
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new InvalidKeyException("not an X.509 encoded Ed25519 public key");
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    private static byte[] concat(byte[] prefix, byte[] tail) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + tail.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }

    /** What the verifier and the signer share: the one algorithm, and Nimbus's JCA context. */
    private abstract static class EdDsaProvider implements com.nimbusds.jose.JWSProvider {

        private final JCAContext jca = new JCAContext();

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /**
     * Verifies {@code EdDSA} JWS signatures with one Ed25519 public key. Thread-safe: a fresh
     * {@link Signature} per call (they are cheap; the key object is immutable).
     */
    static final class Verifier extends EdDsaProvider implements JWSVerifier {

        private final PublicKey key;

        Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return false;
            }
            // We understand no critical header extension, so a token that lists one must not verify
            // (RFC 7515 section 4.1.11); nimbus's own verifiers behave the same.
            if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
                return false;
            }
            byte[] sig = signature == null ? null : signature.decode();
            if (sig == null || sig.length != SIGNATURE_BYTES) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance(JCA_NAME);
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(sig);
            } catch (SignatureException e) {
                return false; // malformed signature bytes: not a valid signature
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 verification unavailable: " + e.getMessage(), e);
            }
        }
    }

    /** Signs {@code EdDSA} JWS objects with one Ed25519 private key. */
    static final class Signer extends EdDsaProvider implements JWSSigner {

        private final PrivateKey key;

        Signer(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 keys sign only EdDSA, not " + header.getAlgorithm());
            }
            try {
                Signature signer = Signature.getInstance(JCA_NAME);
                signer.initSign(key);
                signer.update(signingInput);
                return Base64URL.encode(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }
    }
}
