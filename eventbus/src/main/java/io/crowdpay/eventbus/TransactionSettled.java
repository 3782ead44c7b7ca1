package io.crowdpay.eventbus;

/** {@code TransactionSettled.v1}: the transaction reached SETTLED; its ledger entries are posted. */
public record TransactionSettled(String eventId, long sequence, String transactionId, long atMillis, String correlationId)
        implements BusEvent {
}
