package io.crowdpay.engine.user;

/** Where a user stands in know-your-customer checks; only VERIFIED users may move money. */
public enum KycStatus {
    NONE, PENDING, VERIFIED, REJECTED
}
