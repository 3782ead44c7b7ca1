package io.crowdpay.replicator.jetstream;

import io.nats.client.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The consumer side of "dedupe by event id": remembers the ids of the last {@code idsRememberedMax}
 * events a consumer has processed, so a redelivery (JetStream delivers at least once: a crash before
 * the ack, an ack that timed out) or a replay is dropped rather than applied twice.
 *
 * <p>Ask {@link #alreadyProcessed} before the effect and call {@link #processed} only once the effect
 * is done: marking first would drop the redelivery of an event whose effect failed. The window is
 * in memory and bounded, so it covers redeliveries, not a replay of days; a consumer with a durable
 * effect keeps the event id (or its last {@code Crowdpay-Sequence}) in its own store, in the same
 * transaction as the effect, as the event store does. Not thread-safe: one per consuming thread.
 */
public final class Deduplicator {

    /** Ids remembered by default: far beyond any sane max-ack-pending, a few MB of memory. */
    public static final int IDS_REMEMBERED_MAX = 100_000;

    private final Map<String, Boolean> recent;

    public Deduplicator() {
        this(IDS_REMEMBERED_MAX);
    }

    public Deduplicator(int idsRememberedMax) {
        if (idsRememberedMax < 1) {
            throw new IllegalArgumentException("idsRememberedMax must be >= 1: " + idsRememberedMax);
        }
        // Insertion order: the window is the last N distinct events processed, oldest forgotten first.
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > idsRememberedMax;
            }
        };
    }

    public boolean alreadyProcessed(String eventId) {
        return recent.containsKey(eventId);
    }

    /**
     * True if the message's event was processed already. A message without an event id is not one
     * of ours; it is reported as not processed and left to the consumer to judge.
     */
    public boolean alreadyProcessed(Message message) {
        String eventId = EventHeaders.eventId(message.getHeaders());
        return eventId != null && alreadyProcessed(eventId);
    }

    public void processed(String eventId) {
        recent.put(eventId, Boolean.TRUE);
    }

    public int size() {
        return recent.size();
    }
}
