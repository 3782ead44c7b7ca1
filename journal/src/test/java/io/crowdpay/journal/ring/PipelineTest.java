package io.crowdpay.journal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Outcome;
import io.crowdpay.engine.StateHash;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.money.Money;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.JournalEntry;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.Scenario;
import io.crowdpay.journal.SnapshotStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    @TempDir
    Path dir;

    private Pipeline pipeline;

    /** The layout under test: this class checks the default, {@link StagedPipelineTest} the other. */
    String layout() {
        return "fused";
    }

    private Pipeline.Settings settings() {
        Pipeline.Settings d = Pipeline.Settings.DEFAULTS;
        return new Pipeline.Settings(d.ringSize(), d.batchSizeMax(), d.snapshotEveryCommands(), d.waitStrategy(), layout());
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private Pipeline start(Pipeline.Settings settings, List<EventHandler<CommandSlot>> outputs) {
        CommandJournal journal = CommandJournal.open(dir.resolve("journal"));
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Recovery.Result r = Recovery.recover(journal, snapshots, i -> { });
        AtomicLong clock = new AtomicLong(1_000);
        pipeline = Pipeline.start(r.engine(), r.lastIndex(), journal, snapshots, settings, clock::incrementAndGet, outputs);
        return pipeline;
    }

    private static Outcome call(Pipeline p, Command c) throws Exception {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        p.publish(c, slot -> result.complete(slot.haltReason() == null ? slot.outcome() : new Outcome.Rejected(null, slot.haltReason())));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** An output handler with a class name of its own, as the service's are. */
    static final class NamedOutput implements EventHandler<CommandSlot> {
        @Override
        public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        }
    }

    @Test
    void outputThreadsAreNamedAfterTheirHandlersClass() throws Exception {
        Pipeline p = start(settings(), List.of(new NamedOutput(), (slot, sequence, endOfBatch) -> { }));
        call(p, Scenario.stream(1).get(0));

        List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("out-") || n.startsWith("output-")).toList();
        assertThat(names).contains("out-NamedOutput", "output-2");
    }

    @Test
    void everyRepliedCommandIsAlreadyInTheJournal() throws Exception {
        Pipeline p = start(settings(), List.of());
        List<Command> commands = Scenario.stream(10);
        List<Long> indexesSeenByReplies = new ArrayList<>();
        for (Command c : commands) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            p.publish(c, slot -> done.complete(slot.journalIndex()));
            indexesSeenByReplies.add(done.get(10, TimeUnit.SECONDS));
        }
        // Read the journal through a second, independent handle while the writer is still open.
        List<Long> onDisk = new ArrayList<>();
        try (CommandJournal reader = CommandJournal.openReadOnly(dir.resolve("journal"))) {
            reader.readAfter(Long.MIN_VALUE, (JournalEntry e) -> onDisk.add(e.index()));
        }
        assertThat(onDisk).containsExactlyElementsOf(indexesSeenByReplies);
    }

    @Test
    void aBurstFromManyThreadsIsJournaledThenAnsweredInRingOrder() throws Exception {
        // Batches of at most 16, so the burst crosses many batch ends.
        Pipeline p = start(new Pipeline.Settings(1_024, 16, 1_000_000, "parking", layout()), List.of());
        for (Command c : Scenario.setup()) {
            call(p, c);
        }
        int threads = 4;
        int each = 500;
        List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads * each);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            publishers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    p.publish(Scenario.topUp(base + i, 100), slot -> {
                        answered.add(slot.journalIndex());
                        done.countDown();
                    });
                }
            }));
        }
        for (Thread t : publishers) {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        // Answers come back in ring (and so journal) order, each for an entry already on disk.
        assertThat(answered).isSorted().doesNotHaveDuplicates().hasSize(threads * each);
        List<Long> onDisk = new ArrayList<>();
        try (CommandJournal reader = CommandJournal.openReadOnly(dir.resolve("journal"))) {
            reader.readAfter(Long.MIN_VALUE, (JournalEntry e) -> onDisk.add(e.index()));
        }
        assertThat(onDisk).containsAll(answered);
        assertThat(p.haltReason()).isNull();
    }

    @Test
    void snapshotsTakenWhileCommandsFlowHoldTheStateAtTheirIndex() throws Exception {
        // A snapshot every 40 commands, its tables copied 25 entries per command: each capture is
        // copied over ~100 commands that add transactions and settle pending ones in the meantime.
        Pipeline p = start(new Pipeline.Settings(1_024, 16, 40, "parking", layout(), SnapshotStore.UNPACED), List.of());
        p.processor().copySliceEntries = 25;
        p.processor().copyPausePerSliceTime = 0;
        for (Command c : Scenario.stream(300)) {
            call(p, c);
        }
        p.close();
        pipeline = null;
        assertThat(p.haltReason()).isNull();

        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        List<Path> files = store.files();
        // The newest taken while running, and the final one written on close.
        assertThat(files).hasSize(2);
        SnapshotStore.Snapshot periodic = SnapshotStore.read(files.get(0));
        Engine replica = new Engine();
        try (CommandJournal reader = CommandJournal.openReadOnly(dir.resolve("journal"))) {
            reader.readAfter(Long.MIN_VALUE, (JournalEntry e) -> {
                if (e.index() <= periodic.journalIndex()) {
                    replica.apply(e.command(), e.timestampMillis());
                }
            });
        }
        assertThat(replica.state().transactions().size()).isGreaterThan(100);
        assertThat(StateHash.of(replica.state())).isEqualTo(periodic.stateHash());
    }

    @Test
    void aSnapshotStartedJustBeforeCommandsStopIsStillCopiedAndWritten() throws Exception {
        // A snapshot every 40 commands, 5 entries copied per slice: the one started at the 40th
        // command needs far more slices than the few commands that follow it.
        Pipeline p = start(new Pipeline.Settings(1_024, 16, 40, "parking", layout(), SnapshotStore.UNPACED), List.of());
        p.processor().copySliceEntries = 5;
        List<Command> commands = Scenario.stream(10);
        assertThat(commands).hasSizeBetween(41, 80);
        for (Command c : commands) {
            call(p, c);
        }
        // No more commands: the processor goes on copying while idle, and the writer writes it.
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.files().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.files()).hasSize(1);
        SnapshotStore.Snapshot periodic = store.latest().orElseThrow();
        Engine replica = new Engine();
        try (CommandJournal reader = CommandJournal.openReadOnly(dir.resolve("journal"))) {
            reader.readAfter(Long.MIN_VALUE, (JournalEntry e) -> {
                if (e.index() <= periodic.journalIndex()) {
                    replica.apply(e.command(), e.timestampMillis());
                }
            });
        }
        assertThat(StateHash.of(replica.state())).isEqualTo(periodic.stateHash());
    }

    @Test
    void closingDuringAPacedSnapshotWriteStopsItAndWritesTheFinalOne() throws Exception {
        // 1 KB/s: the first periodic snapshot would take tens of seconds to write.
        Pipeline p = start(new Pipeline.Settings(1_024, 16, 40, "parking", layout(), 1_024), List.of());
        p.processor().copyPausePerSliceTime = 0;
        List<Command> commands = Scenario.stream(30);
        for (Command c : commands) {
            call(p, c);
        }
        p.close();
        pipeline = null;

        Path snapshots = dir.resolve("snapshots");
        try (var files = java.nio.file.Files.list(snapshots)) {
            // Only the final snapshot: the periodic one was stopped, and its temporary file deleted.
            assertThat(files).extracting(f -> f.getFileName().toString()).singleElement()
                    .satisfies(name -> assertThat(name).endsWith(".bin"));
        }
        SnapshotStore.Snapshot last = new SnapshotStore(snapshots).latest().orElseThrow();
        assertThat(last.journalIndex()).isEqualTo(p.processor().lastAppliedIndex());
    }

    @Test
    void queriesAreAnsweredInRingOrderButNeverJournaled() throws Exception {
        Pipeline p = start(settings(), List.of());
        for (Command c : Scenario.stream(1)) {
            call(p, c);
        }
        Outcome found = call(p, new Command.GetTransaction(new TransactionId("tx_1"), Scenario.ALICE, false));
        assertThat(found).isInstanceOf(Outcome.TransactionFound.class);
        long[] count = {0};
        try (CommandJournal reader = CommandJournal.openReadOnly(dir.resolve("journal"))) {
            reader.readAfter(Long.MIN_VALUE, e -> count[0]++);
        }
        assertThat(count[0]).isEqualTo(Scenario.stream(1).size());
    }

    @Test
    void aFullRingRefusesClientsAtOnceInsteadOfQueueing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventHandler<CommandSlot> stuck = (slot, seq, end) -> release.await();
        Pipeline p = start(new Pipeline.Settings(64, 16, 1_000_000, "blocking", layout()), List.of(stuck));
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            if (p.tryPublish(new Command.GetTransaction(new TransactionId("tx_x"), Scenario.ALICE, true), null)) {
                accepted++;
            }
        }
        // The client share of the ring is its size less the slots reserved for counterparty answers.
        assertThat(accepted).isEqualTo(64 - 64 / 8);
        release.countDown();
    }

    @Test
    void closingWritesAFinalSnapshotSoTheNextStartReplaysNothing() throws Exception {
        Pipeline p = start(settings(), List.of());
        for (Command c : Scenario.stream(5)) {
            call(p, c);
        }
        p.close();
        pipeline = null;
        try (CommandJournal journal = CommandJournal.open(dir.resolve("journal"))) {
            Recovery.Result r = Recovery.recover(journal, new SnapshotStore(dir.resolve("snapshots")), i -> { });
            assertThat(r.entriesReplayed()).isZero();
            assertThat(r.engine().state().transactions()).hasSize(15);
        }
    }

    @Test
    void aBrokenInvariantHaltsTheEngineAndNothingMoreIsApplied() throws Exception {
        Pipeline p = start(settings(), List.of());
        for (Command c : Scenario.setup()) {
            call(p, c);
        }
        call(p, Scenario.topUp(0, 10_000));
        call(p, Scenario.funded(0));
        Command.Initiate withdrawal = new Command.Initiate(new TransactionId("tx_w"), Scenario.ALICE, "w", TransactionType.WITHDRAWAL,
                Scenario.POD, new Money(5_000, Scenario.EUR), null, null,
                new io.crowdpay.engine.transaction.Payout("DE44500105175407324931", "Alice", null), null, null, null, null, null);
        assertThat(call(p, withdrawal)).isInstanceOf(Outcome.TransactionAccepted.class);
        Engine engine = engineOf(p);
        // Simulate a bug: the held money vanishes from the wallet behind the ledger's back.
        engine.state().ledger().wallet(io.crowdpay.engine.wallet.WalletId.ofPod(Scenario.POD)).balance(Scenario.EUR).addHeld(-5_000);
        Outcome afterBug = call(p, new Command.CompleteLeg(new TransactionId("tx_w"), Leg.PAYOUT, true, null));
        assertThat(afterBug).isInstanceOf(Outcome.Rejected.class);
        assertThat(p.haltReason()).contains("engine halted");
        Outcome later = call(p, Scenario.topUp(9, 100));
        assertThat(((Outcome.Rejected) later).detail()).contains("engine halted");
    }

    @Test
    void aJournalFailureStopsCommandsBeforeTheEngine() throws Exception {
        CommandJournal journal = CommandJournal.open(dir.resolve("journal"));
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        Engine engine = new Engine();
        String before = StateHash.of(engine.state());
        pipeline = Pipeline.start(engine, Long.MIN_VALUE, journal, snapshots, settings(), () -> 1L, List.of());
        journal.close();
        Outcome outcome = call(pipeline, Scenario.configure());
        assertThat(((Outcome.Rejected) outcome).detail()).contains("journal");
        assertThat(pipeline.haltReason()).contains("journal");
        assertThat(StateHash.of(engine.state())).isEqualTo(before);
    }

    private static Engine engineOf(Pipeline p) throws Exception {
        var field = Pipeline.class.getDeclaredField("engine");
        field.setAccessible(true);
        return (Engine) field.get(p);
    }
}
