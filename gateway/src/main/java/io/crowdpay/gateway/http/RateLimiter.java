package io.crowdpay.gateway.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-principal token buckets: {@code ratePerSecond} requests a second with bursts of the same size.
 * The table is bounded ({@value #PRINCIPALS_MAX} principals); when it fills, it is cleared, which at
 * worst grants everyone one fresh burst. Gateway-only: refusals never reach the journal.
 */
final class RateLimiter {

    static final int PRINCIPALS_MAX = 100_000;

    private final double ratePerSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    boolean tryAcquire(String principal) {
        if (buckets.size() >= PRINCIPALS_MAX) {
            buckets.clear();
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(principal, p -> new Bucket(ratePerSecond, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(ratePerSecond, bucket.tokens + (now - bucket.lastNanos) * ratePerSecond / 1e9);
            bucket.lastNanos = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }
}
