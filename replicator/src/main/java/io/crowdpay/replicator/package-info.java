/**
 * Comes with the downstream-handlers issue: a consumer of the engine's output ring that appends every
 * domain event to the PostgreSQL event store in batches, with its journal checkpoint in the same
 * transaction, so that a crash between write and checkpoint neither duplicates nor skips an event.
 * Nothing here yet; the engine and gateway must not depend on this module.
 */
package io.crowdpay.replicator;
