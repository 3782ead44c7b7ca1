package io.crowdpay.engine.user;

import java.util.Objects;

/**
 * A user as the KYC service last reported them. The tier selects the limits in the engine's
 * configuration; 0 is the lowest.
 */
public record User(UserId id, KycStatus kycStatus, int kycTier) {

    public static final int TIER_MAX = 2;

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kycStatus, "kycStatus");
        if (kycTier < 0 || kycTier > TIER_MAX) {
            throw new IllegalArgumentException("kyc tier must be 0.." + TIER_MAX);
        }
    }

    public boolean isVerified() {
        return kycStatus == KycStatus.VERIFIED;
    }
}
