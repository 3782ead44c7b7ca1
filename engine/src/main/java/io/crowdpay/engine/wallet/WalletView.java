package io.crowdpay.engine.wallet;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.user.UserId;
import java.util.List;

/** An immutable copy of a wallet, safe to hand to the gateway's threads. */
public record WalletView(WalletId id, PodId pod, UserId owner, List<Line> balances) {

    public WalletView {
        balances = List.copyOf(balances);
    }

    /** One currency's balance at the time of the copy. */
    public record Line(Currency currency, long available, long held) {
        public long total() {
            return Math.addExact(available, held);
        }
    }
}
