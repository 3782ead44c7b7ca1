package io.crowdpay.engine.ledger;

/**
 * Thrown when a ledger invariant breaks. It is a bug, never an expected refusal: the processor must
 * stop rather than go on moving money on a wrong ledger.
 */
public final class LedgerInvariantViolation extends IllegalStateException {
    public LedgerInvariantViolation(String message) {
        super(message);
    }
}
