package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorSampleTest {

    private static final String BEFORE = """
            # TYPE crowdpay_ring_backlog gauge
            crowdpay_ring_backlog 3
            # TYPE crowdpay_jvm_gc_cycles_total counter
            crowdpay_jvm_gc_cycles_total{gc="ZGC Major Cycles",cause="Warmup"} 1
            crowdpay_jvm_gc_cycles_total{gc="ZGC Minor Cycles",cause="Allocation Rate"} 4
            # TYPE crowdpay_jvm_gc_cycle_milliseconds_total counter
            crowdpay_jvm_gc_cycle_milliseconds_total{gc="ZGC Major Cycles",cause="Warmup"} 150
            crowdpay_jvm_gc_cycle_milliseconds_total{gc="ZGC Minor Cycles",cause="Allocation Rate"} 2000
            """;

    private static final String AFTER = """
            # TYPE crowdpay_jvm_gc_cycles_total counter
            crowdpay_jvm_gc_cycles_total{gc="ZGC Major Cycles",cause="Proactive"} 1
            crowdpay_jvm_gc_cycles_total{gc="ZGC Major Cycles",cause="Warmup"} 3
            crowdpay_jvm_gc_cycles_total{gc="ZGC Minor Cycles",cause="Allocation Rate"} 4
            # TYPE crowdpay_jvm_gc_cycle_milliseconds_total counter
            crowdpay_jvm_gc_cycle_milliseconds_total{gc="ZGC Major Cycles",cause="Proactive"} 1800
            crowdpay_jvm_gc_cycle_milliseconds_total{gc="ZGC Major Cycles",cause="Warmup"} 4000
            crowdpay_jvm_gc_cycle_milliseconds_total{gc="ZGC Minor Cycles",cause="Allocation Rate"} 2000
            """;

    @Test
    void theCollectionsBetweenTwoSamplesByCollectorAndCauseMostTimeFirst() {
        List<CollectorSample.Row> rows = CollectorSample.parse(AFTER).since(CollectorSample.parse(BEFORE));

        // Unchanged counters (the minor cycles) are not collections of the phase; a cause first seen
        // in the second sample (Proactive) counts from nothing.
        assertThat(rows).containsExactly(new CollectorSample.Row("ZGC Major Cycles", "Warmup", 2, 3_850),
                new CollectorSample.Row("ZGC Major Cycles", "Proactive", 1, 1_800));
        assertThat(CollectorSample.warmingUp(rows)).isTrue();
        assertThat(CollectorSample.warmingUp(rows.subList(1, 2))).isFalse();
    }

    @Test
    void aServiceWithoutTheCountersOrNoServiceGivesNoRows() {
        CollectorSample none = CollectorSample.parse("# TYPE crowdpay_ring_backlog gauge\ncrowdpay_ring_backlog 0\n");

        assertThat(none.known()).isFalse();
        assertThat(CollectorSample.parse(AFTER).since(none)).isEmpty();
        assertThat(CollectorSample.read(URI.create("http://127.0.0.1:1"))).isEqualTo(CollectorSample.UNKNOWN);
    }

    @Test
    void aServiceThatHasNotCollectedYetIsKnownAndCountsFromNothing() {
        CollectorSample fresh = CollectorSample.parse("# TYPE crowdpay_jvm_gc_cycles_total counter\n"
                + "# TYPE crowdpay_jvm_gc_cycle_milliseconds_total counter\n");

        assertThat(fresh.known()).isTrue();
        assertThat(CollectorSample.parse(AFTER).since(fresh)).hasSize(3);
    }
}
