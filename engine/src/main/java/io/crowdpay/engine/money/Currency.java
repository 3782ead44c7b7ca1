package io.crowdpay.engine.money;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An ISO 4217 currency code with its minor-unit scale (2 for EUR, 0 for JPY, 3 for BHD). The scale
 * comes from the JDK's ISO 4217 table; whether the service accepts a currency is a separate question
 * answered by the engine's configuration.
 */
public record Currency(String code, int scale) implements Comparable<Currency> {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    public Currency {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
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
        if (code == null || !CODE.matcher(code).matches()) {
            return null;
        }
        java.util.Currency iso;
        try {
            iso = java.util.Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        int scale = iso.getDefaultFractionDigits();
        return scale < 0 || scale > 4 ? null : new Currency(code, scale);
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
