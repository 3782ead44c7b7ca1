package io.crowdpay.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A few counters and gauges in the Prometheus text format. Deliberately small; the metrics issue
 * replaces it with the Prometheus client and latency histograms.
 */
public final class Metrics {

    private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new java.util.LinkedHashMap<>();

    void countResponse(int status, String code) {
        responses.computeIfAbsent(status + "|" + (code == null ? "" : code), k -> new LongAdder()).increment();
    }

    /** Registers a gauge before the server starts. */
    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE crowdpay_http_responses_total counter\n");
        responses.forEach((key, count) -> {
            String[] parts = key.split("\\|", -1);
            out.append("crowdpay_http_responses_total{status=\"").append(parts[0]).append("\",code=\"").append(parts[1])
                    .append("\"} ").append(count.sum()).append('\n');
        });
        gauges.forEach((name, value) -> out.append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value.getAsLong()).append('\n'));
        return out.toString();
    }
}
