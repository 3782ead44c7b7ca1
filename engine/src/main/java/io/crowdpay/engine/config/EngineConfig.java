package io.crowdpay.engine.config;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.user.User;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The rules the engine decides by. They reach it only through a journaled {@code Configure} command,
 * so replaying a journal replays the rules that were in force at each point, whatever the ops files
 * say today.
 *
 * @param currencies                 the currencies the service accepts at all
 * @param tiers                      limits per KYC tier, index = tier (0..{@link User#TIER_MAX})
 * @param fxQuoteTtlMillis           how long a quote stays firm
 * @param pendingLegsMax             transactions that may wait on an outside leg at once; past it,
 *                                   new ones are refused with CAPACITY_EXCEEDED (T003)
 * @param idempotencyKeysMax         idempotency keys kept at once; past it, CAPACITY_EXCEEDED
 * @param idempotencyRetentionMillis how long a key is kept (at least 24 h, as API.md promises)
 */
public record EngineConfig(SortedSet<Currency> currencies, List<TierLimits> tiers, RiskRules risk,
                           Sanctions sanctions, long fxQuoteTtlMillis, int pendingLegsMax,
                           int idempotencyKeysMax, long idempotencyRetentionMillis) {

    public static final long DAY_MILLIS = 86_400_000L;

    public EngineConfig {
        currencies = Collections.unmodifiableSortedSet(new TreeSet<>(currencies));
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(sanctions, "sanctions");
        if (tiers.size() != User.TIER_MAX + 1) {
            throw new IllegalArgumentException("limits must name every tier 0.." + User.TIER_MAX);
        }
        if (fxQuoteTtlMillis < 1_000 || fxQuoteTtlMillis > DAY_MILLIS) {
            throw new IllegalArgumentException("fx quote ttl must be 1 s .. 24 h");
        }
        if (pendingLegsMax < 1 || idempotencyKeysMax < 1) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        if (idempotencyRetentionMillis < DAY_MILLIS) {
            throw new IllegalArgumentException("idempotency keys must be kept at least 24 h");
        }
    }

    /**
     * The rules before any Configure command: no currency is accepted, so no money can move until the
     * service has journaled its configuration.
     */
    public static EngineConfig unconfigured() {
        TierLimits none = new TierLimits(new java.util.TreeMap<>(), new java.util.TreeMap<>());
        return new EngineConfig(new TreeSet<>(), List.of(none, none, none),
                new RiskRules(1, 1, new java.util.TreeMap<>()), Sanctions.NONE, 30_000, 1, 1, DAY_MILLIS);
    }

    public boolean supports(Currency currency) {
        return currencies.contains(currency);
    }

    public TierLimits limitsFor(int tier) {
        return tiers.get(tier);
    }
}
