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
 * @param startNanos  {@link System#nanoTime()} at which global operation 0 is due
 * @param ratePerSecond operations per second of the whole schedule (all shards)
 * @param totalCount  operations in the whole schedule
 * @param stride      number of shards
 * @param offset      this shard's index, 0..stride-1
 */
record Schedule(long startNanos, double ratePerSecond, long totalCount, int stride, int offset) {

    private static final double NANOS_PER_SECOND = 1e9;

    Schedule {
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

    /** This schedule's shard {@code k} of {@code n}: every n-th operation, starting at k. */
    Schedule shard(int k, int n) {
        if (stride != 1) {
            throw new IllegalStateException("only a whole schedule can be split");
        }
        return new Schedule(startNanos, ratePerSecond, totalCount, n, k);
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
        long global = (long) Math.floor(elapsed * ratePerSecond / NANOS_PER_SECOND); // last due global index, approx.
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
