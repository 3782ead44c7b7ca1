package io.crowdpay.replicator.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Length-prefixed UTF-8 fields: each field is its UTF-8 byte length as a 4-byte big-endian
 * unsigned int, then those bytes. The one encoding for everything the audit hashes or signs, so
 * that no two different field lists can ever produce the same bytes (unlike joining with a
 * separator that could itself appear in a payload).
 */
final class CanonicalFields {

    private final ByteArrayOutputStream out;

    CanonicalFields() {
        this(256);
    }

    /** @param expectedBytes a size hint, so that a large field does not make the buffer grow by copies */
    CanonicalFields(int expectedBytes) {
        out = new ByteArrayOutputStream(expectedBytes);
    }

    CanonicalFields add(String field) {
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(utf8);
        return this;
    }

    /** Numbers as their decimal text (Long.toString), so the encoding is readable and sign-safe. */
    CanonicalFields add(long number) {
        return add(Long.toString(number));
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
