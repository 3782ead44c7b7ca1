package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.Snapshots;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine thread's part of a snapshot, of a world holding {@code transactions} settled transfers
 * (and as many idempotency keys and streams), on the service's collector (ZGC, 8 GiB):
 * {@link Snapshots#capture} alone (what runs at once: the mutable parts encoded, the tables' copies
 * started), and with its tables' copy completed at once (what the processor spreads over slices).
 * Each measurement is one capture; the world is built once, untimed. The encoding and the write
 * happen on another thread and are not measured here.
 *
 * <p>Not part of {@code suite.sh} (building 1M transactions takes a while):
 * {@code benchmarks/run.sh SnapshotCaptureBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+UseZGC", "-XX:+AlwaysPreTouch",
        JvmFlags.A1, JvmFlags.A2, JvmFlags.A3, JvmFlags.A4, JvmFlags.A5, JvmFlags.A6, JvmFlags.A7, JvmFlags.A8,
        JvmFlags.A9, JvmFlags.A10, JvmFlags.ANALYTICS})
public class SnapshotCaptureBenchmark {

    @State(Scope.Benchmark)
    public static class World {
        @Param({"1000000"})
        int transactions;
        Engine engine;
        /** The last capture; its copy is completed outside the measurement, as a new one would do first. */
        Snapshots.Capture started;

        @TearDown(Level.Invocation)
        public void completeOutsideTheMeasurement() {
            if (started != null) {
                started.complete();
                started = null;
            }
        }

        @Setup
        public void build() {
            engine = Fixtures.world();
            long now = Fixtures.EPOCH_MILLIS + 1;
            for (int i = 0; i < transactions; i++) {
                Fixtures.expect(engine.apply(Fixtures.transfer("c", i), now + i / Fixtures.COMMANDS_PER_MILLI),
                        Outcome.TransactionAccepted.class);
            }
        }
    }

    @Benchmark
    public Snapshots.Capture capture(World w) {
        w.started = Snapshots.capture(w.engine.state());
        return w.started;
    }

    @Benchmark
    public Snapshots.Capture captureAndCopy(World w) {
        return Snapshots.capture(w.engine.state()).complete();
    }
}
