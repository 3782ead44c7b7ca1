package io.crowdpay.replicator.projection;

/**
 * Where a transaction sits in the list: its creation time, ties broken by the global sequence of
 * the event that initiated it. Both are fixed when the transaction is accepted and unique together,
 * so a page boundary never moves however statuses change; natural order is oldest first.
 */
public record Position(long createdAtMillis, long sequence) implements Comparable<Position> {

    public Position {
        if (sequence < 1) {
            throw new IllegalArgumentException("event sequences start at 1: " + sequence);
        }
    }

    @Override
    public int compareTo(Position other) {
        int byTime = Long.compare(createdAtMillis, other.createdAtMillis);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
