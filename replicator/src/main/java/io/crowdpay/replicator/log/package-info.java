/**
 * The event log (ADR 0005): the engine's events in sequence order on local disk, written by one
 * output handler of the ring and tailed by each downstream consumer at its own pace. Derived from
 * the input journal, forced lazily, and repaired from the journal at start after a crash.
 */
package io.crowdpay.replicator.log;
