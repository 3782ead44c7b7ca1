package io.crowdpay.eventbus;

/**
 * An event of the transaction service as a subscriber sees it. Every event has an id ({@code ev_<n>},
 * stable across redeliveries and rebuilds: dedupe on it), its global sequence, the transaction it
 * belongs to, its time and the saga correlation id of the request that caused it.
 */
public sealed interface BusEvent permits TransactionSettled, TransactionFailed, TransactionReversed {

    String eventId();

    long sequence();

    String transactionId();

    long atMillis();

    /** Null when the event had none. */
    String correlationId();
}
