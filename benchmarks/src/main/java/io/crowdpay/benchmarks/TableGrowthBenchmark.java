package io.crowdpay.benchmarks;

import io.crowdpay.engine.InsertionOrderedMap;
import io.crowdpay.engine.transaction.TransactionId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's stop when the engine's big tables outgrow their arrays: three
 * {@link InsertionOrderedMap}s (as transactions, idempotency keys and stream versions, which hold one
 * entry per transaction each and so fill up together), reserved for 1M entries as the engine reserves
 * them, filled to {@code entries} in an untimed setup; the score is the time of the one put per table
 * that doubles them. Single shot: each measurement is one such stop.
 *
 * <p>Not part of {@code suite.sh} (filling 4M entries three times per shot takes a while):
 * {@code benchmarks/run.sh TableGrowthBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch",
        JvmFlags.A1, JvmFlags.A2, JvmFlags.A3, JvmFlags.A4, JvmFlags.A5, JvmFlags.A6, JvmFlags.A7, JvmFlags.A8,
        JvmFlags.A9, JvmFlags.A10, JvmFlags.ANALYTICS})
public class TableGrowthBenchmark {

    /** What the engine reserves (EngineState.RESERVE_ENTRIES_MAX). */
    private static final int RESERVED = 1 << 20;

    @State(Scope.Thread)
    public static class Full {
        @Param({"1048576", "2097152", "4194304"})
        int entries;
        InsertionOrderedMap<TransactionId, Object>[] tables;
        TransactionId next;

        @Setup(Level.Iteration)
        @SuppressWarnings("unchecked")
        public void fill() {
            tables = new InsertionOrderedMap[3];
            for (int t = 0; t < tables.length; t++) {
                tables[t] = new InsertionOrderedMap<>(RESERVED);
            }
            Object value = new Object();
            for (int i = 0; i < entries; i++) {
                TransactionId id = id(i);
                for (InsertionOrderedMap<TransactionId, Object> table : tables) {
                    table.put(id, value);
                }
            }
            next = id(entries);
            System.gc();
        }

        private static TransactionId id(int i) {
            return new TransactionId("tx_018f3a9c-7d2e-7b41-9c55-" + i);
        }
    }

    /** One put per table, each of which finds its ring full and doubles it. */
    @Benchmark
    public int growThreeTables(Full f) {
        int size = 0;
        for (InsertionOrderedMap<TransactionId, Object> table : f.tables) {
            table.put(f.next, f.next);
            size += table.size();
        }
        if (size != 3 * (f.entries + 1)) {
            throw new IllegalStateException("expected " + (f.entries + 1) + " entries per table");
        }
        return size;
    }
}
