package io.crowdpay.engine.user;

import io.crowdpay.engine.Ids;

/** The id of a user, as other CrowdPay services know them; the JWT {@code sub} of the actor. */
public record UserId(String value) {
    public UserId {
        Ids.checked(value, "user id");
    }

    @Override
    public String toString() {
        return value;
    }
}
