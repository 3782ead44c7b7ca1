package io.crowdpay.benchmarks.load;

import java.util.Arrays;

/**
 * The samples of one downstream consumer's lag (events behind the event log's head) taken from
 * /readyz during a run, and the verdict on them: how far behind it fell, and whether it kept up.
 * "Kept up" is judged on the trend, not on a single value: a consumer that batches is always some
 * events behind, but one that cannot keep up falls further behind every second. So the mean lag of
 * the last {@code window} of the measured phase is compared with that of its first {@code window}.
 */
final class LagSeries {

    /** Below this many events of growth, a change in mean lag is noise (a batch or two), not a trend. */
    static final long GROWTH_EVENTS_MIN = 1_000;
    /** The same for a lag in milliseconds: half a second more is a trend. */
    static final long GROWTH_MILLIS_MIN = 500;

    private final long growthMin;

    /** A series of lags in events. */
    LagSeries() {
        this(GROWTH_EVENTS_MIN);
    }

    /** @param growthMin the least rise of the mean, in the series' unit, that counts as growth */
    LagSeries(long growthMin) {
        this.growthMin = growthMin;
    }

    private long[] millis = new long[256];
    private long[] lags = new long[256];
    private int size;

    /** Adds a sample taken {@code atMillis} after the schedule's start. */
    void add(long atMillis, long lag) {
        if (size == millis.length) {
            millis = Arrays.copyOf(millis, size * 2);
            lags = Arrays.copyOf(lags, size * 2);
        }
        millis[size] = atMillis;
        lags[size] = lag;
        size++;
    }

    int size() {
        return size;
    }

    /**
     * @param samples        samples in the measured phase
     * @param max            largest lag seen
     * @param p99            99th percentile of the samples (nearest rank)
     * @param firstMean      mean lag over the first window of the measured phase
     * @param lastMean       mean lag over the last window of the measured phase
     * @param growing        whether the lag grew over the run: the last window's mean exceeds the first's
     *                       by at least the series' growth minimum ({@link #GROWTH_EVENTS_MIN} events, {@link #GROWTH_MILLIS_MIN} ms) and by at least the first's mean
     *                       (it at least doubled), i.e. the consumer did not keep up
     */
    record Summary(int samples, long max, long p99, double firstMean, double lastMean, boolean growing) {
    }

    /** Summarises the samples taken in [fromMillis, toMillis]; the windows are windowMillis long. */
    Summary summarize(long fromMillis, long toMillis, long windowMillis) {
        long[] inRange = new long[size];
        int n = 0;
        double firstSum = 0;
        int firstCount = 0;
        double lastSum = 0;
        int lastCount = 0;
        long max = 0;
        for (int i = 0; i < size; i++) {
            long t = millis[i];
            if (t < fromMillis || t > toMillis) {
                continue;
            }
            long lag = lags[i];
            inRange[n++] = lag;
            max = Math.max(max, lag);
            if (t < fromMillis + windowMillis) {
                firstSum += lag;
                firstCount++;
            }
            if (t > toMillis - windowMillis) {
                lastSum += lag;
                lastCount++;
            }
        }
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0, false);
        }
        long[] sorted = Arrays.copyOf(inRange, n);
        Arrays.sort(sorted);
        long p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * n) - 1)];
        double firstMean = firstCount == 0 ? 0 : firstSum / firstCount;
        double lastMean = lastCount == 0 ? 0 : lastSum / lastCount;
        boolean growing = lastMean - firstMean >= Math.max(growthMin, firstMean);
        return new Summary(n, max, p99, firstMean, lastMean, growing);
    }
}
