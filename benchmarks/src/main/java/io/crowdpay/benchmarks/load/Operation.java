package io.crowdpay.benchmarks.load;

/**
 * What one scheduled operation of the load does. An FX swap is two requests (a quote, then the swap
 * that spends it) but one operation: its latency runs from the quote's intended start to the swap's
 * response, because that is what a user waiting for "swap done" experiences.
 */
enum Operation {
    TRANSFER,
    FX_SWAP,
    WITHDRAWAL
}
