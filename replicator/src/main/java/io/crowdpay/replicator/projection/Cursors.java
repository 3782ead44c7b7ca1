package io.crowdpay.replicator.projection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The opaque {@code cursor} of the list endpoint: base64url of a version byte, the last item's
 * {@link Position} and a CRC-32 over that position and the query's filter. The checksum makes a
 * garbled cursor, or one reused with other filters (which would page through a different list),
 * a clear client error instead of a silently wrong page. It is not a secret: a forged cursor only
 * moves where a page starts, and authorization never depends on it.
 */
public final class Cursors {

    /** Longest text that can be a cursor: refused before any decoding work. */
    public static final int CURSOR_CHARS_MAX = 64;

    private static final byte VERSION = 1;
    private static final int BYTES = 1 + Long.BYTES + Long.BYTES + Integer.BYTES;

    private Cursors() {
    }

    public static String encode(Position position, TransactionQueries.Filter filter) {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES).put(VERSION).putLong(position.createdAtMillis())
                .putLong(position.sequence()).putInt(checksum(position, filter));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The position a cursor stands for, or empty when it is not one this filter's pages handed out. */
    public static Optional<Position> decode(String cursor, TransactionQueries.Filter filter) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > CURSOR_CHARS_MAX) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (raw.length != BYTES || raw[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, BYTES - 1);
        long createdAt = bytes.getLong();
        long sequence = bytes.getLong();
        int checksum = bytes.getInt();
        if (sequence < 1) {
            return Optional.empty();
        }
        Position position = new Position(createdAt, sequence);
        return checksum == checksum(position, filter) ? Optional.of(position) : Optional.empty();
    }

    private static int checksum(Position position, TransactionQueries.Filter filter) {
        Objects.requireNonNull(filter, "filter");
        String text = position.createdAtMillis() + "|" + position.sequence() + "|" + name(filter.pod()) + "|"
                + name(filter.wallet()) + "|" + name(filter.status()) + "|" + name(filter.type());
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static String name(Object value) {
        return value == null ? "" : value.toString();
    }
}
