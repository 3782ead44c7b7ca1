package io.crowdpay.engine.transaction;

/** PENDING -> SETTLED or FAILED; SETTLED -> REVERSED only by a compensating command. */
public enum TransactionStatus {
    PENDING, SETTLED, FAILED, REVERSED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
