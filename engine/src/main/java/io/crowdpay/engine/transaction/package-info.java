/**
 * Transactions and their lifecycle: where a transfer, top-up, withdrawal or FX swap is decided
 * ({@link io.crowdpay.engine.transaction.Admission}) and how it moves from PENDING to a terminal state.
 */
package io.crowdpay.engine.transaction;
