package io.crowdpay.replicator.log;

import io.crowdpay.benchmarks.TransferRecords;
import io.crowdpay.replicator.EventRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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
 * The event log writer's encoding: a TRANSFER's four records framed (length, CRC32C, body) into the
 * log's write buffer, as {@link EventLog#append} does before the buffer goes to the file. The
 * buffer is on the heap (what the log uses) or direct (what it used before), to show why.
 * Score: transfers per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true"})
@State(Scope.Thread)
public class EventCodecBenchmark {

    @Param({"heap", "direct"})
    public String buffer;

    private List<EventRecord>[] records;
    private ByteBuffer out;
    private final CRC32C crc = new CRC32C();
    private int cursor;

    @Setup(Level.Trial)
    public void encodeTransfers() {
        records = TransferRecords.distinct();
        out = buffer.equals("heap") ? ByteBuffer.allocate(1 << 20) : ByteBuffer.allocateDirect(1 << 20);
    }

    @Benchmark
    public int frameTransfer() {
        int i = cursor;
        cursor = (i + 1) & (records.length - 1);
        if (out.remaining() < 64 * 1024) {
            out.clear();
        }
        for (EventRecord r : records[i]) {
            EventCodec.encodeInto(r, out, crc);
        }
        return out.position();
    }
}
