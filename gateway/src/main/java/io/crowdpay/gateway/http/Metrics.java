package io.crowdpay.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A few counters and gauges in the Prometheus text format. Deliberately small; the metrics issue
 * replaces it with the Prometheus client and latency histograms.
 */
public final class Metrics {

    private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new java.util.LinkedHashMap<>();
    /** Counter families whose label sets appear as they happen (each entry: labels without braces -> value). */
    private final Map<String, Supplier<Map<String, Long>>> counterFamilies = new java.util.LinkedHashMap<>();

    void countResponse(int status, String code) {
        responses.computeIfAbsent(status + "|" + (code == null ? "" : code), k -> new LongAdder()).increment();
    }

    /**
     * Registers a gauge before the server starts. Gauges of one family (same name before the labels)
     * must be registered one after the other.
     */
    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /**
     * Registers, before the server starts, a counter family whose label sets are not known ahead
     * (a collector's causes, say): the supplier gives each set's labels ({@code a="x",b="y"}) and value.
     */
    public void counters(String family, Supplier<Map<String, Long>> labelledValues) {
        counterFamilies.put(family, labelledValues);
    }

    /** A label value as the text format wants it: backslash, quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE crowdpay_http_responses_total counter\n");
        responses.forEach((key, count) -> {
            String[] parts = key.split("\\|", -1);
            out.append("crowdpay_http_responses_total{status=\"").append(parts[0]).append("\",code=\"").append(parts[1])
                    .append("\"} ").append(count.sum()).append('\n');
        });
        String typed = null;
        for (Map.Entry<String, LongSupplier> gauge : gauges.entrySet()) {
            // A labelled gauge ("name{label=...}") shares its family's one TYPE line.
            String name = gauge.getKey();
            int brace = name.indexOf('{');
            String family = brace < 0 ? name : name.substring(0, brace);
            if (!family.equals(typed)) {
                out.append("# TYPE ").append(family).append(" gauge\n");
                typed = family;
            }
            out.append(name).append(' ').append(gauge.getValue().getAsLong()).append('\n');
        }
        counterFamilies.forEach((family, values) -> {
            out.append("# TYPE ").append(family).append(" counter\n");
            values.get().forEach((labels, value) -> out.append(family).append('{').append(labels).append("} ").append(value).append('\n'));
        });
        return out.toString();
    }
}
