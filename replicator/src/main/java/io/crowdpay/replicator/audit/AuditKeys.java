package io.crowdpay.replicator.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The auditor's Ed25519 keys: generated, written as PEM files (PKCS#8 private key, X.509
 * SubjectPublicKeyInfo public key, both readable by {@code openssl pkey}) and read back, and
 * identified by a key id = the first 16 hex digits of SHA-256 of the X.509 public key encoding.
 */
public final class AuditKeys {

    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private AuditKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }

    /** Short enough to log and put in every signed root, long enough (64 bits) not to collide by chance. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(Sha256.digest(key.getEncoded())).substring(0, 16);
    }

    /**
     * Writes both keys as PEM. The files must not exist yet, so a key is never silently replaced;
     * the private key file is created owner-only (0600) where the file system has POSIX permissions,
     * from the start rather than chmod-ed afterwards, so it is never readable by others even briefly.
     */
    public static void save(KeyPair keys, Path privateKeyFile, Path publicKeyFile) throws IOException {
        write(privateKeyFile, pem(PRIVATE_LABEL, keys.getPrivate().getEncoded()), true);
        write(publicKeyFile, pem(PUBLIC_LABEL, keys.getPublic().getEncoded()), false);
    }

    public static KeyPair load(Path privateKeyFile, Path publicKeyFile) throws IOException {
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der(privateKeyFile, PRIVATE_LABEL)));
            PublicKey publicKey = loadPublic(publicKeyFile);
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 private key: " + privateKeyFile, e);
        }
    }

    /** The public key alone: all that {@code audit verify} needs, and all that should be handed out. */
    public static PublicKey loadPublic(Path publicKeyFile) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(publicKeyFile, PUBLIC_LABEL)));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 public key: " + publicKeyFile, e);
        }
    }

    private static void write(Path file, String text, boolean ownerOnly) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] der(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("no " + label + " PEM block in " + file);
        }
        String body = text.substring(from + begin.length(), to);
        byte[] der = Base64.getMimeDecoder().decode(body);
        if (der.length == 0) {
            throw new IOException("empty " + label + " PEM block in " + file);
        }
        return der;
    }
}
