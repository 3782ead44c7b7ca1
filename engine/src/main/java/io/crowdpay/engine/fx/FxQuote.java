package io.crowdpay.engine.fx;

import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.user.UserId;
import java.util.Objects;

/**
 * A firm FX quote for one pod: sell this, buy that, until {@code expiresAtMillis}. Single use: the
 * swap that uses it marks it used.
 */
public record FxQuote(QuoteId id, PodId pod, UserId requestedBy, Money sell, Money buy, Rate rate,
                      long issuedAtMillis, long expiresAtMillis, boolean used) {

    public FxQuote {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(sell, "sell");
        Objects.requireNonNull(buy, "buy");
        Objects.requireNonNull(rate, "rate");
    }

    public boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    public FxQuote markUsed() {
        return new FxQuote(id, pod, requestedBy, sell, buy, rate, issuedAtMillis, expiresAtMillis, true);
    }
}
