package io.crowdpay.eventbus;

/** {@code TransactionReversed.v1}: a settled transaction was reversed by compensating entries. */
public record TransactionReversed(String eventId, long sequence, String transactionId, long atMillis, String correlationId,
                                  String code, String reason) implements BusEvent {
}
