package io.crowdpay.benchmarks;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.wire.CommandCodec;
import io.crowdpay.engine.wire.Decoder;
import io.crowdpay.engine.wire.Encoder;
import java.nio.ByteBuffer;
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
 * The journal's binary codec on a typical TRANSFER Initiate (uuid-like ids, description, one metadata
 * entry, correlation id): encode into a reused {@link Encoder}, as the journaller does, and decode
 * from bytes, as replay does. A small ring of distinct commands keeps the branch and cache profile
 * honest without measuring anything but the codec.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g",
        JvmFlags.A1, JvmFlags.A2, JvmFlags.A3, JvmFlags.A4, JvmFlags.A5, JvmFlags.A6, JvmFlags.A7, JvmFlags.A8,
        JvmFlags.A9, JvmFlags.A10, JvmFlags.ANALYTICS})
@State(Scope.Thread)
public class CodecBenchmark {

    private static final int DISTINCT = 1_024;

    private Command[] commands;
    private byte[][] encoded;
    private final Encoder encoder = new Encoder(1_024);
    private int cursor;
    private int encodedBytes;

    @Setup(Level.Trial)
    public void setUp() {
        commands = new Command[DISTINCT];
        encoded = new byte[DISTINCT][];
        for (int i = 0; i < DISTINCT; i++) {
            commands[i] = Fixtures.typicalTransfer(i);
            encoder.clear();
            CommandCodec.encode(commands[i], encoder);
            encoded[i] = encoder.toByteArray();
            Command back = CommandCodec.decode(new Decoder(encoded[i]));
            if (!back.equals(commands[i])) {
                throw new IllegalStateException("codec does not round-trip: " + back + " vs " + commands[i]);
            }
        }
        encodedBytes = encoded[0].length;
        System.out.println("\n  encoded TRANSFER Initiate: " + encodedBytes + " bytes");
    }

    private int next() {
        int i = cursor;
        cursor = (i + 1) & (DISTINCT - 1);
        return i;
    }

    /** Encode into the reused encoder; answers the length so nothing is optimised away. */
    @Benchmark
    public int encode() {
        encoder.clear();
        CommandCodec.encode(commands[next()], encoder);
        return encoder.length();
    }

    @Benchmark
    public Command decode() {
        return CommandCodec.decode(new Decoder(ByteBuffer.wrap(encoded[next()])));
    }
}
