package io.crowdpay.benchmarks.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.gateway.http.Json;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution as reported: count and the percentiles that matter for a payments API, in
 * milliseconds. Built from a histogram recorded in microseconds ({@link ShardStats}).
 */
record Latency(long count, double meanMillis, double p50Millis, double p95Millis, double p99Millis, double p999Millis,
               double maxMillis) {

    static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0);

    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Latency(micros.getTotalCount(), micros.getMean() / 1000, ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    String text() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p95 %s  p99 %s  p99.9 %s  max %s ms  (mean %s, n=%d)", f(p50Millis),
                f(p95Millis), f(p99Millis), f(p999Millis), f(maxMillis), f(meanMillis), count);
    }

    ObjectNode json() {
        return Json.MAPPER.createObjectNode().put("count", count).put("mean_ms", round(meanMillis)).put("p50_ms", round(p50Millis))
                .put("p95_ms", round(p95Millis)).put("p99_ms", round(p99Millis)).put("p99_9_ms", round(p999Millis))
                .put("max_ms", round(maxMillis));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Milliseconds with three significant decimals at most, e.g. 0.412, 12.3, 1043. */
    static String f(double millis) {
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%.0f", millis);
        }
        if (millis >= 10) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }
        return String.format(Locale.ROOT, "%.3f", millis);
    }
}
