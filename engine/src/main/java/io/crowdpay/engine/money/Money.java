package io.crowdpay.engine.money;

import java.util.Objects;

/**
 * An amount of money in integer minor units of an ISO 4217 currency (cents for EUR, yen for JPY).
 * Never a float: every arithmetic step is exact and overflow throws, because a ledger that silently
 * wraps around is worse than one that stops.
 */
public record Money(long minorUnits, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    public boolean isPositive() {
        return minorUnits > 0;
    }

    /** The amount as a decimal string with exactly the currency's minor-unit digits, e.g. "250.00". */
    public String toDecimalString() {
        return Amounts.format(minorUnits, currency.scale());
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency.code();
    }
}
