/**
 * The PostgreSQL event store (ADR 0005): {@link io.crowdpay.replicator.postgres.Migrations} lays out
 * the append-only {@code events} table and the consumer checkpoints, and
 * {@link io.crowdpay.replicator.postgres.EventStore} appends batches of events together with the
 * consumer's checkpoint in one transaction, so a crash or a redelivery can neither duplicate nor
 * skip an event. Only JDBC, HikariCP and Flyway live here: no engine types, no NATS.
 */
package io.crowdpay.replicator.postgres;
