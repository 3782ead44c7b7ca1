package io.crowdpay.engine.transaction;

import io.crowdpay.engine.Ids;

/** The id of a transaction, made by the gateway ({@code tx_} prefix) and journaled with the command. */
public record TransactionId(String value) {
    public TransactionId {
        Ids.checked(value, "transaction id");
    }

    /*
     * equals and hashCode are written out, with the same results as the generated ones: ids are the
     * keys of the engine's hot maps, and the generated versions go through method handles that cost
     * several times a plain String comparison on every lookup of every command.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionId that && value.equals(that.value);
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
