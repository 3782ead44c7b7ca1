package io.crowdpay.replicator.log;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.engine.Engine;
import io.crowdpay.journal.JournalEntry;
import io.crowdpay.journal.Recovery;
import io.crowdpay.journal.ring.CommandSlot;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import java.util.List;

/**
 * Puts the engine's events into the {@link EventLog}: as an output handler of the ring while the
 * service runs (one flush per ring batch, so readers see whole batches), and as the recovery's
 * derivation at start, which appends the events of replayed journal entries the log lost in a crash.
 */
public final class EventLogWriter implements EventHandler<CommandSlot>, Recovery.Derivation {

    private final EventLog log;
    private volatile String failure;
    private volatile Tap tap;

    /** Told of each slot's typed events just before their records are appended (the in-memory read model). */
    @FunctionalInterface
    public interface Tap {
        void events(List<io.crowdpay.engine.event.Event> events, long firstSequence);
    }

    public EventLogWriter(EventLog log) {
        this.log = log;
    }

    /**
     * Appends the slot's events. If the log cannot be written (disk full, I/O error), the writer
     * stops for good rather than leave a gap, and says why in {@link #failure()}: the service then
     * refuses new commands, and the next start derives every missing event from the journal.
     */
    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        if (failure != null) {
            return;
        }
        try {
            if (!slot.events().isEmpty() && slot.haltReason() == null) {
                tell(slot);
                log.appendAll(EventRecords.of(slot.events(), slot.firstEventSequence(), i -> slot.streamVersion((int) i),
                        slot.journalIndex(), slot.correlationId()));
            }
            if (endOfBatch) {
                log.flush();
            }
        } catch (RuntimeException e) {
            failure = "the event log could not be written at event " + (log.appended() + 1) + " (" + e
                    + "); restart the service once the disk is fixed: the missing events are derived again from the journal";
            System.err.println("crowdpay: " + failure);
        }
    }

    /** Sets who is told of the typed events (at most one; null for nobody). */
    public void tap(Tap tap) {
        this.tap = tap;
    }

    /** A tap is an optimisation for its reader: if it fails, it is dropped, and the log goes on. */
    private void tell(CommandSlot slot) {
        Tap t = tap;
        if (t != null) {
            try {
                t.events(slot.events(), slot.firstEventSequence());
            } catch (RuntimeException e) {
                tap = null;
                System.err.println("crowdpay: the event log's tap failed and is switched off (" + e + ")");
            }
        }
    }

    /** Why the writer stopped, or null while it writes. */
    public String failure() {
        return failure;
    }

    @Override
    public long lastSequence() {
        return log.head();
    }

    @Override
    public void derived(JournalEntry entry, Engine engine) {
        List<EventRecord> records = EventRecords.of(engine.events(), engine.firstEventSequence(), i -> engine.streamVersion((int) i),
                entry.index(), engine.correlationId());
        for (EventRecord record : records) {
            if (record.sequence() > log.appended()) {
                log.append(record);
            }
        }
    }

    @Override
    public void finish() {
        log.flush();
        log.sync();
    }
}
