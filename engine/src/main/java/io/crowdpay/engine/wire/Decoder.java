package io.crowdpay.engine.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads what {@link Encoder} wrote; throws {@link CorruptInput} on anything malformed. */
public final class Decoder {

    /** Strings longer than this cannot be ours: the gateway limits every field far below it. */
    static final int STRING_BYTES_MAX = 1 << 20;

    private final ByteBuffer buffer;

    public Decoder(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public Decoder(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    /** Raised when bytes do not decode: a torn or foreign journal entry or snapshot. */
    public static final class CorruptInput extends RuntimeException {
        public CorruptInput(String message) {
            super(message);
        }
    }

    public boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    public int readByte() {
        need(1);
        return buffer.get();
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b != 0 && b != 1) {
            throw new CorruptInput("bad boolean " + b);
        }
        return b == 1;
    }

    public int readInt() {
        need(4);
        return buffer.getInt();
    }

    public long readLong() {
        need(8);
        return buffer.getLong();
    }

    public String readString() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > STRING_BYTES_MAX) {
            throw new CorruptInput("bad string length " + length);
        }
        need(length);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count of items that follow, checked against a sane bound. */
    public int readCount(int max) {
        int n = readInt();
        if (n < 0 || n > max) {
            throw new CorruptInput("bad count " + n);
        }
        return n;
    }

    private void need(int bytes) {
        if (buffer.remaining() < bytes) {
            throw new CorruptInput("truncated: need " + bytes + " bytes, have " + buffer.remaining());
        }
    }
}
