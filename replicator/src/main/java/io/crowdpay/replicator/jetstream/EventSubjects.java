package io.crowdpay.replicator.jetstream;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a stable event type name to its subject: {@code <prefix>.tx.<name in lower snake>.<version>},
 * e.g. {@code "FundsHeld.v1"} to {@code crowdpay.tx.funds_held.v1} and {@code "FXQuoteIssued.v2"} to
 * {@code crowdpay.tx.fx_quote_issued.v2}. The version stays its own token so a consumer can take
 * every version of one event ({@code crowdpay.tx.funds_held.*}) or everything ({@code crowdpay.tx.>}).
 *
 * <p>Every event goes under {@code tx}, reference-data ones ({@code UserUpserted.v1}...) included:
 * which types are reference data is known only to the engine's type registry, and a second list here
 * would drift from it. A {@code ref} branch can be added when that registry says so.
 */
public final class EventSubjects {

    static final String TRANSACTION_TOKEN = "tx";

    /** A stable type name: an upper camel name, a dot, a version ({@code FundsHeld.v1}). */
    private static final Pattern TYPE_SHAPE = Pattern.compile("([A-Z][A-Za-z0-9]*)\\.(v[1-9][0-9]*)");

    private final String prefix;

    public EventSubjects(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The subject for an event type; a malformed type is a bug upstream, so it throws. */
    public String forType(String type) {
        Matcher m = TYPE_SHAPE.matcher(type);
        if (!m.matches()) {
            throw new IllegalArgumentException("event type is not of the form Name.vN: " + type);
        }
        return prefix + "." + TRANSACTION_TOKEN + "." + lowerSnake(m.group(1)) + "." + m.group(2);
    }

    /** Every subject the publisher writes to, for a consumer's filter. */
    public String all() {
        return prefix + "." + TRANSACTION_TOKEN + ".>";
    }

    /**
     * {@code FundsHeld} to {@code funds_held}. A word starts at an upper-case letter that follows a
     * lower-case letter or digit, or that ends a run of capitals ({@code FXQuote} is {@code fx_quote}).
     */
    static String lowerSnake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (i > 0 && Character.isUpperCase(c) && startsWord(camel, i)) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static boolean startsWord(String s, int i) {
        char before = s.charAt(i - 1);
        boolean lowerNext = i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
        return !Character.isUpperCase(before) || lowerNext;
    }
}
