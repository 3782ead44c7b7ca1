package io.crowdpay.gateway.http;

import java.security.SecureRandom;

/**
 * Ids the service makes: a prefix and 26 characters of Crockford base32 (130 random bits), so they
 * cannot be guessed or enumerated. Made here, outside the engine, and journaled inside the command.
 */
final class ServiceIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    /**
     * One DRBG (NIST SP 800-90A, seeded from the OS) per event-loop thread: the default NativePRNG
     * reads /dev/urandom under one global lock on every call, three calls per request (~3% of the
     * gateway's CPU at 5k requests/s). Each thread draws {@value #POOL_BYTES} bytes at a time and
     * hands them out once each: a Hash_DRBG call pays a fixed SHA-256 state update besides the
     * output's own hashing, which for 16-17 bytes was most of its cost (~4% of the event loops'
     * samples at saturation, JFR).
     */
    private static final ThreadLocal<Pool> POOLS = ThreadLocal.withInitial(Pool::new);
    static final int POOL_BYTES = 1_024;

    private ServiceIds() {
    }

    static String next(String prefix) {
        Pool pool = POOLS.get();
        int at = pool.take(17);
        byte[] bytes = pool.bytes;
        char[] out = new char[26];
        for (int i = 0; i < out.length; i++) {
            int bit = i * 5;
            int value = ((bytes[at + bit / 8] & 0xff) << 8 | (bit / 8 + 1 < 17 ? bytes[at + bit / 8 + 1] & 0xff : 0)) >> (11 - bit % 8) & 31;
            out[i] = ALPHABET[value];
        }
        return prefix + new String(out);
    }

    /** Random bytes drawn from the thread's DRBG a block at a time; each byte is handed out once. */
    private static final class Pool {
        private final SecureRandom random = drbg();
        final byte[] bytes = new byte[POOL_BYTES];
        private int next = POOL_BYTES;

        /** The offset of {@code n} fresh bytes in {@link #bytes}. */
        int take(int n) {
            if (next + n > POOL_BYTES) {
                random.nextBytes(bytes);
                next = 0;
            }
            int at = next;
            next += n;
            return at;
        }
    }

    private static final java.util.regex.Pattern TRACEPARENT = java.util.regex.Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    /** The trace id of a valid W3C {@code traceparent} header, or a fresh one. */
    static String traceId(io.netty.handler.codec.http.HttpHeaders headers) {
        String parent = headers.get("traceparent");
        if (parent != null) {
            var m = TRACEPARENT.matcher(parent.trim());
            if (m.matches() && !m.group(1).equals("0".repeat(32))) {
                return m.group(1);
            }
        }
        return traceId();
    }

    /** A W3C trace id: 32 lower-case hex characters, not all zero. */
    static String traceId() {
        Pool pool = POOLS.get();
        int at = pool.take(16);
        pool.bytes[at] |= 1;
        return java.util.HexFormat.of().formatHex(pool.bytes, at, at + 16);
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
