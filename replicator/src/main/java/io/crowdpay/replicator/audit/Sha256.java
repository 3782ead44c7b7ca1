package io.crowdpay.replicator.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 with a one-byte domain prefix, the one primitive every audit hash is built from. The
 * prefix keeps leaves (0x00), Merkle nodes (0x01) and chain links (0x02) from ever colliding with
 * one another, the second-preimage defence of RFC 6962.
 */
final class Sha256 {

    static final int BYTES = 32;
    static final byte LEAF = 0x00;
    static final byte NODE = 0x01;
    static final byte CHAIN = 0x02;
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    static byte[] digest(byte prefix, byte[]... parts) {
        MessageDigest md = newDigest();
        md.update(prefix);
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    static byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
