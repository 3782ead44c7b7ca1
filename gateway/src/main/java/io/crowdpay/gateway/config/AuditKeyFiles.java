package io.crowdpay.gateway.config;

import io.crowdpay.replicator.audit.AuditKeys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * Where the auditor's Ed25519 key pair lives in the service's keys directory (beside the dev JWT
 * key): {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, owner-only) signs the batch roots, and
 * {@value #PUBLIC_KEY_FILE} (X.509 PEM) is what {@code audit verify} and the audit-vault check them
 * with. A key pair of its own, not the JWT key: the audit's key must outlive any rotation of the
 * token keys, since every root ever signed is checked against it.
 */
public final class AuditKeyFiles {

    static final String PRIVATE_KEY_FILE = "audit-signing-key.pem";
    static final String PUBLIC_KEY_FILE = "audit-public-key.pem";
    /** Serialises ensure() within this JVM; AuditKeys creates each file only if absent, so processes cannot overwrite. */
    private static final Object LOCK = new Object();

    private AuditKeyFiles() {
    }

    public static Path privateKeyPath(Path keysDir) {
        return keysDir.resolve(PRIVATE_KEY_FILE);
    }

    public static Path publicKeyPath(Path keysDir) {
        return keysDir.resolve(PUBLIC_KEY_FILE);
    }

    /**
     * Generates the key pair if neither file exists; keeps an existing pair as it is. Half a pair is
     * an error, never "repaired" with a new key: roots already signed need the old public key, and a
     * lost private key is something an operator must know about.
     *
     * @throws IOException when a file cannot be written, or only one of the two exists
     */
    public static void ensure(Path keysDir) throws IOException {
        synchronized (LOCK) {
            Files.createDirectories(keysDir);
            Path privateKey = privateKeyPath(keysDir);
            Path publicKey = publicKeyPath(keysDir);
            if (!Files.exists(privateKey) && !Files.exists(publicKey)) {
                try {
                    AuditKeys.save(AuditKeys.generate(), privateKey, publicKey);
                } catch (FileAlreadyExistsException raced) {
                    // Another process generated the pair at the same moment: keep its pair, checked below.
                }
            }
            requireBoth(privateKey, publicKey);
        }
    }

    /** The signing key pair, for the audit consumer. */
    public static KeyPair load(Path keysDir) throws IOException {
        requireBoth(privateKeyPath(keysDir), publicKeyPath(keysDir));
        return AuditKeys.load(privateKeyPath(keysDir), publicKeyPath(keysDir));
    }

    /** The public key alone, for verification. */
    public static PublicKey loadPublic(Path keysDir) throws IOException {
        return AuditKeys.loadPublic(publicKeyPath(keysDir));
    }

    private static void requireBoth(Path privateKey, Path publicKey) throws IOException {
        boolean hasPrivate = Files.exists(privateKey);
        boolean hasPublic = Files.exists(publicKey);
        if (hasPrivate && hasPublic) {
            return;
        }
        if (!hasPrivate && !hasPublic) {
            throw new IOException("no audit signing key in " + privateKey.getParent() + " (" + PRIVATE_KEY_FILE + ", "
                    + PUBLIC_KEY_FILE + "); provision the pair, or run with dev keys to generate one");
        }
        throw new IOException("half an audit key pair in " + privateKey.getParent() + ": " + (hasPrivate ? PRIVATE_KEY_FILE
                : PUBLIC_KEY_FILE) + " exists without " + (hasPrivate ? PUBLIC_KEY_FILE : PRIVATE_KEY_FILE)
                + ". Restore the missing file; generating a new pair would leave the roots already signed"
                + " checkable only with the old public key.");
    }
}
