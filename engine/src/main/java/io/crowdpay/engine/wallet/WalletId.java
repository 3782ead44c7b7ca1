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

    @Override
    public String toString() {
        return value;
    }
}
