package io.crowdpay.engine;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.wire.Encoder;
import io.crowdpay.engine.wire.Values;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the snapshot encoding of the state: two engines have the same hash exactly when they
 * would write the same snapshot. Replay determinism is checked by comparing these.
 */
public final class StateHash {

    private StateHash() {
    }

    public static String of(EngineState state) {
        MessageDigest sha = sha256Digest();
        Snapshots.capture(state).complete().writeTo(sha::update);
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String ofConfig(EngineConfig config) {
        Encoder out = new Encoder(1024);
        Values.writeConfig(out, config);
        return sha256(out.toByteArray());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** A fresh SHA-256 digest, for hashing a snapshot as it is streamed. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
