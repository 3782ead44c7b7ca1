package io.crowdpay.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's garbage collections so far, by collector and cause, as its {@code /metrics} counts
 * them ({@code crowdpay_jvm_gc_cycles_total} and {@code crowdpay_jvm_gc_cycle_milliseconds_total}).
 * Two samples give the collections of the measured phase, and their causes say which phase of the
 * collector a run measured: ZGC's start-up "Warmup" collections mean it had not yet settled into the
 * rhythm of a long-running service.
 *
 * @param known  whether the service answered with its counters
 * @param counts {cycles, milliseconds} by "collector|cause"
 */
record CollectorSample(boolean known, Map<String, long[]> counts) {

    static final CollectorSample UNKNOWN = new CollectorSample(false, Map.of());

    /** The cause ZGC gives its start-up collections (at 10, 20 and 30% heap use). */
    static final String WARMUP_CAUSE = "Warmup";

    private static final Pattern LINE = Pattern.compile(
            "(?m)^crowdpay_jvm_gc_cycle(s|_milliseconds)_total\\{gc=\"([^\"]*)\",cause=\"([^\"]*)\"} (\\d+)$");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Collections of one collector and cause between two samples; {@code millis} is their summed duration. */
    record Row(String collector, String cause, long cycles, long millis) {
        /** ZGC's pause beans count the short stops inside each cycle; the cycle rows say more. */
        boolean isPauses() {
            return collector.endsWith(" Pauses");
        }
    }

    /** Reads {@code base/metrics}; never throws: a service without the counters, or none, gives {@link #UNKNOWN}. */
    static CollectorSample read(URI base) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : UNKNOWN;
        } catch (java.io.IOException | RuntimeException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    static CollectorSample parse(String metrics) {
        Map<String, long[]> counts = new TreeMap<>();
        Matcher m = LINE.matcher(metrics);
        while (m.find()) {
            long[] c = counts.computeIfAbsent(m.group(2) + "|" + m.group(3), k -> new long[2]);
            c[m.group(1).equals("s") ? 0 : 1] = Long.parseLong(m.group(4));
        }
        return new CollectorSample(metrics.contains("# TYPE crowdpay_jvm_gc_cycles_total"), counts);
    }

    /** The collections since {@code before}, most time first; empty when either sample is unknown. */
    List<Row> since(CollectorSample before) {
        List<Row> rows = new ArrayList<>();
        if (!known || !before.known) {
            return rows;
        }
        counts.forEach((key, now) -> {
            long[] was = before.counts.getOrDefault(key, new long[2]);
            long cycles = now[0] - was[0];
            if (cycles > 0) {
                int bar = key.indexOf('|');
                rows.add(new Row(key.substring(0, bar), key.substring(bar + 1), cycles, now[1] - was[1]));
            }
        });
        rows.sort(Comparator.comparingLong(Row::millis).reversed().thenComparing(Row::collector).thenComparing(Row::cause));
        return rows;
    }

    /** Whether any of these collections was one of ZGC's start-up ones. */
    static boolean warmingUp(List<Row> rows) {
        return rows.stream().anyMatch(r -> WARMUP_CAUSE.equals(r.cause()));
    }
}
