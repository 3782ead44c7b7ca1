package io.crowdpay.journal.ring;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.Engine;
import io.crowdpay.engine.Snapshots;
import io.crowdpay.journal.SnapshotStore;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The business logic processor's stage: applies each journaled command (and answers each query) on
 * this one thread. Every {@code snapshotEveryCommands} journaled commands it audits the whole ledger
 * and captures the state here, where it is consistent (the small parts encoded, the big tables'
 * immutable entries copied by reference), then leaves encoding and writing it to a background
 * thread; while one snapshot is being written the next is skipped, never queued.
 *
 * <p>If a command throws (a broken invariant is a bug), the processor halts: it applies nothing more
 * and every later slot carries the halt reason, so the gateway answers 503 and readiness fails. A
 * ledger that is wrong must stop, not drift.
 */
final class Processor implements EventHandler<CommandSlot> {

    private final Engine engine;
    private final SnapshotStore snapshots;
    private final long snapshotEveryCommands;
    private final ThreadPoolExecutor snapshotWriter;
    private final AtomicReference<String> halted = new AtomicReference<>();
    private final AtomicLong lastAppliedIndex;
    private long sinceSnapshot;

    Processor(Engine engine, SnapshotStore snapshots, long snapshotEveryCommands, long lastAppliedIndex) {
        this.engine = engine;
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
                if (++sinceSnapshot >= snapshotEveryCommands) {
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

    /** Takes a snapshot now if none is being written; answers whether one was started. */
    boolean snapshot() {
        if (snapshotWriter.getActiveCount() > 0 || !snapshotWriter.getQueue().isEmpty()) {
            return false;
        }
        engine.verifyInvariants();
        // Only the capture runs here, on the engine's thread; the encoding (1-2.4 s at 1M
        // transactions when it ran here) and the file write happen on the writer's.
        Snapshots.Capture state = Snapshots.capture(engine.state());
        long index = lastAppliedIndex.get();
        sinceSnapshot = 0;
        snapshotWriter.execute(() -> snapshots.write(index, state.bytes()));
        return true;
    }

    String haltReason() {
        return halted.get();
    }

    long lastAppliedIndex() {
        return lastAppliedIndex.get();
    }

    void close() {
        snapshotWriter.shutdown();
        try {
            snapshotWriter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
