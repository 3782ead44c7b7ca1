package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * The few byte-level text operations the hot path needs, done on Netty buffers directly so that a
 * response is never turned into a String unless a field of it is actually wanted.
 */
final class Ascii {

    private Ascii() {
    }

    /** Writes a non-negative number in decimal ASCII without building a String. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int at = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (long v = value; v > 0; v /= 10) {
            out.setByte(--at, '0' + (int) (v % 10));
        }
        out.writerIndex(out.writerIndex() + digits);
    }

    /** Whether {@code buf[at..]} starts with the given lower-case ASCII name, ignoring case. */
    static boolean regionMatchesIgnoreCase(ByteBuf buf, int at, int end, byte[] lowerCase) {
        if (end - at < lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            int b = buf.getByte(at + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first occurrence of a lower-case needle in buf[from, to) ignoring case, or -1. */
    static int indexOfIgnoreCase(ByteBuf buf, int from, int to, byte[] lowerCase) {
        for (int i = from; i + lowerCase.length <= to; i++) {
            if (regionMatchesIgnoreCase(buf, i, to, lowerCase)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first occurrence of needle in buf[from, to), or -1. */
    static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (buf.getByte(i + k) != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The string value of the first {@code "name": "value"} pair in buf[from, to), or null when the
     * name is absent or its value is not a string. Values are read up to the next quote: the fields
     * this reads (ids, status words, error codes) never contain escapes.
     *
     * @param quotedName the name with its quotes, e.g. {@code "code"} as bytes
     */
    static String jsonString(ByteBuf buf, int from, int to, byte[] quotedName) {
        int at = indexOf(buf, from, to, quotedName);
        if (at < 0) {
            return null;
        }
        int i = skipSpaces(buf, at + quotedName.length, to);
        if (i >= to || buf.getByte(i) != ':') {
            return null;
        }
        i = skipSpaces(buf, i + 1, to);
        if (i >= to || buf.getByte(i) != '"') {
            return null;
        }
        int start = i + 1;
        int end = start;
        while (end < to && buf.getByte(end) != '"') {
            end++;
        }
        if (end >= to) {
            return null;
        }
        return buf.toString(start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int skipSpaces(ByteBuf buf, int i, int to) {
        while (i < to) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                break;
            }
            i++;
        }
        return i;
    }
}
