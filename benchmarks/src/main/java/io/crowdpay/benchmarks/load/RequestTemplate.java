package io.crowdpay.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one kind of request, built once, with gaps for what differs per request: the
 * {@code Content-Length} (only when the body has an insert), the {@code Idempotency-Key} and one
 * insert in the body (an FX quote id). Writing a request is then a few copies into a pooled buffer:
 * no JSON, no header objects, no strings on the hot path.
 *
 * @param head      request line and fixed headers, ending with {@code "Content-Length: "}
 * @param keyed     whether an {@code Idempotency-Key} header follows
 * @param bodyHead  body bytes before the insert (the whole body when there is none)
 * @param bodyTail  body bytes after the insert
 */
record RequestTemplate(byte[] head, boolean keyed, byte[] bodyHead, byte[] bodyTail) {

    private static final byte[] KEY_HEADER = ascii("\r\nIdempotency-Key: ");
    private static final byte[] END_OF_HEADERS = ascii("\r\n\r\n");

    /** A POST with a JSON body split around an insert point (empty tail and no insert for fixed bodies). */
    static RequestTemplate post(String path, String hostPort, String token, boolean keyed, String bodyHead, String bodyTail) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: ";
        return new RequestTemplate(ascii(head), keyed, ascii(bodyHead), ascii(bodyTail));
    }

    /** Upper bound of the bytes {@link #write} produces for an insert of insertLength and a key of keyLength. */
    int sizeMax(int keyLength, int insertLength) {
        return head.length + 10 + KEY_HEADER.length + keyLength + END_OF_HEADERS.length + bodyHead.length + insertLength + bodyTail.length;
    }

    /**
     * Writes the request: the key is {@code keyPrefix} followed by {@code keySeq} in decimal; insert may
     * be null (nothing between bodyHead and bodyTail).
     */
    void write(ByteBuf out, byte[] keyPrefix, long keySeq, byte[] insert) {
        int insertLength = insert == null ? 0 : insert.length;
        out.writeBytes(head);
        Ascii.writeDecimal(out, bodyHead.length + insertLength + bodyTail.length);
        if (keyed) {
            out.writeBytes(KEY_HEADER);
            out.writeBytes(keyPrefix);
            Ascii.writeDecimal(out, keySeq);
        }
        out.writeBytes(END_OF_HEADERS);
        out.writeBytes(bodyHead);
        if (insert != null) {
            out.writeBytes(insert);
        }
        out.writeBytes(bodyTail);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
