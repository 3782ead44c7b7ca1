package io.crowdpay.replicator;

import io.crowdpay.engine.money.Money;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the canonical JSON of an event payload: objects with their keys sorted, strings, longs,
 * booleans, lists and money, with no whitespace, in exactly the bytes Jackson writes for the same
 * tree with {@code ORDER_MAP_ENTRIES_BY_KEYS} (the tests hold it to that). Hand-written because it
 * runs on a ring output thread for every event: a general-purpose serializer costs several times more
 * here, and so did building each payload as TreeMaps first (6.5 KB and ~4 µs per transfer's four
 * events, BENCHMARKS.md).
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Longest text a thread's reused builder keeps between payloads; a larger one is let go. */
    private static final int KEPT_CHARS_MAX = 16 * 1024;

    private static final ThreadLocal<StringBuilder> BUILDERS = ThreadLocal.withInitial(() -> new StringBuilder(1_024));

    private CanonicalJson() {
    }

    /**
     * A JSON object being built: members kept in key order (String order, as a TreeMap keeps them),
     * absent (null) values left out, so "absent" has one spelling. Payloads have a dozen keys at most,
     * so an insertion into two small arrays beats a tree's node per member.
     */
    static final class Obj {
        private String[] keys = new String[8];
        private Object[] values = new Object[8];
        private int size;

        Obj put(String key, Object value) {
            if (value == null) {
                return this;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size;
            while (i > 0 && keys[i - 1].compareTo(key) > 0) {
                keys[i] = keys[i - 1];
                values[i] = values[i - 1];
                i--;
            }
            if (i > 0 && keys[i - 1].equals(key)) {
                throw new IllegalArgumentException("payload key " + key + " put twice");
            }
            keys[i] = key;
            values[i] = value;
            size++;
            return this;
        }
    }

    /** The canonical text of a payload: an {@link Obj} or a sorted map. */
    static String write(Object payload) {
        StringBuilder out = BUILDERS.get();
        out.setLength(0);
        value(out, payload);
        String text = out.toString();
        if (out.capacity() > KEPT_CHARS_MAX) {
            BUILDERS.remove();
        }
        return text;
    }

    private static void value(StringBuilder out, Object value) {
        switch (value) {
            case String s -> string(out, s);
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Boolean b -> out.append(b.booleanValue());
            case Obj o -> {
                out.append('{');
                for (int i = 0; i < o.size; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, o.keys[i]);
                    out.append(':');
                    value(out, o.values[i]);
                }
                out.append('}');
            }
            case Money m -> {
                // {"currency", "value"}: the keys in order, the value a decimal string in minor digits.
                out.append("{\"currency\":");
                string(out, m.currency().code());
                out.append(",\"value\":");
                string(out, m.toDecimalString());
                out.append('}');
            }
            case SortedMap<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, (String) e.getKey());
                    out.append(':');
                    value(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a canonical payload value: " + value.getClass());
        }
    }

    /** JSON string escaping as Jackson does it: quote, backslash, and control characters. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        // Runs of characters that need no escape (all of them, in nearly every id and amount) are
        // copied in one append each instead of one append per character.
        int run = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, run, n);
        out.append('"');
    }
}
