package io.crowdpay.benchmarks.load;

/**
 * One request on a connection, waiting for its response. Instances live in a connection's ring and
 * are reused for the whole run, so sending a request allocates nothing here; all fields are
 * overwritten when a slot is claimed. Touched only on the connection's event loop.
 */
final class InFlight {

    /** What the response answers. */
    enum Kind {
        /** The (last) request of a scheduled operation: its response completes the operation. */
        OPERATION,
        /** The quote request of an FX swap: its response leads to the swap request. */
        QUOTE,
        /** A settle poll of a sampled transaction. */
        POLL,
        /** A /readyz sample. */
        READYZ
    }

    Kind kind;
    Operation operation;
    int pod;
    int actor;
    int variant;
    /** The operation's global index in the schedule (also its idempotency key's number). */
    long seq;
    long intendedNanos;
    /** When the operation's first request (the quote, for a swap) went out. */
    long firstSentNanos;
    boolean measured;
    boolean sampled;
    /** The tracked transaction, for a settle poll. */
    SettleTracker.Tracked tracked;

    void copyOperation(InFlight from) {
        operation = from.operation;
        pod = from.pod;
        actor = from.actor;
        variant = from.variant;
        seq = from.seq;
        intendedNanos = from.intendedNanos;
        firstSentNanos = from.firstSentNanos;
        measured = from.measured;
        sampled = from.sampled;
        tracked = null;
    }
}
