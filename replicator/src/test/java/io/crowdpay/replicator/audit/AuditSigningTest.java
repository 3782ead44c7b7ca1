package io.crowdpay.replicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.Base64;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditSigningTest {

    private static final KeyPair KEYS = AuditKeys.generate();
    private static final byte[] ROOT = Sha256.digest(Sha256.NODE, new byte[] {1});
    private static final byte[] HEAD = Sha256.digest(Sha256.CHAIN, new byte[] {2});

    @Test
    void aSignedRootVerifiesWithItsPublicKey_andSigningIsDeterministic() {
        AuditSigner signer = new AuditSigner(KEYS);

        SignedRoot root = signer.sign(3, 20_001, 30_000, ROOT, HEAD);

        assertThat(root.isSignedBy(KEYS.getPublic())).isTrue();
        assertThat(signer.sign(3, 20_001, 30_000, ROOT, HEAD)).isEqualTo(root);
        assertThat(root.leafCount()).isEqualTo(10_000);
        assertThat(root.merkleRootHex()).isEqualTo(Sha256.hex(ROOT));
        assertThat(root.keyId()).matches("[0-9a-f]{16}").isEqualTo(AuditKeys.keyId(KEYS.getPublic()));
        assertThat(root.signature()).matches("[A-Za-z0-9_-]{86}");
    }

    @Test
    void aRootWithAnyFieldChangedIsRefused() {
        SignedRoot root = new AuditSigner(KEYS).sign(3, 20_001, 30_000, ROOT, HEAD);
        SignedRoot otherRoot = new SignedRoot(3, 20_001, 30_000, 10_000, Sha256.hex(HEAD), root.chainHeadHex(),
                root.keyId(), root.signature());
        SignedRoot otherBatch = new SignedRoot(4, 20_001, 30_000, 10_000, root.merkleRootHex(), root.chainHeadHex(),
                root.keyId(), root.signature());

        assertThat(otherRoot.isSignedBy(KEYS.getPublic())).isFalse();
        assertThat(otherBatch.isSignedBy(KEYS.getPublic())).isFalse();
    }

    @Test
    void aForgedSignatureIsRefused() {
        SignedRoot root = new AuditSigner(KEYS).sign(1, 1, 5, ROOT, HEAD);
        byte[] sig = Base64.getUrlDecoder().decode(root.signature());
        sig[10] ^= 1;
        SignedRoot flipped = withSignature(root, Base64.getUrlEncoder().withoutPadding().encodeToString(sig));

        assertThat(flipped.isSignedBy(KEYS.getPublic())).isFalse();
        assertThat(withSignature(root, "not*base64").isSignedBy(KEYS.getPublic())).isFalse();
        assertThat(withSignature(root, "").isSignedBy(KEYS.getPublic())).isFalse();
    }

    @Test
    void aRootSignedByAnotherKeyUnderOurKeyIdIsRefused() {
        KeyPair other = AuditKeys.generate();
        SignedRoot theirs = new AuditSigner(other).sign(1, 1, 5, ROOT, HEAD);
        SignedRoot relabelled = new SignedRoot(1, 1, 5, 5, theirs.merkleRootHex(), theirs.chainHeadHex(),
                AuditKeys.keyId(KEYS.getPublic()), theirs.signature());

        assertThat(theirs.isSignedBy(KEYS.getPublic())).isFalse();
        assertThat(relabelled.isSignedBy(KEYS.getPublic())).isFalse();
    }

    @Test
    void anEd448KeyIsRefused() throws Exception {
        KeyPair ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair();

        assertThatThrownBy(() -> new AuditSigner(ed448)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysRoundTripThroughPemFiles_withThePrivateKeyOwnerOnly(@TempDir Path dir) throws Exception {
        Path privateKey = dir.resolve("audit.key");
        Path publicKey = dir.resolve("audit.pub");

        AuditKeys.save(KEYS, privateKey, publicKey);
        KeyPair loaded = AuditKeys.load(privateKey, publicKey);

        SignedRoot root = new AuditSigner(loaded).sign(1, 1, 5, ROOT, HEAD);
        assertThat(root).isEqualTo(new AuditSigner(KEYS).sign(1, 1, 5, ROOT, HEAD));
        assertThat(root.isSignedBy(AuditKeys.loadPublic(publicKey))).isTrue();
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(privateKey))
                    .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void savingNeverOverwritesAnExistingKey(@TempDir Path dir) throws Exception {
        Path privateKey = dir.resolve("audit.key");
        Files.writeString(privateKey, "old");

        assertThatThrownBy(() -> AuditKeys.save(KEYS, privateKey, dir.resolve("audit.pub")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(privateKey)).isEqualTo("old");
    }

    private static SignedRoot withSignature(SignedRoot root, String signature) {
        return new SignedRoot(root.batchNumber(), root.firstSequence(), root.lastSequence(), root.leafCount(),
                root.merkleRootHex(), root.chainHeadHex(), root.keyId(), signature);
    }
}
