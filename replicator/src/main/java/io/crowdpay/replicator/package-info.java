/**
 * Downstream copies of the engine's events (ADR 0005): {@code postgres} appends them to the
 * PostgreSQL event store with the consumer's checkpoint in the same transaction; {@code jetstream}
 * publishes them to NATS JetStream with {@code Nats-Msg-Id} = event id. Each is a plain consumer of
 * {@link io.crowdpay.replicator.EventRecord}s and never touches the engine. Not yet wired into the
 * service: the event log that feeds them comes with the rest of issue 3.
 */
package io.crowdpay.replicator;
