package io.crowdpay.engine.pod;

import io.crowdpay.engine.transaction.TransactionType;

/**
 * A member's role in a pod and what it allows. Owners and admins may do everything; members may top
 * up and pay out of the pod to a wallet (TRANSFER); viewers may only read. Withdrawing to a bank and
 * swapping currencies change what the whole group holds, so they need an admin.
 */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    public boolean mayInitiate(TransactionType type) {
        return switch (this) {
            case OWNER, ADMIN -> true;
            case MEMBER -> type == TransactionType.TRANSFER || type == TransactionType.TOP_UP;
            case VIEWER -> false;
        };
    }

    /** Quotes are the first step of an FX swap, so whoever may swap may ask for one. */
    public boolean mayRequestQuote() {
        return mayInitiate(TransactionType.FX_SWAP);
    }
}
