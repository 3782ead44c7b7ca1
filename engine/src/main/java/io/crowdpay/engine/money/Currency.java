package io.crowdpay.engine.money;

import java.util.Objects;

/**
 * An ISO 4217 currency code with its minor-unit scale (2 for EUR, 0 for JPY, 3 for BHD). The scale
 * comes from the JDK's ISO 4217 table; whether the service accepts a currency is a separate question
 * answered by the engine's configuration.
 */
public record Currency(String code, int scale) implements Comparable<Currency> {

    /** Every currency the JDK knows with a fixed minor unit, made once: decoding allocates none. */
    private static final java.util.Map<String, Currency> KNOWN = known();

    public Currency {
        Objects.requireNonNull(code, "code");
        if (!isCode(code)) {
            throw new IllegalArgumentException("not an ISO 4217 code: " + code);
        }
        if (scale < 0 || scale > 4) {
            throw new IllegalArgumentException("unsupported scale " + scale + " for " + code);
        }
    }

    /**
     * The currency for an ISO 4217 code, or null when the code is not a real currency with a fixed
     * minor unit (unknown codes, gold, special drawing rights).
     */
    public static Currency ofCode(String code) {
        return code == null ? null : KNOWN.get(code);
    }

    /** The known instance for this code and scale, or a new one; used by decoders. */
    public static Currency of(String code, int scale) {
        Currency known = code == null ? null : KNOWN.get(code);
        return known != null && known.scale == scale ? known : new Currency(code, scale);
    }

    private static boolean isCode(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static java.util.Map<String, Currency> known() {
        java.util.Map<String, Currency> all = new java.util.HashMap<>();
        for (java.util.Currency iso : java.util.Currency.getAvailableCurrencies()) {
            int scale = iso.getDefaultFractionDigits();
            if (scale >= 0 && scale <= 4 && isCode(iso.getCurrencyCode())) {
                all.put(iso.getCurrencyCode(), new Currency(iso.getCurrencyCode(), scale));
            }
        }
        return java.util.Map.copyOf(all);
    }

    /*
     * Written out with the same results as the generated ones: currencies key every balance and limit
     * lookup, and the generated versions dispatch through method handles on each call.
     */
    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Currency that && scale == that.scale && code.equals(that.code);
    }

    @Override
    public int hashCode() {
        return 31 * code.hashCode() + scale;
    }

    @Override
    public int compareTo(Currency other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
