package io.crowdpay.engine.wallet;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A wallet: one balance per currency it accepts. It belongs to a pod or to a user, never both.
 * Balances are kept in insertion order so that snapshots and state hashes are deterministic.
 */
public final class Wallet {

    public static final int CURRENCIES_MAX = 20;

    private final WalletId id;
    private PodId pod;
    private UserId owner;
    private final Map<Currency, Balance> balances = new LinkedHashMap<>();

    public Wallet(WalletId id, PodId pod, UserId owner) {
        this.id = Objects.requireNonNull(id, "id");
        this.pod = pod;
        this.owner = owner;
    }

    public WalletId id() {
        return id;
    }

    /** The pod this wallet belongs to, or null for a personal wallet. */
    public PodId pod() {
        return pod;
    }

    /** The owning user of a personal wallet, or null for a pod's wallet. */
    public UserId owner() {
        return owner;
    }

    public void setOwner(UserId owner) {
        this.owner = owner;
    }

    public boolean accepts(Currency currency) {
        return balances.containsKey(currency);
    }

    /** Opens a balance for the currency if there is none; an existing balance is never dropped. */
    public void open(Currency currency) {
        balances.computeIfAbsent(currency, c -> new Balance());
    }

    /** Closes an empty balance; the caller checked that nothing is in it. */
    public void close(Currency currency) {
        Balance balance = balances.get(currency);
        if (balance != null && balance.total() != 0) {
            throw new IllegalStateException("closing a non-empty balance of " + currency + " in " + id);
        }
        balances.remove(currency);
    }

    /** Restores a balance from a snapshot. */
    public void restore(Currency currency, long available, long held) {
        balances.put(currency, new Balance(available, held));
    }

    public Balance balance(Currency currency) {
        Balance balance = balances.get(currency);
        if (balance == null) {
            throw new IllegalStateException("wallet " + id + " has no " + currency + " balance");
        }
        return balance;
    }

    public Map<Currency, Balance> balances() {
        return java.util.Collections.unmodifiableMap(balances);
    }

    /** An immutable copy for readers on other threads. */
    public WalletView view() {
        // A plain loop: every GetWallet makes a view, and a stream pipeline costs several objects more.
        WalletView.Line[] lines = new WalletView.Line[balances.size()];
        int i = 0;
        for (Map.Entry<Currency, Balance> e : balances.entrySet()) {
            lines[i++] = new WalletView.Line(e.getKey(), e.getValue().available(), e.getValue().held());
        }
        return new WalletView(id, pod, owner, List.of(lines));
    }
}
