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
        return crc(ByteBuffer.wrap(body));
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
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
