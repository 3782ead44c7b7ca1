package io.crowdpay.engine.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A growable little binary writer over a heap buffer: the one encoding used by the journal and by
 * snapshots. Strings are UTF-8 with an int length, -1 meaning null. Reuse one per thread with
 * {@link #clear()} to keep the hot path free of allocation.
 */
public final class Encoder {

    private ByteBuffer buffer;

    public Encoder(int initialCapacity) {
        buffer = ByteBuffer.allocate(initialCapacity);
    }

    public Encoder clear() {
        buffer.clear();
        return this;
    }

    public int length() {
        return buffer.position();
    }

    /** The bytes written so far; valid until the next write or clear. */
    public byte[] array() {
        return buffer.array();
    }

    public byte[] toByteArray() {
        byte[] out = new byte[buffer.position()];
        System.arraycopy(buffer.array(), 0, out, 0, out.length);
        return out;
    }

    /** Appends bytes as they are (no length): another encoder's output, say. */
    public Encoder writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        buffer.put(bytes, offset, length);
        return this;
    }

    public Encoder writeByte(int value) {
        ensure(1);
        buffer.put((byte) value);
        return this;
    }

    public Encoder writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public Encoder writeInt(int value) {
        ensure(4);
        buffer.putInt(value);
        return this;
    }

    public Encoder writeLong(long value) {
        ensure(8);
        buffer.putLong(value);
        return this;
    }

    public Encoder writeString(String value) {
        if (value == null) {
            return writeInt(-1);
        }
        // ASCII (ids, codes, amounts: nearly every string here) is copied straight in, the same bytes
        // UTF-8 gives, without the array getBytes makes (~340 of the ~350 bytes allocated per append).
        int n = value.length();
        ensure(Integer.BYTES + n);
        byte[] array = buffer.array();
        int start = buffer.position() + Integer.BYTES;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return writeUtf8(value);
            }
            array[start + i] = (byte) c;
        }
        buffer.putInt(n);
        buffer.position(start + n);
        return this;
    }

    private Encoder writeUtf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        ensure(bytes.length);
        buffer.put(bytes);
        return this;
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
