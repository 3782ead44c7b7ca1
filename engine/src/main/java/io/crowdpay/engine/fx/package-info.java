/**
 * FX quotes and exact decimal rates. Rates arrive from outside as journaled inputs; the engine never
 * fetches one itself.
 */
package io.crowdpay.engine.fx;
