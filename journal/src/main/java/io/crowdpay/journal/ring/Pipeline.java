package io.crowdpay.journal.ring;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.engine.command.Command;
import io.crowdpay.journal.CommandJournal;
import io.crowdpay.journal.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The LMAX pipeline: one multi-producer ring; the journaller; the processor gated on it; the replies
 * to waiting clients; then the output handlers (counterparty legs, leg timer, event log), each on its
 * own thread at its own pace. By default the journaller, the processor and the replies share one
 * thread ("fused", ADR 0008: a batch is journaled and synced, then applied and answered); "staged"
 * gives each its own. The ring's size bounds everything in flight; a client that finds it nearly
 * full is refused at once.
 */
public final class Pipeline implements AutoCloseable {

    /**
     * @param ringSize              slots in the ring (a power of two): the bound on commands in flight
     * @param batchSizeMax          most commands the journaller puts under one fsync
     * @param snapshotEveryCommands journaled commands between snapshots
     * @param waitStrategy          "parking" (the default: spins briefly, then parks until the stage it
     *                              waits on wakes it; {@link ParkingWaitStrategy}), "sleeping" (spins,
     *                              yields, then parks ~60 µs; ~1.6 busy cores on 2), "yielding" (a busy
     *                              core per stage) or "blocking" (Disruptor's; ~5x slower through the
     *                              gateway on 2 cores, BENCHMARKS.md)
     * @param layout                "fused" (the default: one thread journals a batch, syncs it, then
     *                              applies and answers each of its commands) or "staged" (journaller,
     *                              processor and replier each on a thread of their own); ADR 0008
     * @param snapshotWriteBytesPerSecond the background snapshot writer's pace, or
     *                              {@link SnapshotStore#UNPACED}
     */
    public record Settings(int ringSize, int batchSizeMax, long snapshotEveryCommands, String waitStrategy,
                           String layout, long snapshotWriteBytesPerSecond) {

        /** 64 MB/s: the 356 MB image of 1M transactions in ~6 s, of 5M (the key cap) in ~30 s. */
        public static final long SNAPSHOT_WRITE_BYTES_PER_SECOND = 64L << 20;
        public static final Settings DEFAULTS = new Settings(16_384, 1_024, 1_000_000, "parking", "fused",
                SNAPSHOT_WRITE_BYTES_PER_SECOND);

        public Settings(int ringSize, int batchSizeMax, long snapshotEveryCommands, String waitStrategy, String layout) {
            this(ringSize, batchSizeMax, snapshotEveryCommands, waitStrategy, layout, SNAPSHOT_WRITE_BYTES_PER_SECOND);
        }

        public Settings {
            if (!layout.equals("fused") && !layout.equals("staged")) {
                throw new IllegalArgumentException("layout must be fused or staged, not '" + layout + "'");
            }
            if (Integer.bitCount(ringSize) != 1 || ringSize < 64) {
                throw new IllegalArgumentException("ring size must be a power of two >= 64");
            }
            if (batchSizeMax < 1 || snapshotEveryCommands < 1 || snapshotWriteBytesPerSecond < 1) {
                throw new IllegalArgumentException("batch size, snapshot interval and snapshot pace must be positive");
            }
            Pipeline.waitStrategy(waitStrategy);
        }

        /** Slots kept free for internal inputs (counterparty answers), so clients cannot starve them. */
        int reservedSlots() {
            return ringSize / 8;
        }
    }

    private final RingBuffer<CommandSlot> ring;
    private final Journaller journaller;
    private final Processor processor;
    private final Engine engine;
    private final CommandJournal journal;
    private final SnapshotStore snapshots;
    private final Settings settings;
    private final List<BatchEventProcessor<CommandSlot>> stages = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Sequence[] tails;
    /** With the parking strategy: whom the journaller, then the processor, wakes after each batch. */
    private final ParkingWaitStrategy.Next afterJournal = new ParkingWaitStrategy.Next();
    private final ParkingWaitStrategy.Next afterProcessor = new ParkingWaitStrategy.Next();
    private final WaitStrategy waitStrategy;
    private volatile boolean closed;

    private Pipeline(Engine engine, long lastIndex, CommandJournal journal, SnapshotStore snapshots, Settings settings,
                     LongSupplier clock, List<EventHandler<CommandSlot>> outputs) {
        this.engine = engine;
        this.journal = journal;
        this.snapshots = snapshots;
        this.settings = settings;
        this.waitStrategy = waitStrategy(settings.waitStrategy());
        this.ring = RingBuffer.createMultiProducer(CommandSlot::new, settings.ringSize(), waitStrategy);
        this.journaller = new Journaller(journal, clock, engine.state().clockMillis());
        this.processor = new Processor(engine, snapshots, settings.snapshotEveryCommands(),
                settings.snapshotWriteBytesPerSecond(), lastIndex);
        BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder().setMaxBatchSize(settings.batchSizeMax());
        List<EventHandler<CommandSlot>> after = new ArrayList<>();
        List<Sequence> gating = new ArrayList<>();
        SequenceBarrier afterEngine;
        if (fused()) {
            var core = builder.build(ring, ring.newBarrier(), new Fused(journaller, processor, settings.batchSizeMax()));
            stages.add(core);
            afterEngine = ring.newBarrier(core.getSequence());
            // The core answers the clients, so it gates the ring too: close() then waits for every
            // answer even when no output handler follows it (staged, the replier below does this).
            gating.add(core.getSequence());
        } else {
            var journalStage = builder.build(ring, ring.newBarrier(), waking(journaller, afterJournal));
            var processorStage = builder.build(ring, ring.newBarrier(journalStage.getSequence()), waking(processor, afterProcessor));
            stages.add(journalStage);
            stages.add(processorStage);
            afterEngine = ring.newBarrier(processorStage.getSequence());
            after.add(Pipeline::reply);
        }
        after.addAll(outputs);
        for (EventHandler<CommandSlot> handler : after) {
            var stage = builder.build(ring, afterEngine, handler);
            stages.add(stage);
            gating.add(stage.getSequence());
        }
        tails = gating.toArray(new Sequence[0]);
        ring.addGatingSequences(tails);
    }

    private boolean fused() {
        return settings.layout().equals("fused");
    }

    /**
     * The "fused" layout's one stage on a client's path: the journaller's work for every command of a
     * batch, the batch's sync, and only then, on the same thread, the processor's work and the reply
     * for each command in ring order. The rules are the staged layout's (nothing reaches the engine
     * before its sync returned; a failed sync marks the whole batch halted, so the processor skips
     * it), minus two thread hand-offs per batch (journaller to processor, processor to replier): on
     * two shared cores each is a futex wake and a context switch, which costs far more than the
     * microsecond the engine spends per command (ADR 0008).
     */
    static final class Fused implements EventHandler<CommandSlot> {
        private final Journaller journaller;
        private final Processor processor;
        /** This batch's slots; their sequences run consecutively up to the one that ends the batch. */
        private CommandSlot[] batch;
        private int size;

        Fused(Journaller journaller, Processor processor, int batchSizeMax) {
            this.journaller = journaller;
            this.processor = processor;
            this.batch = new CommandSlot[batchSizeMax];
        }

        /** Between batches (the ring is empty): the processor's idle work. */
        @Override
        public void onTimeout(long sequence) {
            processor.onTimeout(sequence);
        }

        @Override
        public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
            journaller.onEvent(slot, sequence, endOfBatch);
            if (size == batch.length) {
                // The ring caps a batch at batchSizeMax, so this never runs; if it ever did, growing is
                // better than an exception that would stop the thread everything goes through.
                batch = java.util.Arrays.copyOf(batch, size * 2);
            }
            batch[size++] = slot;
            if (endOfBatch) {
                long first = sequence - (size - 1);
                for (int i = 0; i < size; i++) {
                    boolean last = i == size - 1;
                    processor.onEvent(batch[i], first + i, last);
                    try {
                        reply(batch[i], first + i, last);
                    } catch (RuntimeException e) {
                        // A reply that cannot be delivered (its connection's loop is shut down) must not
                        // stop the thread that journals and applies everyone else's commands.
                        System.err.println("crowdpay: a reply could not be delivered: " + e);
                    }
                    batch[i] = null;
                }
                size = 0;
            }
        }
    }

    /**
     * "out-" and the handler's class name (EventLogWriter, LegTimer...), so that a profile or {@code top
     * -H} says which output a thread serves; "output-N" for a handler without a class name of its own.
     */
    static String outputThreadName(EventHandler<CommandSlot> handler, int n) {
        String name = handler.getClass().getSimpleName();
        return name.isEmpty() || name.contains("$") ? "output-" + n : "out-" + name;
    }

    /**
     * Starts the pipeline on a recovered engine whose state includes every journal entry up to
     * {@code lastIndex}. Output handlers see every slot after the processor, in ring order.
     */
    public static Pipeline start(Engine engine, long lastIndex, CommandJournal journal, SnapshotStore snapshots,
                                 Settings settings, LongSupplier clock, List<EventHandler<CommandSlot>> outputs) {
        Pipeline pipeline = new Pipeline(engine, lastIndex, journal, snapshots, settings, clock, outputs);
        String[] names = new String[pipeline.stages.size()];
        int first = 0;
        if (pipeline.fused()) {
            names[first++] = "core";
        } else {
            names[first++] = "journaller";
            names[first++] = "processor";
            names[first++] = "replier";
        }
        for (int i = first; i < names.length; i++) {
            names[i] = outputThreadName(outputs.get(i - first), i - first + 1);
        }
        for (int i = 0; i < names.length; i++) {
            Thread t = new Thread(pipeline.stages.get(i), names[i]);
            t.setDaemon(true);
            pipeline.threads.add(t);
        }
        if (pipeline.waitStrategy instanceof ParkingWaitStrategy parking) {
            List<Thread> t = pipeline.threads;
            parking.firstStage(t.get(0));
            if (!pipeline.fused()) {
                pipeline.afterJournal.set(t.get(1));
                // Only the replier is on a client's path: the output handlers (event log, counterparties,
                // leg timer) find their work when their bounded park ends, a batch per millisecond at
                // most, instead of a wake-up (two futex calls and a context switch each) for every batch.
                pipeline.afterProcessor.set(t.get(2));
            }
        }
        pipeline.threads.forEach(Thread::start);
        return pipeline;
    }

    /**
     * Publishes a client's command, or answers false at once when the ring is too full (fewer than
     * the reserved slots free) or closed: the caller sheds load (503 T003) instead of queueing.
     */
    public boolean tryPublish(Command command, CommandSlot.Reply reply) {
        if (closed || ring.remainingCapacity() <= settings.reservedSlots()) {
            return false;
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return false;
        }
        ring.get(sequence).reset(command, reply);
        ring.publish(sequence);
        return true;
    }

    /**
     * Publishes an internal input (a counterparty's answer), waiting for a slot if need be. Never call
     * it from an output handler's thread: that handler gates the ring it would wait on.
     */
    public void publish(Command command, CommandSlot.Reply reply) {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
        long sequence = ring.next();
        ring.get(sequence).reset(command, reply);
        ring.publish(sequence);
    }

    /** Why the pipeline stopped applying commands, or null while it is healthy. */
    public String haltReason() {
        String journalFailure = journaller.failure();
        return journalFailure != null ? journalFailure : processor.haltReason();
    }

    /** Slots published but not yet through every stage. */
    public long backlog() {
        return settings.ringSize() - ring.remainingCapacity();
    }

    public int ringSize() {
        return settings.ringSize();
    }

    public long lastAppliedIndex() {
        return processor.lastAppliedIndex();
    }

    /**
     * Stops accepting, lets every published slot through every stage, stops the threads, and writes a
     * final snapshot so the next start replays nothing. Safe to call twice.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long published = ring.getCursor();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (minimumTail() < published && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        stages.forEach(BatchEventProcessor::halt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Chronicle remembers per-thread values (the journaller's file locks) in a static map keyed
        // by thread, and lets go of a dead thread's only when asked. Until then that map held the
        // stopped journaller thread, and through its ring the whole engine: a process that starts
        // and stops services (the gateway's tests start two dozen) kept every engine's tables.
        net.openhft.chronicle.core.threads.CleaningThreadLocal.cleanupNonCleaningThreads();
        processor.close();
        if (haltReason() == null && processor.lastAppliedIndex() != Long.MIN_VALUE) {
            // The processor thread has stopped, so reading the state here is safe and consistent.
            engine.verifyInvariants();
            snapshots.write(processor.lastAppliedIndex(), Snapshots.write(engine.state()));
        }
        journal.close();
    }

    private long minimumTail() {
        long min = Long.MAX_VALUE;
        for (Sequence s : tails) {
            min = Math.min(min, s.get());
        }
        return min;
    }

    private static void reply(CommandSlot slot, long sequence, boolean endOfBatch) {
        if (slot.reply != null) {
            slot.reply.complete(slot);
        }
    }

    private EventHandler<CommandSlot> waking(EventHandler<CommandSlot> stage, ParkingWaitStrategy.Next next) {
        return waitStrategy instanceof ParkingWaitStrategy ? ParkingWaitStrategy.wakingNext(stage, next) : stage;
    }

    private static WaitStrategy waitStrategy(String name) {
        return switch (name) {
            case "parking" -> new ParkingWaitStrategy();
            case "blocking" -> new BlockingWaitStrategy();
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            default -> throw new IllegalArgumentException("wait strategy must be parking, sleeping, yielding or blocking, not '" + name + "'");
        };
    }

    /** For tests in this package. */
    Processor processor() {
        return processor;
    }
}
