package io.crowdpay.replicator.postgres;

import io.crowdpay.replicator.EventRecord;
import java.util.List;

/**
 * The exactly-once rule, kept apart from SQL so it can be read and tested alone, and shared by every
 * consumer that keeps a checkpoint: the event store here and the projections. A consumer's
 * checkpoint is the last sequence it took in; a batch must continue it. A batch that starts at or
 * below the checkpoint is a redelivery (the process stopped after the commit but before the
 * upstream acknowledgement), so its taken prefix is dropped; a batch that starts above
 * checkpoint + 1 would leave a hole forever, so it is refused.
 */
public final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /** A batch is a run of consecutive sequences, at most {@code eventsMax} long. */
    public static void requireWellFormed(List<EventRecord> batch, int eventsMax) {
        if (batch.size() > eventsMax) {
            throw new IllegalArgumentException(
                    "batch of " + batch.size() + " events exceeds the limit of " + eventsMax + " events");
        }
        long first = batch.isEmpty() ? 0 : batch.getFirst().sequence();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequence() != first + i) {
                throw new IllegalArgumentException("batch is not contiguous: sequence " + (first + i)
                        + " expected at position " + i + ", found " + batch.get(i).sequence());
            }
        }
    }

    /**
     * The part of a well-formed, non-empty batch that the event store has not stored yet: all of it,
     * a suffix, or nothing.
     *
     * @throws IllegalStateException when the batch starts past {@code checkpoint + 1}
     */
    static List<EventRecord> unstored(String consumer, long checkpoint, List<EventRecord> batch) {
        return afterCheckpoint(consumer, "stored", checkpoint, batch);
    }

    /**
     * The part of a well-formed, non-empty batch after the checkpoint: all of it, a suffix, or nothing.
     *
     * @param taken what the consumer did with the events through its checkpoint ("stored",
     *              "applied"), so a refusal speaks the consumer's own words
     * @throws IllegalStateException when the batch starts past {@code checkpoint + 1}
     */
    public static List<EventRecord> afterCheckpoint(String consumer, String taken, long checkpoint,
            List<EventRecord> batch) {
        long first = batch.getFirst().sequence();
        if (first > checkpoint + 1) {
            throw new IllegalStateException("consumer " + consumer + " has " + taken + " through sequence " + checkpoint
                    + " but the batch starts at " + first + ": events " + (checkpoint + 1) + ".." + (first - 1)
                    + " would be skipped; resume from sequence " + (checkpoint + 1));
        }
        long done = checkpoint + 1 - first;
        return done >= batch.size() ? List.of() : batch.subList((int) done, batch.size());
    }
}
