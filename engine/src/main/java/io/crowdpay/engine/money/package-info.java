/**
 * Money as integer minor units of an ISO 4217 currency, and the strict decimal-string parser the API
 * uses. No floating point may appear here or anywhere an amount is computed.
 */
package io.crowdpay.engine.money;
