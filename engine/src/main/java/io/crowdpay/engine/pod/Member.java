package io.crowdpay.engine.pod;

import io.crowdpay.engine.user.UserId;
import java.util.Objects;

/** A user's membership of a pod. */
public record Member(UserId userId, Role role) {
    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }
}
