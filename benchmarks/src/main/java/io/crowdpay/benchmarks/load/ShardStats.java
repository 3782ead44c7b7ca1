package io.crowdpay.benchmarks.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What one I/O thread measured. Its event loop is the only writer; the progress thread reads interval
 * histograms through {@link SingleWriterRecorder} (wait-free for the writer) and the counters through
 * atomics, so measuring never takes a lock on the hot path.
 *
 * <p>Values are recorded in microseconds, up to {@link #HIGHEST_MICROS}; anything longer is clamped
 * (and would show as a max of one hour, which no healthy run reaches).
 */
final class ShardStats {

    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    /** Measured phase: intended start to response, per operation (coordinated-omission corrected). */
    final Map<Operation, SingleWriterRecorder> latency = new EnumMap<>(Operation.class);
    /** Measured phase: first request sent to last response (what a closed-loop tool would report). */
    final SingleWriterRecorder service = recorder();
    /** Measured phase: intended start to the moment the first request was written. */
    final SingleWriterRecorder sendDelay = recorder();
    /** Every phase, for the progress line: intended start to response. */
    final SingleWriterRecorder progress = recorder();
    /** Measured phase: accept (202 received) to a terminal status seen by a poll, per operation. */
    final Map<Operation, SingleWriterRecorder> settle = new EnumMap<>(Operation.class);

    final AtomicLong sent = new AtomicLong();
    final AtomicLong completedAll = new AtomicLong();
    final AtomicLong errorsAll = new AtomicLong();
    final AtomicLong measuredSent = new AtomicLong();
    final AtomicLong measuredOk = new AtomicLong();
    final AtomicLong measuredErrors = new AtomicLong();
    final AtomicLong measuredLate = new AtomicLong();
    final AtomicLong lateAll = new AtomicLong();
    /** nanoTime of the last response to a measured operation. */
    final AtomicLong lastMeasuredResponseNanos = new AtomicLong();
    final AtomicLong connectionsLost = new AtomicLong();
    final ConcurrentHashMap<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();

    final AtomicLong settleTracked = new AtomicLong();
    final AtomicLong settleSettled = new AtomicLong();
    final AtomicLong settleFailed = new AtomicLong();
    final AtomicLong settleTimedOut = new AtomicLong();
    final AtomicLong settlePolls = new AtomicLong();

    ShardStats() {
        for (Operation op : Operation.values()) {
            latency.put(op, recorder());
            settle.put(op, recorder());
        }
    }

    static SingleWriterRecorder recorder() {
        return new SingleWriterRecorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    static Histogram histogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Records a duration given in nanoseconds as whole microseconds (at least 1, at most one hour). */
    static void record(SingleWriterRecorder recorder, long nanos) {
        recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1_000)));
    }

    void countError(String code) {
        errorsByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<String, Long> errorsByCodeSnapshot() {
        Map<String, Long> copy = new TreeMap<>();
        errorsByCode.forEach((code, n) -> copy.put(code, n.sum()));
        return copy;
    }
}
