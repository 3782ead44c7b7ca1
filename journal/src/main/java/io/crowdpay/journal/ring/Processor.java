package io.crowdpay.journal.ring;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.journal.SnapshotStore;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The business logic processor's stage: applies each journaled command (and answers each query) on
 * this one thread. Every {@code snapshotEveryCommands} journaled commands it audits the ledger and
 * captures the state here, where it is consistent (the small parts encoded; the big tables' immutable
 * entries copied by reference, a slice per journaled command after that), then leaves encoding and
 * writing it to a background thread; while one snapshot is being taken or written the next is
 * skipped, never queued.
 *
 * <p>If a command throws (a broken invariant is a bug), the processor halts: it applies nothing more
 * and every later slot carries the halt reason, so the gateway answers 503 and readiness fails. A
 * ledger that is wrong must stop, not drift.
 */
final class Processor implements EventHandler<CommandSlot> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Processor.class);

    private final Engine engine;
    private final SnapshotStore snapshots;
    private final long snapshotEveryCommands;
    private final long writeBytesPerSecond;
    /**
     * Table entries a journaled command copies of a capture in progress: 16,384 take ~0.1 ms, ~1 ms
     * while ZGC is in a cycle; at 1M transactions a capture's tables are copied in ~160 slices.
     */
    static final int COPY_SLICE_ENTRIES = 16_384;
    /**
     * After a slice that took t, the next waits until 9t has passed: the copy takes at most a tenth
     * of this thread's time. Without it, at 15,000 commands/s the slices ran back to back, and a copy
     * that took 127 ms (the collector in a cycle) stopped clients as one copy at once would have.
     */
    static final int COPY_PAUSE_PER_SLICE_TIME = 9;
    /** {@link #COPY_SLICE_ENTRIES}, smaller in tests so that small tables are copied over many commands. */
    int copySliceEntries = COPY_SLICE_ENTRIES;
    /** {@link #COPY_PAUSE_PER_SLICE_TIME}; 0 in tests that want every command to copy. */
    int copyPausePerSliceTime = COPY_PAUSE_PER_SLICE_TIME;
    private long nextSliceAtNanos;
    /** The snapshot whose tables are being copied, or null; only this thread touches it. */
    private Taking taking;
    /** Whether a snapshot is being verified or written; set here, cleared by the writer. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ThreadPoolExecutor snapshotWriter;
    private final AtomicReference<String> halted = new AtomicReference<>();
    private final AtomicLong lastAppliedIndex;
    private long sinceSnapshot;

    Processor(Engine engine, SnapshotStore snapshots, long snapshotEveryCommands, long writeBytesPerSecond, long lastAppliedIndex) {
        this.engine = engine;
        this.writeBytesPerSecond = writeBytesPerSecond;
        this.snapshots = snapshots;
        this.snapshotEveryCommands = snapshotEveryCommands;
        this.lastAppliedIndex = new AtomicLong(lastAppliedIndex);
        this.snapshotWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
                r -> {
                    Thread t = new Thread(r, "snapshot-writer");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        if (slot.haltReason != null) {
            return;
        }
        String reason = halted.get();
        if (reason != null) {
            slot.haltReason = reason;
            return;
        }
        try {
            slot.outcome = engine.apply(slot.command, slot.timestampMillis);
            List<io.crowdpay.engine.event.Event> events = engine.events();
            if (!events.isEmpty()) {
                slot.events = List.copyOf(events);
                slot.firstEventSequence = engine.firstEventSequence();
                long[] versions = new long[events.size()];
                for (int i = 0; i < versions.length; i++) {
                    versions[i] = engine.streamVersion(i);
                }
                slot.streamVersions = versions;
                slot.correlationId = engine.correlationId();
            }
            if (slot.command.journaled()) {
                lastAppliedIndex.set(slot.journalIndex);
                if (taking != null) {
                    copySlice();
                } else if (++sinceSnapshot >= snapshotEveryCommands) {
                    snapshot();
                }
            }
        } catch (RuntimeException bug) {
            String why = "engine halted at journal index " + Long.toHexString(slot.journalIndex) + ": " + bug;
            halted.set(why);
            slot.haltReason = why;
            System.err.println("crowdpay: " + why);
            bug.printStackTrace();
        }
    }

    /**
     * Nothing came for a while ({@link ParkingWaitStrategy#IDLE_TIMEOUT_NANOS}): a capture in
     * progress goes on copying, so that a snapshot started at the end of a burst is still written
     * when commands stop coming.
     */
    @Override
    public void onTimeout(long sequence) {
        if (taking != null) {
            copySlice();
        }
    }

    /** A snapshot being taken: its capture, the journal index it holds, and what it cost, for the log. */
    private static final class Taking {
        final Snapshots.Capture capture;
        final long journalIndex;
        final long startNanos;
        final long auditNanos;
        final long captureNanos;
        long copyNanos;
        int slices;

        Taking(Snapshots.Capture capture, long journalIndex, long startNanos, long auditNanos, long captureNanos) {
            this.capture = capture;
            this.journalIndex = journalIndex;
            this.startNanos = startNanos;
            this.auditNanos = auditNanos;
            this.captureNanos = captureNanos;
        }
    }

    /**
     * Starts a snapshot now unless one is being taken or written (then it is skipped). Here,
     * where the state is consistent, the ledger is audited and the state captured; the big tables'
     * copy then goes on a slice per journaled command ({@link #copySlice}), and the rest of the audit
     * (a pass over every transaction), the encoding and the paced file write happen on the writer's
     * thread.
     */
    private void snapshot() {
        if (writing.get() || taking != null) {
            return;
        }
        long start = System.nanoTime();
        engine.state().ledger().verify();
        long audited = System.nanoTime();
        Snapshots.Capture capture = Snapshots.capture(engine.state());
        long captured = System.nanoTime();
        taking = new Taking(capture, lastAppliedIndex.get(), start, audited - start, captured - audited);
        sinceSnapshot = 0;
        nextSliceAtNanos = captured;
        copySlice();
    }

    /** Copies one slice of the capture in progress; once complete, hands it to the writer. */
    private void copySlice() {
        long start = System.nanoTime();
        if (start - nextSliceAtNanos < 0) {
            return;
        }
        Taking t = taking;
        boolean complete = t.capture.copy(copySliceEntries);
        long took = System.nanoTime() - start;
        nextSliceAtNanos = start + took * (1 + copyPausePerSliceTime);
        t.copyNanos += took;
        t.slices++;
        if (!complete) {
            return;
        }
        taking = null;
        Snapshots.Capture state = t.capture;
        long index = t.journalIndex;
        writing.set(true);
        snapshotWriter.execute(() -> {
            try {
                long writeStart = System.nanoTime();
                try {
                    state.verify();
                } catch (IllegalStateException broken) {
                    String why = "engine halted: the state captured at journal index " + Long.toHexString(index)
                            + " is inconsistent: " + broken.getMessage();
                    halted.compareAndSet(null, why);
                    LOG.error("{}", why);
                    return;
                }
                java.nio.file.Path file = snapshots.write(index, state::writeTo, writeBytesPerSecond);
                LOG.info("snapshot at journal index {}: on the engine's thread, ledger audit {} ms, capture {} ms and its "
                                + "tables' copy {} ms in {} slices over {} ms; then verified and written in {} ms ({} MB)",
                        Long.toHexString(index), t.auditNanos / 1_000_000, t.captureNanos / 1_000_000, t.copyNanos / 1_000_000,
                        t.slices, (writeStart - t.startNanos) / 1_000_000, (System.nanoTime() - writeStart) / 1_000_000,
                        java.nio.file.Files.size(file) >> 20);
            } catch (java.io.IOException | RuntimeException e) {
                // A snapshot is a cache: without this one, recovery replays more of the journal.
                if (e.getCause() instanceof java.io.InterruptedIOException) {
                    LOG.info("snapshot at journal index {} stopped: the service is stopping, and its final snapshot replaces it",
                            Long.toHexString(index));
                } else {
                    LOG.error("snapshot at journal index {} not written: {}", Long.toHexString(index), e.toString());
                }
            } finally {
                writing.set(false);
            }
        });
    }

    String haltReason() {
        return halted.get();
    }

    long lastAppliedIndex() {
        return lastAppliedIndex.get();
    }

    void close() {
        // The final snapshot written on close replaces one still being written: stop it now rather
        // than wait for its pace (up to ~30 s at the key cap).
        snapshotWriter.shutdownNow();
        try {
            snapshotWriter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
