package io.crowdpay.engine.transaction;

import java.util.Objects;

/** Where a top-up's money comes from: a card or a bank transfer, with the payer's reference. */
public record FundingSource(Kind type, String reference) {

    /** The kinds of funding the embedded and real funding legs understand. */
    public enum Kind { CARD, BANK }

    public FundingSource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
    }
}
