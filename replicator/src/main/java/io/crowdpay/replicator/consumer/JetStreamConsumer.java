package io.crowdpay.replicator.consumer;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.jetstream.EventPublisher;
import io.crowdpay.replicator.jetstream.StreamSettings;
import io.nats.client.Connection;
import java.util.List;

/**
 * JetStream publication as a consumer. The checkpoint lives in the stream itself (its last message's
 * sequence header, see {@link EventPublisher}); the stream is created or checked on the first
 * connection, so the service starts even while NATS is down and publishes once it is back.
 */
public final class JetStreamConsumer implements EventConsumer {

    public static final String NAME = "jetstream";
    /** Events per publish call: the publisher pipelines them, 256 acks in flight at most. */
    static final int BATCH_EVENTS_MAX = 4_096;

    private final Connection connection;
    private final StreamSettings settings;
    private EventPublisher publisher;

    public JetStreamConsumer(Connection connection, StreamSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long checkpoint() throws Exception {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new IllegalStateException("NATS is " + connection.getStatus().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (publisher == null) {
            publisher = EventPublisher.open(connection, settings);
        }
        return publisher.lastPublishedSequence();
    }

    @Override
    public long deliver(List<EventRecord> batch) throws Exception {
        return publisher.publish(batch).lastSequence();
    }

    @Override
    public int batchEventsMax() {
        return BATCH_EVENTS_MAX;
    }
}
