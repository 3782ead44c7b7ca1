/**
 * The rules the engine decides by (limits per KYC tier, risk rules, sanctions, quote TTL, capacities).
 * Parsed from ops files by an adapter and delivered as a journaled command; never read from disk here.
 */
package io.crowdpay.engine.config;
