package io.crowdpay.replicator;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the canonical JSON of an event payload: sorted maps of strings, longs, booleans, lists and
 * sorted maps, with no whitespace, in exactly the bytes Jackson writes for the same tree with
 * {@code ORDER_MAP_ENTRIES_BY_KEYS} (the test holds it to that). Hand-written because it runs on a
 * ring output thread for every event: a general-purpose serializer costs several times more here.
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalJson() {
    }

    static String write(SortedMap<String, Object> payload) {
        StringBuilder out = new StringBuilder(512);
        value(out, payload);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value) {
        switch (value) {
            case String s -> string(out, s);
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Boolean b -> out.append(b.booleanValue());
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
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
