package io.crowdpay.benchmarks.load;

/**
 * The open-loop arrival schedule: operation {@code i} is meant to start at
 * {@code startNanos + i / rate}, whatever happened to the operations before it. Latency is measured
 * from that intended time, so a stall of the server (or of this client) is charged to every operation
 * that should have started during it: the coordinated-omission correction.
 *
 * <p>Several I/O threads split one schedule by striding: shard {@code k} of {@code n} owns the global
 * indices {@code k, k+n, k+2n, ...}, so the union of the shards is exactly the single-threaded schedule.
 * Times are computed from the index each time rather than accumulated, so no rounding drift builds up
 * over millions of operations.
 *
 * <p>A schedule may start with a ramp: for its first {@code rampNanos} the rate rises in a straight
 * line from {@code rampFrom} times the rate to the full rate, then stays there. A cold service (its JIT
 * compiling, its heap and journal pages first touched) met at full rate from the first second can fall
 * behind by more than the warm-up lets it catch up, and the measured phase then shows that queue, not
 * the rate; a ramped warm-up reaches the full rate warm. The measured phase is after the ramp, at the
 * constant rate, so the correction above is unchanged.
 *
 * @param startNanos  {@link System#nanoTime()} at which global operation 0 is due
 * @param ratePerSecond operations per second of the whole schedule (all shards), after the ramp
 * @param totalCount  operations in the whole schedule
 * @param stride      number of shards
 * @param offset      this shard's index, 0..stride-1
 * @param rampNanos   length of the ramp at the start (0: none)
 * @param rampFrom    the ramp's starting share of the rate, in (0, 1]
 */
record Schedule(long startNanos, double ratePerSecond, long totalCount, int stride, int offset, long rampNanos, double rampFrom) {

    private static final double NANOS_PER_SECOND = 1e9;

    Schedule(long startNanos, double ratePerSecond, long totalCount, int stride, int offset) {
        this(startNanos, ratePerSecond, totalCount, stride, offset, 0, 1);
    }

    Schedule {
        if (rampNanos < 0 || !(rampFrom > 0 && rampFrom <= 1)) {
            throw new IllegalArgumentException("ramp of " + rampNanos + " ns from " + rampFrom + " of the rate");
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be positive, not " + ratePerSecond);
        }
        if (totalCount < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (stride < 1 || offset < 0 || offset >= stride) {
            throw new IllegalArgumentException("shard " + offset + " of " + stride);
        }
    }

    /** The whole schedule on one thread: {@code round(rate * seconds)} operations from startNanos. */
    static Schedule of(long startNanos, double ratePerSecond, double seconds) {
        return new Schedule(startNanos, ratePerSecond, Math.round(ratePerSecond * seconds), 1, 0);
    }

    /**
     * A whole schedule that ramps from {@code rampFrom} of the rate to all of it over {@code rampSeconds},
     * then holds the rate for {@code steadySeconds}.
     */
    static Schedule ramped(long startNanos, double ratePerSecond, double rampSeconds, double rampFrom, double steadySeconds) {
        long rampNanos = Math.round(rampSeconds * NANOS_PER_SECOND);
        double inRamp = ratePerSecond * rampSeconds * (1 + rampFrom) / 2;
        return new Schedule(startNanos, ratePerSecond, Math.round(inRamp + ratePerSecond * steadySeconds), 1, 0, rampNanos, rampFrom);
    }

    /** This schedule's shard {@code k} of {@code n}: every n-th operation, starting at k. */
    Schedule shard(int k, int n) {
        if (stride != 1) {
            throw new IllegalStateException("only a whole schedule can be split");
        }
        return new Schedule(startNanos, ratePerSecond, totalCount, n, k, rampNanos, rampFrom);
    }

    private boolean ramps() {
        return rampNanos > 0 && rampFrom < 1;
    }

    private double perNano() {
        return ratePerSecond / NANOS_PER_SECOND;
    }

    /** Operations (a real number) the ramp holds: its length at the mean of its first and last rate. */
    private double operationsInRamp() {
        return perNano() * rampNanos * (1 + rampFrom) / 2;
    }

    /** Operations (a real number) due in the first {@code elapsedNanos} of a ramped schedule. */
    private double operationsBy(double elapsedNanos) {
        if (elapsedNanos <= rampNanos) {
            return perNano() * (rampFrom * elapsedNanos + (1 - rampFrom) * elapsedNanos * elapsedNanos / (2.0 * rampNanos));
        }
        return operationsInRamp() + perNano() * (elapsedNanos - rampNanos);
    }

    /** When (ns after the start) global operation {@code i} of a ramped schedule is due: the inverse of operationsBy. */
    private double offsetNanosOf(long i) {
        double inRamp = operationsInRamp();
        if (i < inRamp) {
            double f = rampFrom;
            return rampNanos * (Math.sqrt(f * f + 2 * (1 - f) * i / (perNano() * rampNanos)) - f) / (1 - f);
        }
        return rampNanos + (i - inRamp) / perNano();
    }

    /** Operations this shard owns. */
    long count() {
        return totalCount <= offset ? 0 : (totalCount - offset + stride - 1) / stride;
    }

    /** The global index of this shard's j-th operation. */
    long globalIndex(long j) {
        return j * stride + offset;
    }

    /** When this shard's j-th operation is meant to start. */
    long intendedNanos(long j) {
        if (ramps()) {
            return startNanos + (long) Math.floor(offsetNanosOf(globalIndex(j)));
        }
        return startNanos + (long) Math.floor(globalIndex(j) * NANOS_PER_SECOND / ratePerSecond);
    }

    /**
     * How many of this shard's operations are due at {@code nowNanos}, i.e. have an intended start at
     * or before it; never more than {@link #count()}. The floor is corrected by one step either way
     * because the division may round across an integer boundary.
     */
    long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed < 0) {
            return 0;
        }
        // The last due global index, approximately; the loops below make it exact.
        long global = (long) Math.floor(ramps() ? operationsBy(elapsed) : elapsed * ratePerSecond / NANOS_PER_SECOND);
        long j = global < offset ? 0 : (global - offset) / stride + 1;
        while (j > 0 && intendedNanos(j - 1) > nowNanos) {
            j--;
        }
        while (j < count() && intendedNanos(j) <= nowNanos) {
            j++;
        }
        return Math.min(j, count());
    }
}
