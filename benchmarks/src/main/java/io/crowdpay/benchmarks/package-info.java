/**
 * JMH benchmarks of the engine, the command codec, journal appends with their fsync, and start-up
 * replay; run them with {@code benchmarks/run.sh}. Results and the machine go in BENCHMARKS.md.
 * Benchmarks measure; they never assert behaviour (that is the tests' job).
 */
package io.crowdpay.benchmarks;
