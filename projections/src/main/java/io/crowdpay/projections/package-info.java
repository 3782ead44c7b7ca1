/**
 * Comes with the downstream-handlers issue: consumers that keep {@code read_model.transactions} and
 * wallet balances current from the output ring, each with its own checkpoint, and serve the
 * {@code GET /v1/transactions} list endpoint. Nothing here yet.
 */
package io.crowdpay.projections;
