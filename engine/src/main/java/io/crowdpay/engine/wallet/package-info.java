/**
 * Wallets and their per-currency balances (available and held). Only the ledger package changes a
 * balance; everything else reads views.
 */
package io.crowdpay.engine.wallet;
