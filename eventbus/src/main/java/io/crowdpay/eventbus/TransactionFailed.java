package io.crowdpay.eventbus;

/** {@code TransactionFailed.v1}: the transaction reached FAILED, its holds released ({@code code}, {@code reason}). */
public record TransactionFailed(String eventId, long sequence, String transactionId, long atMillis, String correlationId,
                                String code, String reason) implements BusEvent {
}
