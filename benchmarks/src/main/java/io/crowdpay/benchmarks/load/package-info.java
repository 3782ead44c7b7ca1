/**
 * The open-loop load generator for the REST API ({@code benchmarks/load.sh}): a constant arrival
 * rate, latency from each operation's intended start (coordinated omission corrected), settle latency
 * and downstream lag sampled alongside. It talks to the service only over HTTP, like any client; it
 * uses the gateway module just to mint dev tokens and for the project's JSON setup. It measures and
 * reports; it never decides whether a number is good enough (BENCHMARKS.md does).
 */
package io.crowdpay.benchmarks.load;
