package io.crowdpay.engine.transaction;

/** The four money movements the service accepts. */
public enum TransactionType {
    TRANSFER, TOP_UP, WITHDRAWAL, FX_SWAP;

    /** The outside leg that must confirm before the transaction settles, or null for none. */
    public Leg externalLeg() {
        return switch (this) {
            case TRANSFER -> null;
            case TOP_UP -> Leg.FUNDING;
            case WITHDRAWAL -> Leg.PAYOUT;
            case FX_SWAP -> Leg.FX;
        };
    }
}
