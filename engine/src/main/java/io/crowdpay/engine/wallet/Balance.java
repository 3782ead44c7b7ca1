package io.crowdpay.engine.wallet;

/**
 * One currency's balance in a wallet: what may be spent, and what is held for transactions in
 * flight. Mutable; only {@code Ledger} may call the mutators, always in balanced pairs of postings.
 */
public final class Balance {

    private long available;
    private long held;

    public Balance() {
    }

    public Balance(long available, long held) {
        this.available = available;
        this.held = held;
    }

    public long available() {
        return available;
    }

    public long held() {
        return held;
    }

    public long total() {
        return Math.addExact(available, held);
    }

    public void addAvailable(long delta) {
        available = Math.addExact(available, delta);
    }

    public void addHeld(long delta) {
        held = Math.addExact(held, delta);
    }
}
