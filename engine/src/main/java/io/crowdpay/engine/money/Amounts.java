package io.crowdpay.engine.money;

/**
 * Parsing and formatting of decimal amount strings, exactly and without floating point. The parser
 * is strict on purpose: a payments API that guesses at "1e3" or "1,000.00" moves the wrong amount.
 */
public final class Amounts {

    /** Amounts must be below 10^12 major units: far above any real payment, far below overflow. */
    public static final int INTEGER_DIGITS_MAX = 12;

    private Amounts() {
    }

    /** Why an amount string was refused; {@link #NONE} when it was accepted. */
    public enum Problem {
        NONE, MALFORMED, TOO_MANY_DECIMALS, NOT_POSITIVE, TOO_LARGE
    }

    /** The result of parsing: minor units when {@code problem == NONE}. */
    public record Parsed(long minorUnits, Problem problem) {
        static Parsed failed(Problem problem) {
            return new Parsed(0, problem);
        }
    }

    /**
     * Parses a plain decimal string ("250", "250.5", "250.00") into minor units of the given scale.
     * Refuses signs, exponents, separators, whitespace, more decimals than the scale, zero, and values
     * with more than {@value #INTEGER_DIGITS_MAX} integer digits (after leading zeros).
     */
    public static Parsed parse(String value, int scale) {
        if (value == null || value.isEmpty()) {
            return Parsed.failed(Problem.MALFORMED);
        }
        int dot = value.indexOf('.');
        String integerPart = dot < 0 ? value : value.substring(0, dot);
        String fractionPart = dot < 0 ? "" : value.substring(dot + 1);
        if (integerPart.isEmpty() || !allDigits(integerPart) || (dot >= 0 && (fractionPart.isEmpty() || !allDigits(fractionPart)))) {
            return Parsed.failed(Problem.MALFORMED);
        }
        if (fractionPart.length() > scale) {
            // "250.10" for a scale of 1 would be fine mathematically, but the contract says never more
            // digits than the minor unit, so that clients cannot rely on silent trimming.
            return Parsed.failed(Problem.TOO_MANY_DECIMALS);
        }
        String significant = stripLeadingZeros(integerPart);
        if (significant.length() > INTEGER_DIGITS_MAX) {
            return Parsed.failed(Problem.TOO_LARGE);
        }
        long minor = significant.isEmpty() ? 0 : Long.parseLong(significant);
        for (int i = 0; i < scale; i++) {
            minor = minor * 10 + (i < fractionPart.length() ? fractionPart.charAt(i) - '0' : 0);
        }
        return minor <= 0 ? Parsed.failed(Problem.NOT_POSITIVE) : new Parsed(minor, Problem.NONE);
    }

    /** Formats minor units with exactly {@code scale} decimals; negative values keep their sign. */
    public static String format(long minorUnits, int scale) {
        if (scale == 0) {
            return Long.toString(minorUnits);
        }
        boolean negative = minorUnits < 0;
        String digits = minorUnits == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(minorUnits));
        if (digits.length() <= scale) {
            digits = "0".repeat(scale - digits.length() + 1) + digits;
        }
        int split = digits.length() - scale;
        return (negative ? "-" : "") + digits.substring(0, split) + "." + digits.substring(split);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
