package io.crowdpay.engine.transaction;

import io.crowdpay.engine.fx.QuoteId;
import io.crowdpay.engine.fx.Rate;
import io.crowdpay.engine.money.Money;

/** The quote an FX swap used, its rate, and what it buys. */
public record FxDetails(QuoteId quoteId, Rate rate, Money buy) {
}
