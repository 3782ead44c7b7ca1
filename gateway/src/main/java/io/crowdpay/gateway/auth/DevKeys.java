package io.crowdpay.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;

/**
 * The development signing key: an ES256 (P-256) private JWK in {@code keysDir/dev-signing-key.jwk} and its
 * public part in the JWKS {@code keysDir/jwks.json} that the verifier reads. For local runs and tests only;
 * production verifies tokens of the real identity provider with its JWKS.
 */
public final class DevKeys {

    static final String JWKS_FILE = "jwks.json";
    static final String SIGNING_KEY_FILE = "dev-signing-key.jwk";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises ensure() within this JVM; the files are written atomically, so readers never see half a file. */
    private static final Object LOCK = new Object();

    private DevKeys() {
    }

    /**
     * Makes an ES256 (P-256) dev signing key and its public JWKS in keysDir if absent; idempotent. Private key
     * file mode 600 when the FS supports POSIX perms.
     *
     * <p>In detail: creates keysDir if needed; generates the signing key only if its file does not exist (an
     * existing one, of any supported type, is kept); then makes sure {@code jwks.json} holds the key's public
     * part, creating the file or adding the key to the keys already in it (matched by JWK thumbprint, other
     * entries are kept untouched). A second call changes nothing.
     *
     * @throws IOException if a file cannot be written, or an existing key file or JWKS is not valid
     */
    public static void ensure(Path keysDir) throws IOException {
        synchronized (LOCK) {
            Files.createDirectories(keysDir);
            Path keyFile = signingKeyPath(keysDir);
            JWK signing;
            if (Files.exists(keyFile)) {
                signing = TokenMinter.readPrivateJwk(keyFile);
            } else {
                signing = generate();
                writeAtomically(keyFile, pretty(signing.toJSONObject()), true);
            }
            publish(jwksPath(keysDir), signing.toPublicJWK());
        }
    }

    /** {@code keysDir/jwks.json}: the public JWKS. */
    public static Path jwksPath(Path keysDir) {
        return keysDir.resolve(JWKS_FILE);
    }

    /** {@code keysDir/dev-signing-key.jwk}: the private JWK (JSON). */
    public static Path signingKeyPath(Path keysDir) {
        return keysDir.resolve(SIGNING_KEY_FILE);
    }

    private static JWK generate() throws IOException {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IOException("cannot generate a P-256 key: " + e.getMessage(), e);
        }
    }

    private static void publish(Path jwksFile, JWK publicKey) throws IOException {
        JsonNode publicNode = JSON.readTree(publicKey.toJSONString());
        if (!Files.exists(jwksFile)) {
            ObjectNode set = JSON.createObjectNode();
            set.putArray("keys").add(publicNode);
            writeAtomically(jwksFile, pretty(set), false);
            return;
        }
        JsonNode set = JSON.readTree(Files.readString(jwksFile, StandardCharsets.UTF_8));
        if (set == null || !set.isObject() || !set.path("keys").isArray()) {
            throw new IOException(jwksFile + ": not a JWK set (an object with a \"keys\" array)");
        }
        Base64URL thumbprint = thumbprint(publicKey);
        for (JsonNode entry : set.get("keys")) {
            try {
                if (entry.isObject() && thumbprint.equals(thumbprint(JWK.parse(entry.toString())))) {
                    return; // already published
                }
            } catch (ParseException e) {
                // a key this library does not know: not ours, keep it as it is
            }
        }
        ((ArrayNode) set.get("keys")).add(publicNode);
        writeAtomically(jwksFile, pretty(set), false);
    }

    private static Base64URL thumbprint(JWK jwk) throws IOException {
        try {
            return jwk.computeThumbprint();
        } catch (JOSEException e) {
            throw new IOException("cannot compute the thumbprint of a " + jwk.getKeyType() + " key: " + e.getMessage(), e);
        }
    }

    private static String pretty(Object json) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    /**
     * Writes through a temporary file in the same directory, then renames it over the target. A secret
     * file is owner-only (600) from its creation on POSIX file systems; the JWKS is made world-readable (644).
     */
    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            if (posix && !secret) {
                Files.setPosixFilePermissions(tmp, WORLD_READABLE);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
