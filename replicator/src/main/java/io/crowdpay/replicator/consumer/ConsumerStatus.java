package io.crowdpay.replicator.consumer;

/**
 * Where one downstream consumer stands, for /readyz, /metrics and load shedding.
 *
 * @param name       the consumer's name
 * @param checkpoint the last event sequence its destination holds durably
 * @param lag        events in the log it has not stored yet (log head minus checkpoint)
 * @param lagMillis  how long the oldest event it has read but not yet handed over has waited since it
 *                   was journaled, 0 when none waits ({@link ConsumerRunner#lagMillis})
 * @param failure    why its last attempt failed (destination down, refused a batch), or null
 * @param failingForMillis how long it has been failing, 0 when healthy
 */
public record ConsumerStatus(String name, long checkpoint, long lag, long lagMillis, String failure, long failingForMillis) {
}
