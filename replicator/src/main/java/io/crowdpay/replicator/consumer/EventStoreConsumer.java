package io.crowdpay.replicator.consumer;

import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.postgres.EventStore;
import java.util.List;

/** The PostgreSQL event store as a consumer: each batch and its checkpoint in one transaction. */
public final class EventStoreConsumer implements EventConsumer {

    public static final String NAME = "event-store";

    private final EventStore store;

    public EventStoreConsumer(EventStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long checkpoint() throws Exception {
        return store.checkpoint(NAME);
    }

    @Override
    public long deliver(List<EventRecord> batch) throws Exception {
        store.append(NAME, batch);
        return batch.getLast().sequence();
    }

    @Override
    public int batchEventsMax() {
        return EventStore.BATCH_EVENTS_MAX;
    }

    @Override
    public void close() {
        store.close();
    }
}
