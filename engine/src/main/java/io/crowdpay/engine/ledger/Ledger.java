package io.crowdpay.engine.ledger;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.wallet.Balance;
import io.crowdpay.engine.wallet.Wallet;
import io.crowdpay.engine.wallet.WalletId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The double-entry ledger over wallets and system clearing accounts. Every method moves money in a
 * balanced pair, so per currency the sum over all accounts stays zero; holds move money between the
 * available and held parts of one wallet balance. Each posting checks that no available or held
 * amount goes negative and throws {@link LedgerInvariantViolation} if one would: those checks stay
 * on in production.
 */
public final class Ledger {

    private final Map<WalletId, Wallet> wallets = new LinkedHashMap<>();
    /**
     * The same pods' wallets by pod: every Initiate starts from its pod, and deriving the wallet id
     * ({@code pw_} + pod id) built and hashed a new string several times per command.
     */
    private final Map<PodId, Wallet> podWallets = new HashMap<>();
    private final Map<SystemAccount, Map<Currency, Long>> system = new EnumMap<>(SystemAccount.class);

    public Ledger() {
        for (SystemAccount account : SystemAccount.values()) {
            system.put(account, new LinkedHashMap<>());
        }
    }

    public Wallet wallet(WalletId id) {
        return wallets.get(id);
    }

    public void add(Wallet wallet) {
        if (wallets.putIfAbsent(wallet.id(), wallet) != null) {
            throw new IllegalStateException("wallet exists: " + wallet.id());
        }
        if (wallet.pod() != null) {
            podWallets.put(wallet.pod(), wallet);
        }
    }

    /** The wallet of a pod (the one {@code Pod.walletId()} names), or null when there is none. */
    public Wallet podWallet(PodId pod) {
        return podWallets.get(pod);
    }

    public Map<WalletId, Wallet> wallets() {
        return Collections.unmodifiableMap(wallets);
    }

    public long systemBalance(SystemAccount account, Currency currency) {
        return system.get(account).getOrDefault(currency, 0L);
    }

    public Map<Currency, Long> systemBalances(SystemAccount account) {
        return Collections.unmodifiableMap(system.get(account));
    }

    public void restoreSystemBalance(SystemAccount account, Currency currency, long balance) {
        system.get(account).put(currency, balance);
    }

    /** Moves money from available to held in one wallet; the caller checked that it is available. */
    public void hold(WalletId walletId, Money amount) {
        Balance balance = balanceOf(walletId, amount);
        balance.addAvailable(-amount.minorUnits());
        balance.addHeld(amount.minorUnits());
        checkNonNegative(walletId, amount.currency(), balance);
    }

    /** Undoes a hold: the held money becomes available again. */
    public void release(WalletId walletId, Money amount) {
        Balance balance = balanceOf(walletId, amount);
        balance.addHeld(-amount.minorUnits());
        balance.addAvailable(amount.minorUnits());
        checkNonNegative(walletId, amount.currency(), balance);
    }

    /** Settles a hold into another wallet: debit the source's held part, credit the target's available. */
    public void settleHeldToWallet(WalletId source, WalletId target, Money amount) {
        Balance from = balanceOf(source, amount);
        Balance to = balanceOf(target, amount);
        from.addHeld(-amount.minorUnits());
        to.addAvailable(amount.minorUnits());
        checkNonNegative(source, amount.currency(), from);
    }

    /** Settles a hold out of the ledger: debit the source's held part, credit a clearing account. */
    public void settleHeldToSystem(WalletId source, SystemAccount target, Money amount) {
        Balance from = balanceOf(source, amount);
        from.addHeld(-amount.minorUnits());
        addSystem(target, amount.currency(), amount.minorUnits());
        checkNonNegative(source, amount.currency(), from);
    }

    /** Brings money into a wallet's available part from a clearing account. */
    public void creditFromSystem(SystemAccount source, WalletId target, Money amount) {
        Balance to = balanceOf(target, amount);
        addSystem(source, amount.currency(), -amount.minorUnits());
        to.addAvailable(amount.minorUnits());
    }

    /** The available part of a wallet's balance in a currency; 0 for an unknown wallet or currency. */
    public long available(WalletId walletId, Currency currency) {
        Wallet wallet = wallets.get(walletId);
        return wallet == null || !wallet.accepts(currency) ? 0 : wallet.balance(currency).available();
    }

    /**
     * Sums every account per currency and throws if any currency does not sum to zero or any wallet
     * balance is negative. O(accounts): run by tests after every command and by the processor at
     * every snapshot.
     */
    public void verify() {
        Map<Currency, Long> sums = new LinkedHashMap<>();
        for (Wallet wallet : wallets.values()) {
            for (Map.Entry<Currency, Balance> e : wallet.balances().entrySet()) {
                checkNonNegative(wallet.id(), e.getKey(), e.getValue());
                sums.merge(e.getKey(), e.getValue().total(), Math::addExact);
            }
        }
        for (Map<Currency, Long> accounts : system.values()) {
            accounts.forEach((currency, balance) -> sums.merge(currency, balance, Math::addExact));
        }
        sums.forEach((currency, sum) -> {
            if (sum != 0) {
                throw new LedgerInvariantViolation("ledger does not balance in " + currency + ": " + sum);
            }
        });
    }

    private Balance balanceOf(WalletId walletId, Money amount) {
        Wallet wallet = wallets.get(walletId);
        if (wallet == null) {
            throw new LedgerInvariantViolation("posting to unknown wallet " + walletId);
        }
        if (amount.minorUnits() <= 0) {
            throw new LedgerInvariantViolation("posting a non-positive amount " + amount);
        }
        return wallet.balance(amount.currency());
    }

    private void addSystem(SystemAccount account, Currency currency, long delta) {
        system.get(account).merge(currency, delta, Math::addExact);
    }

    private static void checkNonNegative(WalletId wallet, Currency currency, Balance balance) {
        if (balance.available() < 0 || balance.held() < 0) {
            throw new LedgerInvariantViolation("negative balance in " + wallet + " " + currency
                    + ": available=" + balance.available() + " held=" + balance.held());
        }
    }
}
