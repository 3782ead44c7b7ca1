package io.crowdpay.replicator.consumer;

import io.crowdpay.replicator.EventRecord;
import java.util.List;

/**
 * A downstream copy of the engine's events (event store, projections, JetStream, audit) as the
 * {@link ConsumerRunner} drives it: read the checkpoint from the destination, hand over batches in
 * sequence order, and start again from the destination's checkpoint after any failure.
 *
 * <p>The checkpoint is the last event sequence the destination holds <em>durably</em>, stored in the
 * same transaction as the data (ARCHITECTURE rule 3). A consumer may hold events in memory before
 * storing them (the audit batches up to 10,000); its checkpoint then stays behind what it was handed,
 * and the runner does not hand those events over again unless {@link #checkpoint()} is called, which
 * drops whatever was held in memory.
 *
 * <p>One thread calls every method; implementations need no locking of their own.
 */
public interface EventConsumer extends AutoCloseable {

    /** A stable name: the checkpoint's key, the label in /readyz and /metrics. */
    String name();

    /**
     * The last sequence the destination holds durably (0 when it holds none), read from the
     * destination itself. Called at start and after every failure; drops anything held in memory.
     */
    long checkpoint() throws Exception;

    /**
     * Takes the next batch: consecutive sequences starting at or below the last checkpoint + 1 (a
     * redelivered prefix must change nothing). Answers the checkpoint after it.
     */
    long deliver(List<EventRecord> batch) throws Exception;

    /**
     * Called at least every {@link ConsumerRunner#TICK_MILLIS} ms, events or not, for time-bound work
     * (sealing a partial audit batch). Answers the checkpoint after it.
     */
    default long tick(long nowMillis) throws Exception {
        return -1;
    }

    /** Most events per {@link #deliver} call. */
    default int batchEventsMax() {
        return 10_000;
    }

    @Override
    default void close() throws Exception {
    }
}
