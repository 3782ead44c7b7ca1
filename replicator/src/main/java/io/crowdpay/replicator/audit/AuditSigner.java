package io.crowdpay.replicator.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs batch roots with the auditor's Ed25519 private key. Ed25519 signatures are deterministic
 * (RFC 8032): the same root always gets the same signature, so re-sealing a batch after a crash
 * reproduces the stored row and publication exactly instead of conflicting with it.
 */
public final class AuditSigner {

    private final KeyPair keys;
    private final String keyId;

    public AuditSigner(KeyPair keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        // The JDK names every EdDSA key "EdDSA", so the curve is checked to keep Ed448 keys out.
        if (!(keys.getPrivate() instanceof EdECPrivateKey key) || !AuditKeys.ALGORITHM.equals(key.getParams().getName())) {
            throw new IllegalArgumentException("the audit signs with Ed25519, not " + keys.getPrivate().getAlgorithm());
        }
        this.keyId = AuditKeys.keyId(keys.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    /** The signed root of a batch whose Merkle root and chain head the caller computed. */
    public SignedRoot sign(long batchNumber, long firstSequence, long lastSequence, byte[] merkleRoot, byte[] chainHead) {
        EventHash.requireHash(merkleRoot, "merkle root");
        EventHash.requireHash(chainHead, "chain head");
        int leafCount = Math.toIntExact(lastSequence - firstSequence + 1);
        String rootHex = Sha256.hex(merkleRoot);
        String headHex = Sha256.hex(chainHead);
        byte[] input = SignedRoot.signingInput(batchNumber, firstSequence, lastSequence, leafCount, rootHex, headHex, keyId);
        try {
            Signature signer = Signature.getInstance(AuditKeys.ALGORITHM);
            signer.initSign(keys.getPrivate());
            signer.update(input);
            String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
            return new SignedRoot(batchNumber, firstSequence, lastSequence, leafCount, rootHex, headHex, keyId, signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform and the key was checked", e);
        }
    }
}
