package io.crowdpay.engine.config;

import io.crowdpay.engine.money.Currency;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The limits of one KYC tier, per currency, in minor units: the most one transaction may move and the
 * most a user may move in one UTC day. A currency missing from a map has a limit of zero.
 */
public record TierLimits(SortedMap<Currency, Long> perTransactionMax, SortedMap<Currency, Long> dailyMax) {

    public TierLimits {
        perTransactionMax = Collections.unmodifiableSortedMap(new TreeMap<>(perTransactionMax));
        dailyMax = Collections.unmodifiableSortedMap(new TreeMap<>(dailyMax));
    }

    public long perTransactionMax(Currency currency) {
        return perTransactionMax.getOrDefault(currency, 0L);
    }

    public long dailyMax(Currency currency) {
        return dailyMax.getOrDefault(currency, 0L);
    }
}
