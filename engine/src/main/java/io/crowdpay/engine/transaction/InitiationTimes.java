package io.crowdpay.engine.transaction;

import java.util.Arrays;

/**
 * The journaled times of one user's recent initiations, oldest first, for the velocity rule. A ring
 * of primitive longs: the rule reads and trims it on every Initiate, and a deque of boxed times cost
 * an object per initiation and pointer chasing on each look. It grows to the most the rule keeps
 * ({@code RiskRules.VELOCITY_COUNT_LIMIT}) and never shrinks, which bounds it per user.
 */
public final class InitiationTimes {

    private long[] times = new long[4];
    /** Index of the oldest time; the others follow it, wrapping around. */
    private int head;
    private int size;

    public int size() {
        return size;
    }

    /** The i-th time, 0 being the oldest. */
    public long get(int i) {
        return times[(head + i) & (times.length - 1)];
    }

    void addLast(long millis) {
        if (size == times.length) {
            grow();
        }
        times[(head + size) & (times.length - 1)] = millis;
        size++;
    }

    void removeFirst() {
        head = (head + 1) & (times.length - 1);
        size--;
    }

    /** How many times, from the oldest, are at or before {@code millis}: those the window no longer sees. */
    int countAtOrBefore(long millis) {
        int n = 0;
        while (n < size && get(n) <= millis) {
            n++;
        }
        return n;
    }

    private void grow() {
        // Lengths stay powers of two so that indices wrap with a mask.
        long[] larger = new long[times.length * 2];
        for (int i = 0; i < size; i++) {
            larger[i] = get(i);
        }
        times = larger;
        head = 0;
    }

    @Override
    public String toString() {
        long[] inOrder = new long[size];
        Arrays.setAll(inOrder, this::get);
        return Arrays.toString(inOrder);
    }
}
