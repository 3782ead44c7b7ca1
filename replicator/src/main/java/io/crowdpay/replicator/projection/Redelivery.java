package io.crowdpay.replicator.projection;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.postgres.ExactlyOnce;
import java.util.List;

/**
 * The exactly-once rule of both projections: the event store's rule ({@link ExactlyOnce}), taken
 * whole, so the two cannot drift. Sequences at or below the checkpoint were applied already (a
 * redelivery after a crash between commit and acknowledgement) and are skipped; a batch starting
 * past checkpoint + 1 would leave a hole forever and is refused. Only the words differ: a projection
 * applies events, and says so when it refuses a batch.
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
        ExactlyOnce.requireWellFormed(batch, eventsMax);
        return batch.isEmpty() ? List.of() : ExactlyOnce.afterCheckpoint(consumer, "applied", checkpoint, batch);
    }
}
