package io.crowdpay.engine.transaction;

/**
 * An outside step a transaction waits for: card or bank funding of a top-up, the bank payout of a
 * withdrawal, the liquidity provider's side of an FX swap. Answers arrive as journaled inputs.
 */
public enum Leg {
    FUNDING, PAYOUT, FX
}
