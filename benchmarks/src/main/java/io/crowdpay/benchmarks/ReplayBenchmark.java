package io.crowdpay.benchmarks;

import io.crowdpay.engine.command.Command;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up recovery with no snapshot: read a journal of the world plus {@value #TRANSFERS} transfers
 * and apply every entry to a fresh engine, as {@link Recovery#recover} does at start. With a snapshot
 * every {@code SNAPSHOT_EVERY_COMMANDS} (1M by default), this is the most a start ever replays.
 * The journal is written once per trial, untimed.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true"})
public class ReplayBenchmark {

    static final int TRANSFERS = 1_000_000;

    @State(Scope.Benchmark)
    public static class Journal {
        Path dir;
        CommandJournal journal;
        long entries;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory("crowdpay-replay-bench");
            journal = CommandJournal.open(dir.resolve("journal"));
            for (Command command : Fixtures.worldCommands()) {
                journal.append(Fixtures.EPOCH_MILLIS, command);
                entries++;
            }
            for (int i = 0; i < TRANSFERS; i++) {
                journal.append(Fixtures.EPOCH_MILLIS + i / Fixtures.COMMANDS_PER_MILLI, Fixtures.transfer("r", i));
                entries++;
            }
            journal.sync();
        }

        @TearDown(Level.Trial)
        public void delete() {
            journal.close();
            JournalBenchmark.deleteTree(dir);
        }
    }

    @Benchmark
    public Recovery.Result recoverWithoutSnapshot(Journal j) {
        Recovery.Result result = Recovery.recover(j.journal, new SnapshotStore(j.dir.resolve("no-snapshots")), index -> { });
        if (result.entriesReplayed() != j.entries) {
            throw new IllegalStateException("replayed " + result.entriesReplayed() + " of " + j.entries);
        }
        return result;
    }
}
