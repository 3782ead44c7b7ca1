package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GcMetricsTest {

    private static final Pattern SYSTEM_GC_CYCLES =
            Pattern.compile("(?m)^" + GcMetrics.CYCLES + "\\{gc=\"[^\"]+\",cause=\"System\\.gc\\(\\)\"} (\\d+)$");

    @Test
    void countsEachCollectionUnderItsCollectorAndCause() throws InterruptedException {
        Metrics metrics = new Metrics();
        try (GcMetrics gc = GcMetrics.start()) {
            gc.register(metrics);
            assertThat(systemGcCycles(metrics.render())).isZero();

            System.gc();

            // The JVM sends the notification from its own thread, shortly after the collection.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (systemGcCycles(metrics.render()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String text = metrics.render();
            assertThat(systemGcCycles(text)).isPositive();
            assertThat(text).contains("# TYPE " + GcMetrics.CYCLES + " counter", "# TYPE " + GcMetrics.MILLIS + " counter")
                    .containsPattern(GcMetrics.MILLIS + "\\{gc=\"[^\"]+\",cause=\"System\\.gc\\(\\)\"} \\d+");
        }
    }

    @Test
    void aCounterFamilyRendersOneTypeLineAndALineForEachLabelSet() {
        Metrics metrics = new Metrics();
        metrics.counters("x_total", () -> Map.of("a=\"1\"", 3L));

        assertThat(metrics.render()).contains("# TYPE x_total counter\nx_total{a=\"1\"} 3\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(Metrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    private static long systemGcCycles(String text) {
        long sum = 0;
        Matcher m = SYSTEM_GC_CYCLES.matcher(text);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }
}
