package io.crowdpay.engine.transaction;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.user.UserId;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each user has moved today (per UTC day and currency, for daily limits) and when they last
 * initiated transactions (for the velocity rule). Both are functions of journaled time only. Memory is
 * bounded by users x currencies, and by users x the velocity count limit.
 */
public final class Spending {

    /** A user's total in one currency on one UTC day (days since the epoch). */
    public record Daily(long day, long total) {
    }

    /** Key of the daily totals. */
    public record Key(UserId user, Currency currency) {
    }

    private final Map<Key, Daily> daily = new LinkedHashMap<>();
    private final Map<UserId, ArrayDeque<Long>> recent = new LinkedHashMap<>();

    public long spentOn(UserId user, Currency currency, long day) {
        Daily d = daily.get(new Key(user, currency));
        return d == null || d.day() != day ? 0 : d.total();
    }

    public void record(UserId user, Currency currency, long day, long amount) {
        long before = spentOn(user, currency, day);
        daily.put(new Key(user, currency), new Daily(day, Math.addExact(before, amount)));
    }

    /**
     * How many transactions the user initiated in the window ending now. The times are in ascending
     * order (journaled time never runs backwards) and those older than the window at the last
     * initiation are gone already, so only the few that aged out since are walked over, from the
     * front: O(aged out), not O(in the window), which matters when a user is allowed thousands.
     */
    public int countInWindow(UserId user, long nowMillis, long windowMillis) {
        ArrayDeque<Long> times = recent.get(user);
        if (times == null) {
            return 0;
        }
        int aged = 0;
        for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
            if (it.next() <= nowMillis - windowMillis) {
                aged++;
            } else {
                break;
            }
        }
        return times.size() - aged;
    }

    /**
     * Remembers an initiation. Keeps only what the velocity rule can still see: timestamps inside the
     * window, and at most {@code keepMax} of them.
     */
    public void recordInitiation(UserId user, long nowMillis, int keepMax, long windowMillis) {
        ArrayDeque<Long> times = recent.computeIfAbsent(user, u -> new ArrayDeque<>());
        times.addLast(nowMillis);
        while (times.size() > keepMax || times.peekFirst() <= nowMillis - windowMillis) {
            times.removeFirst();
        }
    }

    public Map<Key, Daily> dailyTotals() {
        return Collections.unmodifiableMap(daily);
    }

    public Map<UserId, ArrayDeque<Long>> recentInitiations() {
        return Collections.unmodifiableMap(recent);
    }

    public void restoreDaily(Key key, Daily value) {
        daily.put(key, value);
    }

    public void restoreRecent(UserId user, ArrayDeque<Long> times) {
        recent.put(user, times);
    }
}
