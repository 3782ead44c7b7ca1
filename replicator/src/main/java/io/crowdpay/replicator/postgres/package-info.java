/**
 * The PostgreSQL event store (ADR 0005): {@link io.crowdpay.replicator.postgres.Migrations} lays out
 * the append-only {@code events} table and the consumer checkpoints, and
 * {@link io.crowdpay.replicator.postgres.EventStore} appends batches of events together with the
 * consumer's checkpoint in one transaction, so a crash or a redelivery can neither duplicate nor
 * skip an event. Only JDBC, HikariCP and Flyway live here: no engine types, no NATS. The read model
 * and the audit trail reach PostgreSQL through this package's {@link io.crowdpay.replicator.postgres.Pools},
 * {@link io.crowdpay.replicator.postgres.Transactions}, {@link io.crowdpay.replicator.postgres.MigrationRunner}
 * and {@link io.crowdpay.replicator.postgres.ExactlyOnce}, so there is one way to do each.
 */
package io.crowdpay.replicator.postgres;
