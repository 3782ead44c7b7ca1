package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.engine.event.Event;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first thing every downstream copy does with a command's events, on the event log writer's
 * thread: {@link EventRecords#of} turns a TRANSFER's four events (initiated, held, posted, settled)
 * into records with their canonical JSON payloads. Score: transfers per second; add {@code -prof gc}
 * for the bytes allocated per transfer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", JvmFlags.ANALYTICS})
@State(Scope.Thread)
public class EventRecordsBenchmark {

    private static final int DISTINCT = 4_096;

    private List<Event>[] events;
    private long[] firstSequences;
    private int cursor;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void applyTransfers() {
        Engine engine = Fixtures.world();
        events = new List[DISTINCT];
        firstSequences = new long[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            engine.apply(Fixtures.typicalTransfer(i), Fixtures.EPOCH_MILLIS + i);
            events[i] = List.copyOf(engine.events());
            firstSequences[i] = engine.firstEventSequence();
        }
        if (events[0].size() != 4) {
            throw new IllegalStateException("a transfer should have four events, not " + events[0]);
        }
    }

    /** One transfer's four events to records. */
    @Benchmark
    public List<EventRecord> transferEvents() {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return EventRecords.of(events[i], firstSequences[i], v -> v + 1, i, "corr-" + (i & 7));
    }
}
