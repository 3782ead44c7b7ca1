package io.crowdpay.replicator.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One JSON object of an event payload, parsed: its members in the order written, each value a
 * {@link String}, a {@link Long}, a {@link Boolean}, a nested {@link Payload}, a {@link List} of those,
 * or null for JSON null.
 *
 * <p>Why not Jackson's tree: the read model parses every event it projects, on its own thread, and
 * {@code ObjectMapper.readTree} built a parser, a deserialization context, a linked hash map and a node
 * per value for each one; that was about a third of everything the embedded service allocated at
 * 5,000 requests/s (JFR allocation samples), and so a good part of its collector's work. Payloads are
 * the canonical JSON that {@code EventRecords} writes (small objects, no whitespace, sorted keys), so a
 * strict reader of plain JSON is short; it still accepts any valid JSON text whose numbers are
 * integers, and refuses everything else with the position of the problem.
 */
final class Payload {

    private final String[] keys;
    private final Object[] values;

    private Payload(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Parses a payload that must be one JSON object. */
    static Payload parse(String json) {
        Reader r = new Reader(json);
        r.skipWhitespace();
        if (r.peek() != '{') {
            throw r.error("a payload must be a JSON object");
        }
        Payload p = r.object();
        r.skipWhitespace();
        if (r.at < json.length()) {
            throw r.error("text after the payload");
        }
        return p;
    }

    /** The value of member {@code key}, or null when it is absent or JSON null. */
    Object get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** The nested object {@code key}, or null when it is absent or null; throws when it is not an object. */
    Payload object(String key) {
        Object v = get(key);
        if (v == null || v instanceof Payload) {
            return (Payload) v;
        }
        throw new IllegalStateException("payload member " + key + " is not an object: " + v);
    }

    /** The array {@code key}, or null when it is absent or null; throws when it is not an array. */
    List<?> list(String key) {
        Object v = get(key);
        if (v == null || v instanceof List<?>) {
            return (List<?>) v;
        }
        throw new IllegalStateException("payload member " + key + " is not an array: " + v);
    }

    /** A scalar member as text (a number or boolean as JSON writes it), or null when absent or null. */
    String textOrNull(String key) {
        Object v = get(key);
        if (v instanceof Payload || v instanceof List<?>) {
            throw new IllegalStateException("payload member " + key + " is not a scalar: " + v);
        }
        return v == null ? null : v.toString();
    }

    /** Every member in the order written. */
    void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            s.append(i == 0 ? "" : ",").append('"').append(keys[i]).append("\":").append(
                    values[i] instanceof String text ? '"' + text + '"' : String.valueOf(values[i]));
        }
        return s.append('}').toString();
    }

    /** A recursive-descent reader over the text; every method starts at {@link #at}. */
    private static final class Reader {
        /**
         * Member names seen, by a hash of their characters; a collision just replaces the entry. One
         * per reader thread, so no locking: names are immutable Strings either way.
         */
        private static final ThreadLocal<String[]> NAME_CACHE = ThreadLocal.withInitial(() -> new String[256]);
        /** Deeper nesting than any payload has is refused rather than risk the stack. */
        private static final int DEPTH_MAX = 32;
        private final String text;
        private int at;
        private int depth;

        private final String[] names = NAME_CACHE.get();

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        void skipWhitespace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }

        void expect(char c) {
            skipWhitespace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        Payload object() {
            if (++depth > DEPTH_MAX) {
                throw error("nested deeper than " + DEPTH_MAX);
            }
            expect('{');
            String[] keys = new String[8];
            Object[] values = new Object[8];
            int size = 0;
            skipWhitespace();
            if (peek() == '}') {
                at++;
            } else {
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw error("expected a member name");
                    }
                    if (size == keys.length) {
                        keys = Arrays.copyOf(keys, size * 2);
                        values = Arrays.copyOf(values, size * 2);
                    }
                    keys[size] = key();
                    expect(':');
                    values[size++] = value();
                    skipWhitespace();
                    char c = peek();
                    at++;
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        at--;
                        throw error("expected ',' or '}'");
                    }
                }
            }
            depth--;
            return new Payload(size == keys.length ? keys : Arrays.copyOf(keys, size),
                    size == values.length ? values : Arrays.copyOf(values, size));
        }

        /**
         * A member name: the same few dozen names come in every payload, so a name without escapes is
         * looked up in {@link #NAME_CACHE} by its characters and the one String is reused.
         */
        String key() {
            int start = at + 1;
            int hash = 0;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    int slot = (hash ^ (hash >>> 16)) & (names.length - 1);
                    String known = names[slot];
                    if (known != null && known.length() == i - start && text.regionMatches(start, known, 0, known.length())) {
                        at = i + 1;
                        return known;
                    }
                    String name = string();
                    names[slot] = name;
                    return name;
                }
                if (c == '\\') {
                    break;
                }
                hash = 31 * hash + c;
            }
            return string();
        }

        List<Object> array() {
            if (++depth > DEPTH_MAX) {
                throw error("nested deeper than " + DEPTH_MAX);
            }
            expect('[');
            List<Object> items = new ArrayList<>(4);
            skipWhitespace();
            if (peek() == ']') {
                at++;
            } else {
                while (true) {
                    items.add(value());
                    skipWhitespace();
                    char c = peek();
                    at++;
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        at--;
                        throw error("expected ',' or ']'");
                    }
                }
            }
            depth--;
            return items;
        }

        Object value() {
            skipWhitespace();
            char c = peek();
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("expected a value");
                }
            };
        }

        Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("expected " + word);
            }
            at += word.length();
            return value;
        }

        Long number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            int digits = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            if (at == digits || (text.charAt(digits) == '0' && at - digits > 1)) {
                at = start;
                throw error("not a JSON integer");
            }
            char next = peek();
            if (next == '.' || next == 'e' || next == 'E') {
                at = start;
                throw error("payload numbers are integers");
            }
            try {
                return Long.parseLong(text, start, at, 10);
            } catch (NumberFormatException e) {
                at = start;
                throw error("integer out of range");
            }
        }

        /** A JSON string starting at its opening quote; escapes resolved. */
        String string() {
            at++;
            int start = at;
            // The common case: no escape, one substring.
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    return text.substring(start, at++);
                }
                if (c == '\\') {
                    break;
                }
                if (c < 0x20) {
                    throw error("unescaped control character in a string");
                }
                at++;
            }
            StringBuilder s = new StringBuilder(at - start + 16).append(text, start, at);
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return s.toString();
                }
                if (c < 0x20) {
                    at--;
                    throw error("unescaped control character in a string");
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = peek();
                at++;
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(text.charAt(at + i), 16);
                            if (d < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        at += 4;
                        s.append((char) code);
                    }
                    default -> {
                        at--;
                        throw error("bad escape");
                    }
                }
            }
            throw error("unterminated string");
        }

        IllegalStateException error(String what) {
            return new IllegalStateException("payload is not valid: " + what + " at character " + at);
        }
    }
}
