package io.crowdpay.engine.fx;

import io.crowdpay.engine.Ids;

/** The id of an FX quote, made by the service ({@code q_} prefix). */
public record QuoteId(String value) {
    public QuoteId {
        Ids.checked(value, "quote id");
    }

    /*
     * equals and hashCode are written out, with the same results as the generated ones: ids are the
     * keys of the engine's hot maps, and the generated versions go through method handles that cost
     * several times a plain String comparison on every lookup of every command.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof QuoteId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
