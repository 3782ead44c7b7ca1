package io.crowdpay.replicator.projection;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The newest events' meaning to the read model, taken from the engine's typed events as the event
 * log writer appends their records, so that {@link MemoryProjection} can skip parsing those records'
 * JSON again a moment later. A ring by event sequence: one writer (the event log writer's thread),
 * one reader (the projection's consumer); a slot overwritten by a newer sequence, or never filled
 * (a restart, a derived event), is a miss and the record is decoded as before. The records stay the
 * source of truth: an entry is only a faster way to the same value, which a property test holds to
 * {@link EventPayloads#decode}.
 */
final class RecentEvents {

    private record Entry(long sequence, ReadModelEvent event) {
    }

    private final AtomicReferenceArray<Entry> ring;
    private final int mask;

    RecentEvents(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        ring = new AtomicReferenceArray<>(capacity);
        mask = capacity - 1;
    }

    void put(long sequence, ReadModelEvent event) {
        ring.setRelease((int) sequence & mask, new Entry(sequence, event));
    }

    /** The event of this sequence, or null when the ring does not hold it. */
    ReadModelEvent get(long sequence) {
        Entry e = ring.getAcquire((int) sequence & mask);
        return e != null && e.sequence() == sequence ? e.event() : null;
    }
}
