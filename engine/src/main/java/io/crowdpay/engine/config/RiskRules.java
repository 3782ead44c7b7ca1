package io.crowdpay.engine.config;

import io.crowdpay.engine.money.Currency;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The risk engine's rules: velocity (at most {@code velocityCountMax} transactions per user within
 * {@code velocityWindowMillis}) and amount thresholds (reject single transactions above the amount
 * per currency, in minor units, whatever the tier allows).
 */
public record RiskRules(int velocityCountMax, long velocityWindowMillis, SortedMap<Currency, Long> rejectAbove) {

    public static final int VELOCITY_COUNT_LIMIT = 10_000;

    public RiskRules {
        if (velocityCountMax < 1 || velocityCountMax > VELOCITY_COUNT_LIMIT) {
            throw new IllegalArgumentException("velocity count must be 1.." + VELOCITY_COUNT_LIMIT);
        }
        if (velocityWindowMillis < 1) {
            throw new IllegalArgumentException("velocity window must be positive");
        }
        rejectAbove = Collections.unmodifiableSortedMap(new TreeMap<>(rejectAbove));
    }

    /** Whether an amount is above the threshold for its currency (no threshold: never). */
    public boolean rejects(Currency currency, long minorUnits) {
        Long threshold = rejectAbove.get(currency);
        return threshold != null && minorUnits > threshold;
    }
}
