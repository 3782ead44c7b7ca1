/**
 * Counterparties of the outside legs (funding, bank payout, FX liquidity). In the embedded default
 * they answer in-process; their answers always reach the engine as journaled commands.
 */
package io.crowdpay.gateway.counterparty;
