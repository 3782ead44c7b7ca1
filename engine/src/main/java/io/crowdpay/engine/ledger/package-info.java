/**
 * The double-entry ledger: the only code that changes balances. Every movement is a balanced pair;
 * invariants (sum zero per currency, nothing negative) are checked where state changes and stay on
 * in production.
 */
package io.crowdpay.engine.ledger;
