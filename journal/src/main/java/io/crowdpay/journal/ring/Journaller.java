package io.crowdpay.journal.ring;

import com.lmax.disruptor.EventHandler;
import io.crowdpay.journal.CommandJournal;
import java.util.function.LongSupplier;

/**
 * First stage of the ring: stamps each journaled command with the time (never earlier than the one
 * before, so replay sees time move forward exactly as the engine did), appends it to the journal, and
 * at the end of each batch forces the batch to disk. The processor is gated on this stage's sequence,
 * which the ring advances only after the whole batch returned: the engine never sees, and so no client
 * is ever told about, a command that is not on disk. Queries pass through untouched.
 */
final class Journaller implements EventHandler<CommandSlot> {

    private final CommandJournal journal;
    private final LongSupplier clock;
    private final java.util.ArrayList<CommandSlot> batch = new java.util.ArrayList<>();
    private long lastTimestamp;
    /** Once the journal fails, nothing more may reach the engine: its state must match the disk. */
    private volatile String failure;

    Journaller(CommandJournal journal, LongSupplier clock, long lastTimestamp) {
        this.journal = journal;
        this.clock = clock;
        this.lastTimestamp = lastTimestamp;
    }

    @Override
    public void onEvent(CommandSlot slot, long sequence, boolean endOfBatch) {
        batch.add(slot);
        if (failure == null && slot.command.journaled()) {
            try {
                lastTimestamp = Math.max(lastTimestamp, clock.getAsLong());
                slot.timestampMillis = lastTimestamp;
                slot.journalIndex = journal.append(lastTimestamp, slot.command);
            } catch (RuntimeException e) {
                fail("journal append failed: " + e);
            }
        }
        if (endOfBatch) {
            try {
                journal.sync();
            } catch (RuntimeException e) {
                fail("journal sync failed: " + e);
            }
            if (failure != null) {
                // Nothing in a batch whose sync failed may be applied: none of it is known to be on disk.
                batch.forEach(s -> s.haltReason = failure);
            }
            batch.clear();
        }
    }

    String failure() {
        return failure;
    }

    private void fail(String why) {
        if (failure == null) {
            failure = why;
            System.err.println("crowdpay: " + why + "; the journal is closed to new commands");
        }
    }
}
