package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.JPY;
import static io.crowdpay.engine.EngineFixture.USD;

import io.crowdpay.engine.config.EngineConfig;
import io.crowdpay.engine.config.RiskRules;
import io.crowdpay.engine.config.Sanctions;
import io.crowdpay.engine.config.TierLimits;
import io.crowdpay.engine.money.Currency;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A realistic configuration for tests, as ops would write it, with knobs for the rules a test wants to
 * squeeze. All limits are in minor units.
 *
 * <pre>
 * tier  per transaction (EUR/USD/GBP, JPY)   per UTC day (EUR/USD/GBP, JPY)
 *  0          100.00,    15 000                   200.00,    30 000
 *  1        1 000.00,   150 000                 3 000.00,   450 000
 *  2       10 000.00, 1 500 000                30 000.00, 4 500 000
 * </pre>
 * Risk: at most 20 initiations per user per minute; any single EUR amount above 5 000.00 is refused.
 */
public final class ConfigBuilder {

    public static final long[] PER_TRANSACTION_MAX_CENTS = {10_000, 100_000, 1_000_000};
    public static final long[] DAILY_MAX_CENTS = {20_000, 300_000, 3_000_000};
    public static final long[] PER_TRANSACTION_MAX_YEN = {15_000, 150_000, 1_500_000};
    public static final long[] DAILY_MAX_YEN = {30_000, 450_000, 4_500_000};
    public static final long RISK_REJECT_ABOVE_EUR_CENTS = 500_000;

    private Set<Currency> currencies = Set.of(EUR, USD, JPY, GBP);
    private int velocityCountMax = 20;
    private long velocityWindowMillis = 60_000;
    private long fxQuoteTtlMillis = 30_000;
    private int pendingLegsMax = 50;
    private int idempotencyKeysMax = 1_000;
    private long idempotencyRetentionMillis = EngineConfig.DAY_MILLIS;

    private ConfigBuilder() {
    }

    public static ConfigBuilder standard() {
        return new ConfigBuilder();
    }

    public ConfigBuilder currencies(Currency... currencies) {
        this.currencies = Set.of(currencies);
        return this;
    }

    public ConfigBuilder velocity(int countMax, long windowMillis) {
        this.velocityCountMax = countMax;
        this.velocityWindowMillis = windowMillis;
        return this;
    }

    public ConfigBuilder fxQuoteTtlMillis(long millis) {
        this.fxQuoteTtlMillis = millis;
        return this;
    }

    public ConfigBuilder pendingLegsMax(int max) {
        this.pendingLegsMax = max;
        return this;
    }

    public ConfigBuilder idempotencyKeysMax(int max) {
        this.idempotencyKeysMax = max;
        return this;
    }

    public ConfigBuilder idempotencyRetentionMillis(long millis) {
        this.idempotencyRetentionMillis = millis;
        return this;
    }

    public EngineConfig build() {
        List<TierLimits> tiers = List.of(tier(0), tier(1), tier(2));
        var rejectAbove = new TreeMap<Currency, Long>();
        rejectAbove.put(EUR, RISK_REJECT_ABOVE_EUR_CENTS);
        var sanctions = new Sanctions(
                new TreeSet<>(Set.of(EngineFixture.SANCTIONED_NAME)),
                new TreeSet<>(Set.of(EngineFixture.SANCTIONED_IBAN)),
                new TreeSet<>(Set.of(EngineFixture.SANCTIONED.value(), EngineFixture.SHADY.value())),
                new TreeSet<>(Set.of(EngineFixture.BLOCKED_WALLET.value())));
        return new EngineConfig(new TreeSet<>(currencies), tiers, new RiskRules(velocityCountMax, velocityWindowMillis, rejectAbove),
                sanctions, fxQuoteTtlMillis, pendingLegsMax, idempotencyKeysMax, idempotencyRetentionMillis);
    }

    private static TierLimits tier(int tier) {
        var perTransaction = new TreeMap<Currency, Long>();
        var daily = new TreeMap<Currency, Long>();
        for (Currency currency : List.of(EUR, USD, GBP)) {
            perTransaction.put(currency, PER_TRANSACTION_MAX_CENTS[tier]);
            daily.put(currency, DAILY_MAX_CENTS[tier]);
        }
        perTransaction.put(JPY, PER_TRANSACTION_MAX_YEN[tier]);
        daily.put(JPY, DAILY_MAX_YEN[tier]);
        return new TierLimits(perTransaction, daily);
    }
}
