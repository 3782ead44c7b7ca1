package io.crowdpay.replicator.log;

import io.crowdpay.replicator.EventRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** The binary form of one {@link EventRecord} in the {@link EventLog}; see there for the layout. */
final class EventCodec {

    /** A record body larger than this is a corrupt length field, not an event. */
    static final int BODY_BYTES_MAX = 16 << 20;

    private EventCodec() {
    }

    static byte[] encode(EventRecord e) {
        byte[] stream = utf8(e.streamId());
        byte[] type = utf8(e.type());
        byte[] payload = utf8(e.payloadJson());
        byte[] correlation = utf8(e.correlationId());
        ByteBuffer out = ByteBuffer.allocate(32 + 16 + len(stream) + len(type) + len(payload) + len(correlation));
        out.putLong(e.sequence()).putLong(e.streamVersion()).putLong(e.journalIndex()).putLong(e.atMillis());
        put(out, stream);
        put(out, type);
        put(out, payload);
        put(out, correlation);
        return out.array();
    }

    /**
     * Most bytes {@link #encodeInto} can write for {@code e}: UTF-8 takes at most three bytes per
     * UTF-16 char (a surrogate pair is two chars and four bytes).
     */
    static long bodyBytesMax(EventRecord e) {
        return 32 + 16 + 3L * (chars(e.streamId()) + chars(e.type()) + chars(e.payloadJson()) + chars(e.correlationId()));
    }

    /**
     * Writes the framed record ({@code int length, int crc32c, body}) of {@code e} at {@code out}'s
     * position, the same bytes as {@code frame(encode(e))} without the intermediate arrays: this runs
     * for every event on a ring output thread. {@code out} must have {@code 8 + bodyBytesMax(e)} bytes
     * remaining.
     */
    static void encodeInto(EventRecord e, ByteBuffer out, CRC32C crc) {
        int frame = out.position();
        out.position(frame + 8);
        out.putLong(e.sequence()).putLong(e.streamVersion()).putLong(e.journalIndex()).putLong(e.atMillis());
        putUtf8(out, e.streamId());
        putUtf8(out, e.type());
        putUtf8(out, e.payloadJson());
        putUtf8(out, e.correlationId());
        int end = out.position();
        int length = end - frame - 8;
        out.putInt(frame, length).putInt(frame + 4, crc(crc, out.slice(frame + 8, length)));
    }

    private static int chars(String s) {
        return s == null ? 0 : s.length();
    }

    /** A length-prefixed UTF-8 string (or -1 for null), encoded in place: ASCII byte by byte, the rest by the JDK. */
    private static void putUtf8(ByteBuffer out, String s) {
        if (s == null) {
            out.putInt(-1);
            return;
        }
        int lengthAt = out.position();
        out.position(lengthAt + 4);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.position(lengthAt);
                put(out, utf8(s));
                return;
            }
            out.put((byte) c);
        }
        out.putInt(lengthAt, n);
    }

    static EventRecord decode(ByteBuffer body) {
        long sequence = body.getLong();
        long version = body.getLong();
        long journalIndex = body.getLong();
        long at = body.getLong();
        String stream = string(body);
        String type = string(body);
        String payload = string(body);
        String correlation = string(body);
        return new EventRecord(sequence, EventRecord.idFor(sequence), stream, version, type, payload, journalIndex, at,
                correlation);
    }

    static ByteBuffer frame(byte[] body) {
        ByteBuffer framed = ByteBuffer.allocate(8 + body.length);
        framed.putInt(body.length).putInt(crc(body)).put(body).flip();
        return framed;
    }

    static int crc(byte[] body) {
        return crc(new CRC32C(), ByteBuffer.wrap(body));
    }

    /**
     * The CRC32C of {@code body}'s remaining bytes, computed with a checksum the caller keeps (the
     * writer and each reader hold one: this runs for every record); {@code body}'s position is kept.
     */
    static int crc(CRC32C crc, ByteBuffer body) {
        int position = body.position();
        crc.reset();
        crc.update(body);
        body.position(position);
        return (int) crc.getValue();
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.length).put(b);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new IllegalStateException("corrupt event record: string of " + n + " bytes");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
