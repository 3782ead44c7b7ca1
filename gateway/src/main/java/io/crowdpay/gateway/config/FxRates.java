package io.crowdpay.gateway.config;

import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Currency;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded FX rate source: rates from {@code ops/fx-rates.properties}. The gateway asks it for a
 * rate, then journals the rate inside the quote command, so the engine never looks one up itself.
 * The FX quote service ({@code FX_QUOTE_SERVICE_URL}) replaces this in a later issue.
 */
public final class FxRates {

    private final Map<String, Rate> rates;

    private FxRates(Map<String, Rate> rates) {
        this.rates = Map.copyOf(rates);
    }

    public static FxRates load(Path file) throws IOException {
        Properties p = OpsFiles.load(file);
        Map<String, Rate> rates = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            String[] pair = key.split("\\.");
            if (pair.length != 2) {
                throw new OpsFiles.Invalid(file + ": key " + key + " must be SELL.BUY, e.g. EUR.USD");
            }
            Currency sell = OpsFiles.currency(pair[0], file, key);
            Currency buy = OpsFiles.currency(pair[1], file, key);
            Rate rate;
            try {
                rate = Rate.parse(p.getProperty(key).strip());
            } catch (IllegalArgumentException e) {
                throw new OpsFiles.Invalid(file + ": " + key + ": " + e.getMessage());
            }
            rates.put(sell.code() + buy.code(), rate);
            BigDecimal inverse = BigDecimal.ONE.divide(rate.value(), Rate.DECIMALS_MAX, RoundingMode.DOWN);
            rates.putIfAbsent(buy.code() + sell.code(), new Rate(inverse));
        }
        return new FxRates(rates);
    }

    public Optional<Rate> rate(Currency sell, Currency buy) {
        return Optional.ofNullable(rates.get(sell.code() + buy.code()));
    }
}
