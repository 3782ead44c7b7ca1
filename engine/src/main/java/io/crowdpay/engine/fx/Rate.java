package io.crowdpay.engine.fx;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exchange rate: how many units of the bought currency one unit of the sold currency buys. Kept as
 * an exact decimal with at most {@value #DECIMALS_MAX} decimals, never a double.
 */
public record Rate(BigDecimal value) {

    public static final int DECIMALS_MAX = 10;

    public Rate {
        Objects.requireNonNull(value, "value");
        value = value.stripTrailingZeros();
        if (value.signum() <= 0 || value.scale() > DECIMALS_MAX || (long) value.precision() - value.scale() > 12) {
            throw new IllegalArgumentException("rate must be positive with at most " + DECIMALS_MAX + " decimals: " + value);
        }
        if (value.scale() < 0) {
            value = value.setScale(0);
        }
    }

    public static Rate parse(String text) {
        return new Rate(new BigDecimal(text));
    }

    /**
     * What selling {@code sell} buys in {@code buy}, rounded down to the bought currency's minor unit:
     * the customer never receives a fraction the liquidity provider did not deliver.
     */
    public Money convert(Money sell, Currency buy) {
        BigDecimal major = BigDecimal.valueOf(sell.minorUnits(), sell.currency().scale());
        BigDecimal bought = major.multiply(value).setScale(buy.scale(), RoundingMode.DOWN);
        return new Money(bought.unscaledValue().longValueExact(), buy);
    }

    public String toPlainString() {
        return value.toPlainString();
    }
}
