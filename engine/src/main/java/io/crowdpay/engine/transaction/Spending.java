package io.crowdpay.engine.transaction;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.user.UserId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each user has moved today (per UTC day and currency, for daily limits) and when they last
 * initiated transactions (for the velocity rule). Both are functions of journaled time only. Memory is
 * bounded by users x currencies, and by users x the velocity count limit.
 *
 * <p>Every Initiate reads and updates both for its actor, so a user's figures hang together in one
 * {@link Tally}, found with one lookup (and none for the second and later calls of the same command),
 * and updated in place. The ordered maps beside it keep the order snapshots are written in.
 */
public final class Spending {

    /** A user's total in one currency on one UTC day (days since the epoch). Updated in place. */
    public static final class Daily {
        private long day;
        private long total;

        public Daily(long day, long total) {
            this.day = day;
            this.total = total;
        }

        public long day() {
            return day;
        }

        public long total() {
            return total;
        }

        /** Adds to the day's total; a total of an earlier day starts again from this amount. */
        void add(long onDay, long amount) {
            if (day == onDay) {
                total = Math.addExact(total, amount);
            } else {
                day = onDay;
                total = amount;
            }
        }

        @Override
        public String toString() {
            return "Daily[day=" + day + ", total=" + total + "]";
        }
    }

    /** Key of the daily totals. */
    public record Key(UserId user, Currency currency) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(user, that.user) && Objects.equals(currency, that.currency);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(user) + Objects.hashCode(currency);
        }
    }

    /** One user's figures: a total per currency (a user moves few currencies) and the recent times. */
    private static final class Tally {
        private Currency[] currencies = new Currency[2];
        private Daily[] totals = new Daily[2];
        private int currencyCount;
        private InitiationTimes times;

        Daily daily(Currency currency) {
            for (int i = 0; i < currencyCount; i++) {
                if (currencies[i].equals(currency)) {
                    return totals[i];
                }
            }
            return null;
        }

        void put(Currency currency, Daily daily) {
            for (int i = 0; i < currencyCount; i++) {
                if (currencies[i].equals(currency)) {
                    totals[i] = daily;
                    return;
                }
            }
            if (currencyCount == currencies.length) {
                currencies = Arrays.copyOf(currencies, currencyCount * 2);
                totals = Arrays.copyOf(totals, currencyCount * 2);
            }
            currencies[currencyCount] = currency;
            totals[currencyCount++] = daily;
        }
    }

    /** The daily totals in the order they first appeared: the order of the snapshot. */
    private final Map<Key, Daily> daily = new LinkedHashMap<>();
    /** The initiation times in the order users first initiated: the order of the snapshot. */
    private final Map<UserId, InitiationTimes> recent = new LinkedHashMap<>();
    private final Map<UserId, Tally> tallies = new HashMap<>();
    /** The last tally looked up, by the identity of the id it was looked up with. */
    private UserId lastUser;
    private Tally lastTally;

    public long spentOn(UserId user, Currency currency, long day) {
        Tally tally = find(user);
        Daily d = tally == null ? null : tally.daily(currency);
        return d == null || d.day() != day ? 0 : d.total();
    }

    /** Adds to the day's total; a total of an earlier day starts again from this amount. */
    public void record(UserId user, Currency currency, long day, long amount) {
        Tally tally = findOrAdd(user);
        Daily d = tally.daily(currency);
        if (d == null) {
            d = new Daily(day, amount);
            daily.put(new Key(user, currency), d);
            tally.put(currency, d);
        } else {
            d.add(day, amount);
        }
    }

    /**
     * How many transactions the user initiated in the window ending now. The times are in ascending
     * order (journaled time never runs backwards) and those older than the window at the last
     * initiation are gone already, so only the few that aged out since are walked over, from the
     * front: O(aged out), not O(in the window), which matters when a user is allowed thousands.
     */
    public int countInWindow(UserId user, long nowMillis, long windowMillis) {
        Tally tally = find(user);
        InitiationTimes times = tally == null ? null : tally.times;
        return times == null ? 0 : times.size() - times.countAtOrBefore(nowMillis - windowMillis);
    }

    /**
     * Remembers an initiation. Keeps only what the velocity rule can still see: timestamps inside the
     * window, and at most {@code keepMax} of them.
     */
    public void recordInitiation(UserId user, long nowMillis, int keepMax, long windowMillis) {
        Tally tally = findOrAdd(user);
        InitiationTimes times = tally.times;
        if (times == null) {
            times = new InitiationTimes();
            tally.times = times;
            recent.put(user, times);
        }
        times.addLast(nowMillis);
        while (times.size() > 0 && (times.size() > keepMax || times.get(0) <= nowMillis - windowMillis)) {
            times.removeFirst();
        }
    }

    public Map<Key, Daily> dailyTotals() {
        return Collections.unmodifiableMap(daily);
    }

    public Map<UserId, InitiationTimes> recentInitiations() {
        return Collections.unmodifiableMap(recent);
    }

    public void restoreDaily(Key key, Daily value) {
        daily.put(key, value);
        findOrAdd(key.user()).put(key.currency(), value);
    }

    /** Restores a user's initiation times from a snapshot, oldest first. */
    public void restoreRecent(UserId user, List<Long> oldestFirst) {
        InitiationTimes times = new InitiationTimes();
        oldestFirst.forEach(times::addLast);
        recent.put(user, times);
        findOrAdd(user).times = times;
    }

    private Tally find(UserId user) {
        if (user != lastUser) {
            // Only a tally found is remembered: one added later must not hide behind a remembered miss.
            Tally tally = tallies.get(user);
            if (tally == null) {
                return null;
            }
            lastUser = user;
            lastTally = tally;
        }
        return lastTally;
    }

    private Tally findOrAdd(UserId user) {
        Tally tally = find(user);
        if (tally == null) {
            tally = new Tally();
            tallies.put(user, tally);
            lastUser = user;
            lastTally = tally;
        }
        return tally;
    }
}
