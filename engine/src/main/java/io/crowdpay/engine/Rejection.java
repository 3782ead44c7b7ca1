package io.crowdpay.engine;

/**
 * Expected refusals, as values with stable names. The gateway maps each once to an error code and
 * HTTP status; the engine never throws for these. The reason word on the wire is the lower-case name.
 */
public enum Rejection {
    // T001: validation
    INVALID_REQUEST, KYC_NOT_VERIFIED, LIMIT_EXCEEDED, SANCTIONS_HIT, FX_QUOTE_EXPIRED, FX_QUOTE_INVALID,
    RISK_REJECTED, CURRENCY_NOT_SUPPORTED, UNKNOWN_WALLET, UNKNOWN_POD,
    // T002: idempotency
    IDEMPOTENCY_KEY_REUSED,
    // T003: the engine's own bounded capacity is used up
    CAPACITY_EXCEEDED,
    // T004
    INSUFFICIENT_FUNDS,
    // T007: authenticated but not allowed
    NOT_A_MEMBER, ROLE_NOT_ALLOWED,
    // T008
    NOT_FOUND;

    public String reason() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
