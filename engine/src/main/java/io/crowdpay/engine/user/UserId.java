package io.crowdpay.engine.user;

import io.crowdpay.engine.Ids;

/** The id of a user, as other CrowdPay services know them; the JWT {@code sub} of the actor. */
public record UserId(String value) {
    public UserId {
        Ids.checked(value, "user id");
    }

    /*
     * equals and hashCode are written out, with the same results as the generated ones: ids are the
     * keys of the engine's hot maps, and the generated versions go through method handles that cost
     * several times a plain String comparison on every lookup of every command.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof UserId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
