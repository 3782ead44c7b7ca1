package io.crowdpay.engine.transaction;

import io.crowdpay.engine.Ids;

/** The id of a transaction, made by the gateway ({@code tx_} prefix) and journaled with the command. */
public record TransactionId(String value) {
    public TransactionId {
        Ids.checked(value, "transaction id");
    }

    @Override
    public String toString() {
        return value;
    }
}
