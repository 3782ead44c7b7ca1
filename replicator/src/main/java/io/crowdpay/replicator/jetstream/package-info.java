/**
 * The JetStream publisher (issue 3, ADR 0005 point 4): it copies {@link io.crowdpay.replicator.EventRecord}s
 * to one file-backed stream, one subject per event type ({@code crowdpay.tx.funds_held.v1}), with
 * {@code Nats-Msg-Id} = event id, and keeps its checkpoint in the stream itself (the last message's
 * {@code Crowdpay-Sequence} header). JetStream is a transport, never a record: nothing here is read
 * back as the truth, and consumers must deduplicate by event id ({@link io.crowdpay.replicator.jetstream.Deduplicator}).
 * Nothing in this package knows the engine or PostgreSQL.
 */
package io.crowdpay.replicator.jetstream;
