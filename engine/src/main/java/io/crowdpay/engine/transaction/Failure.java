package io.crowdpay.engine.transaction;

/** Why a transaction failed: a stable machine-readable code and the counterparty's reason text. */
public record Failure(String code, String reason) {

    public static final String LEG_FAILED = "leg_failed";
    public static final String LEG_TIMEOUT = "leg_timeout";
    public static final String AML_HIT = "aml_hit";
}
