package io.crowdpay.benchmarks;

import io.crowdpay.engine.command.Command;
import io.crowdpay.journal.CommandJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@link CommandJournal} appends of a typical TRANSFER Initiate (encode + Chronicle Queue excerpt),
 * into a fresh queue in a temporary directory per trial, deleted afterwards. The score is appends per
 * second in both benchmarks: {@code append} never syncs (durability left to the OS), and
 * {@code appendSyncEveryBatch} calls {@link CommandJournal#sync()} (msync MS_SYNC of the pages written
 * since the last sync) after every {@code batchSize} appends, as the journaller does at the end of each
 * ring batch. 4,096 is above the pipeline's default cap on a batch (1,024), to show what a larger cap
 * would buy.
 *
 * <p>The directory is under {@code java.io.tmpdir} unless {@code -Dcrowdpay.bench.journalDir=...}
 * names a parent (e.g. the production data disk).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g",
        JvmFlags.A1, JvmFlags.A2, JvmFlags.A3, JvmFlags.A4, JvmFlags.A5, JvmFlags.A6, JvmFlags.A7, JvmFlags.A8,
        JvmFlags.A9, JvmFlags.A10, JvmFlags.ANALYTICS})
public class JournalBenchmark {

    private static final int DISTINCT = 4_096;

    /** An open journal in a fresh temporary directory, and a ring of distinct commands to append. */
    @State(Scope.Thread)
    public static class Journal {
        Path directory;
        CommandJournal journal;
        Command[] commands;
        int cursor;
        long timestamp = Fixtures.EPOCH_MILLIS;

        @Setup(Level.Trial)
        public void open() throws IOException {
            commands = new Command[DISTINCT];
            for (int i = 0; i < DISTINCT; i++) {
                commands[i] = Fixtures.typicalTransfer(i);
            }
            String parent = System.getProperty("crowdpay.bench.journalDir");
            directory = parent == null ? Files.createTempDirectory("crowdpay-jmh-journal-")
                    : Files.createTempDirectory(Files.createDirectories(Paths.get(parent)), "crowdpay-jmh-journal-");
            journal = CommandJournal.open(directory);
        }

        final long append() {
            int i = cursor;
            cursor = (i + 1) & (DISTINCT - 1);
            return journal.append(timestamp++, commands[i]);
        }

        @TearDown(Level.Trial)
        public void closeAndDelete() {
            try {
                journal.close();
            } finally {
                deleteTree(directory);
            }
        }
    }

    /** Adds the group-commit batch size to {@link Journal}. */
    @State(Scope.Thread)
    public static class Batched extends Journal {
        @Param({"1", "64", "1024", "4096"})
        int batchSize;
        int inBatch;

        final long appendAndMaybeSync() {
            long index = append();
            if (++inBatch == batchSize) {
                inBatch = 0;
                journal.sync();
            }
            return index;
        }
    }

    /** One append, never synced. */
    @Benchmark
    public long append(Journal j) {
        return j.append();
    }

    /** One append; every {@code batchSize}-th also syncs the batch to disk. Score: appends/s. */
    @Benchmark
    public long appendSyncEveryBatch(Batched j) {
        return j.appendAndMaybeSync();
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
