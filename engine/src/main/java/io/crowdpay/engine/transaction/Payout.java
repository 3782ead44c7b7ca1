package io.crowdpay.engine.transaction;

import java.util.Objects;

/** Where a withdrawal goes: a bank account by IBAN, in a holder's name, with an optional BIC. */
public record Payout(String iban, String name, String bic) {
    public Payout {
        Objects.requireNonNull(iban, "iban");
        Objects.requireNonNull(name, "name");
    }
}
