package io.crowdpay.replicator.audit;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The signed commitment to one batch: its Merkle root over events {@code firstSequence} to
 * {@code lastSequence} (gap-free, so {@code leafCount} = last - first + 1), the hash-chain head
 * after its last event, and an Ed25519 signature by the key {@code keyId} over
 * {@link #signingInput()}. Hashes are lowercase hex, the signature base64url without padding.
 */
public record SignedRoot(long batchNumber, long firstSequence, long lastSequence, int leafCount,
                         String merkleRootHex, String chainHeadHex, String keyId, String signature) {

    /** Names the format of the signing input, so a future version can never be mistaken for this one. */
    static final String SIGNING_DOMAIN = "crowdpay.audit.root.v1";

    public SignedRoot {
        if (batchNumber < 1 || firstSequence < 1 || lastSequence < firstSequence) {
            throw new IllegalArgumentException("batches and sequences start at 1 and a batch is never empty");
        }
        if (leafCount != lastSequence - firstSequence + 1 || leafCount > MerkleTree.BATCH_EVENTS_MAX) {
            throw new IllegalArgumentException("leaf count " + leafCount + " does not fit sequences "
                    + firstSequence + ".." + lastSequence);
        }
        requireHex(merkleRootHex, "merkle root");
        requireHex(chainHeadHex, "chain head");
        if (keyId == null || keyId.isEmpty() || signature == null) {
            throw new IllegalArgumentException("a signed root names its key and carries a signature");
        }
    }

    /**
     * The bytes that are signed: length-prefixed UTF-8 fields (4-byte big-endian length, then the
     * bytes) in this order, never to be reordered: "crowdpay.audit.root.v1", batchNumber,
     * firstSequence, lastSequence, leafCount, merkleRootHex, chainHeadHex, keyId. The key id is
     * signed so a root cannot be relabelled as another key's.
     */
    public byte[] signingInput() {
        return signingInput(batchNumber, firstSequence, lastSequence, leafCount, merkleRootHex, chainHeadHex, keyId);
    }

    static byte[] signingInput(long batchNumber, long firstSequence, long lastSequence, int leafCount,
                               String merkleRootHex, String chainHeadHex, String keyId) {
        return new CanonicalFields().add(SIGNING_DOMAIN).add(batchNumber).add(firstSequence).add(lastSequence)
                .add(leafCount).add(merkleRootHex).add(chainHeadHex).add(keyId).bytes();
    }

    /**
     * Whether {@code key} signed this root: its key id must be this root's, and the Ed25519
     * signature must verify. A malformed signature is a refusal, not an error, because it arrives
     * from storage that the audit exists to distrust.
     */
    public boolean isSignedBy(PublicKey key) {
        if (!AuditKeys.keyId(key).equals(keyId)) {
            return false;
        }
        try {
            byte[] sig = Base64.getUrlDecoder().decode(signature);
            Signature verifier = Signature.getInstance(AuditKeys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signingInput());
            return verifier.verify(sig);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    public byte[] merkleRoot() {
        return Sha256.fromHex(merkleRootHex);
    }

    public byte[] chainHead() {
        return Sha256.fromHex(chainHeadHex);
    }

    private static void requireHex(String hex, String what) {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(what + " must be 64 lowercase hex digits");
        }
    }
}
