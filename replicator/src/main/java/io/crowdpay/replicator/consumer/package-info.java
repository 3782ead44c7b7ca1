/**
 * Downstream consumers of the event log (ADR 0005): the {@link io.crowdpay.replicator.consumer.EventConsumer}
 * contract (checkpoint kept in the destination, in the same transaction as the data), one
 * {@link io.crowdpay.replicator.consumer.ConsumerRunner} thread per consumer with back-off and resume
 * from the destination's checkpoint, and {@link io.crowdpay.replicator.consumer.Consumers}, which holds
 * them to the lag bound the gateway sheds load on.
 */
package io.crowdpay.replicator.consumer;
