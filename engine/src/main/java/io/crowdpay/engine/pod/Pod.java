package io.crowdpay.engine.pod;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod: a group of members with roles sharing one multi-currency wallet. The wallet's id is derived
 * from the pod's ({@code pw_<pod_id>}), a prefix that client-chosen wallet ids may not use.
 */
public record Pod(PodId id, String name, List<Currency> currencies, List<Member> members) {

    public static final int MEMBERS_MAX = 500;
    public static final int CURRENCIES_MAX = 20;
    public static final int NAME_LENGTH_MAX = 200;

    public Pod {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        currencies = List.copyOf(currencies);
        members = List.copyOf(members);
    }

    public WalletId walletId() {
        return WalletId.ofPod(id);
    }

    public Optional<Role> roleOf(UserId user) {
        for (Member member : members) {
            if (member.userId().equals(user)) {
                return Optional.of(member.role());
            }
        }
        return Optional.empty();
    }
}
