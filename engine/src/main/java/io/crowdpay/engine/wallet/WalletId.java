package io.crowdpay.engine.wallet;

import io.crowdpay.engine.Ids;
import io.crowdpay.engine.pod.PodId;

/** The id of a wallet: a pod's shared wallet ({@code pw_} prefix) or a personal one. */
public record WalletId(String value) {

    /** Prefix of the wallets the service makes for pods; client-chosen wallet ids may not use it. */
    public static final String POD_WALLET_PREFIX = "pw_";

    public WalletId {
        Ids.checked(value, "wallet id");
    }

    public static WalletId ofPod(PodId pod) {
        return new WalletId(POD_WALLET_PREFIX + pod.value());
    }

    public boolean isPodWallet() {
        return value.startsWith(POD_WALLET_PREFIX);
    }

    /*
     * equals and hashCode are written out, with the same results as the generated ones: ids are the
     * keys of the engine's hot maps, and the generated versions go through method handles that cost
     * several times a plain String comparison on every lookup of every command.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof WalletId that && value.equals(that.value);
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
