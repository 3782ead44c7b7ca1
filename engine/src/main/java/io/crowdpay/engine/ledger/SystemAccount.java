package io.crowdpay.engine.ledger;

/**
 * The clearing accounts through which money enters and leaves the ledger. Their balances are the
 * mirror image of the customers': a top-up debits FUNDING_CLEARING and credits a wallet, so that per
 * currency every account sums to zero.
 */
public enum SystemAccount {
    /** Card and bank funding that has come in; negative by what customers have topped up. */
    FUNDING_CLEARING,
    /** Money paid out to banks; positive by what customers have withdrawn. */
    PAYOUT_CLEARING,
    /** The FX liquidity provider: takes the sold currency, gives the bought one. */
    FX_LIQUIDITY
}
