package io.crowdpay.engine.fx;

import io.crowdpay.engine.Ids;

/** The id of an FX quote, made by the service ({@code q_} prefix). */
public record QuoteId(String value) {
    public QuoteId {
        Ids.checked(value, "quote id");
    }

    @Override
    public String toString() {
        return value;
    }
}
