package io.crowdpay.replicator.projection;

import io.crowdpay.replicator.EventRecord;
import java.util.List;

/**
 * The exactly-once rule of both projections: a batch must continue the checkpoint. Sequences at or
 * below it were applied already (a redelivery after a crash between commit and acknowledgement) and
 * are skipped; a batch starting past checkpoint + 1 would leave a hole forever and is refused. The
 * event store has the same rule for its own table ({@code postgres.ExactlyOnce}).
 */
final class Redelivery {

    private Redelivery() {
    }

    /**
     * The part of the batch not applied yet: all of it, a suffix, or nothing.
     *
     * @throws IllegalArgumentException when the batch is larger than {@code eventsMax} or not contiguous
     * @throws IllegalStateException    when the batch starts past {@code checkpoint + 1}
     */
    static List<EventRecord> unapplied(String consumer, long checkpoint, List<EventRecord> batch, int eventsMax) {
        if (batch.size() > eventsMax) {
            throw new IllegalArgumentException(
                    "batch of " + batch.size() + " events exceeds the limit of " + eventsMax + " events");
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        long first = batch.getFirst().sequence();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequence() != first + i) {
                throw new IllegalArgumentException("batch is not contiguous: sequence " + (first + i)
                        + " expected at position " + i + ", found " + batch.get(i).sequence());
            }
        }
        if (first > checkpoint + 1) {
            throw new IllegalStateException("consumer " + consumer + " has applied through sequence " + checkpoint
                    + " but the batch starts at " + first + ": events " + (checkpoint + 1) + ".." + (first - 1)
                    + " would be skipped; resume from sequence " + (checkpoint + 1));
        }
        long applied = checkpoint + 1 - first;
        return applied >= batch.size() ? List.of() : batch.subList((int) applied, batch.size());
    }
}
