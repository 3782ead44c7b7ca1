package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * Finds complete HTTP/1.1 responses in the bytes received on a connection, without building header
 * objects: the status code, where the body is, and whether the server will close the connection.
 * The gateway always sends {@code Content-Length}; a chunked response is refused rather than
 * misread. One instance per connection, reused for every response (its fields describe the last
 * framed one).
 */
final class ResponseFramer {

    /** Largest response head accepted: the gateway's are a few hundred bytes. */
    static final int HEAD_BYTES_MAX = 16 * 1024;

    private static final byte[] CONTENT_LENGTH = RequestTemplate.ascii("content-length:");
    private static final byte[] CONNECTION = RequestTemplate.ascii("connection:");
    private static final byte[] TRANSFER_ENCODING = RequestTemplate.ascii("transfer-encoding:");
    private static final byte[] CLOSE = RequestTemplate.ascii("close");

    /** A response this client cannot read; the connection is dropped. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    int status;
    /** Absolute index of the body's first byte in the buffer. */
    int bodyStart;
    int bodyLength;
    boolean close;

    /**
     * Frames the response starting at the buffer's reader index.
     *
     * @return the whole response's length in bytes, or -1 if it has not fully arrived yet
     * @throws Malformed for a response that is not HTTP/1.x with a Content-Length
     */
    int frame(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int headEnd = endOfHead(buf, start, end);
        if (headEnd < 0) {
            if (end - start > HEAD_BYTES_MAX) {
                throw new Malformed("response head longer than " + HEAD_BYTES_MAX + " bytes");
            }
            return -1;
        }
        if (headEnd - start < 12 || buf.getByte(start) != 'H' || buf.getByte(start + 4) != '/' || buf.getByte(start + 8) != ' ') {
            throw new Malformed("not an HTTP/1.x status line");
        }
        status = digit(buf, start + 9) * 100 + digit(buf, start + 10) * 10 + digit(buf, start + 11);
        long length = -1;
        close = false;
        int line = lineAfter(buf, start, headEnd);
        while (line < headEnd) {
            int lineEnd = lineEnd(buf, line, headEnd);
            if (Ascii.regionMatchesIgnoreCase(buf, line, lineEnd, CONTENT_LENGTH)) {
                length = parseLength(buf, line + CONTENT_LENGTH.length, lineEnd);
            } else if (Ascii.regionMatchesIgnoreCase(buf, line, lineEnd, CONNECTION)) {
                close = Ascii.indexOfIgnoreCase(buf, line + CONNECTION.length, lineEnd, CLOSE) >= 0;
            } else if (Ascii.regionMatchesIgnoreCase(buf, line, lineEnd, TRANSFER_ENCODING)) {
                throw new Malformed("chunked responses are not expected from the gateway");
            }
            line = lineEnd + 2;
        }
        if (length < 0) {
            throw new Malformed("response without Content-Length");
        }
        bodyStart = headEnd + 4;
        bodyLength = (int) length;
        int total = bodyStart + bodyLength - start;
        return end - start >= total ? total : -1;
    }

    private static int endOfHead(ByteBuf buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r' && buf.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lineAfter(ByteBuf buf, int from, int headEnd) {
        int e = lineEnd(buf, from, headEnd);
        return e >= headEnd ? headEnd : e + 2;
    }

    private static int lineEnd(ByteBuf buf, int from, int headEnd) {
        for (int i = from; i < headEnd; i++) {
            if (buf.getByte(i) == '\r') {
                return i;
            }
        }
        return headEnd;
    }

    private static int digit(ByteBuf buf, int at) {
        int d = buf.getByte(at) - '0';
        if (d < 0 || d > 9) {
            throw new Malformed("bad status code");
        }
        return d;
    }

    private static long parseLength(ByteBuf buf, int from, int to) {
        long n = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = buf.getByte(i);
            if (b == ' ' || b == '\t') {
                continue;
            }
            if (b < '0' || b > '9' || n > Integer.MAX_VALUE / 10) {
                throw new Malformed("bad Content-Length");
            }
            n = n * 10 + (b - '0');
            any = true;
        }
        if (!any) {
            throw new Malformed("empty Content-Length");
        }
        return n;
    }
}
