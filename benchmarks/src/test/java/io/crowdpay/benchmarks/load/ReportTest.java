package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;

class ReportTest {

    /** 1..1000 ms, one sample each. */
    private static Histogram oneToAThousandMillis() {
        Histogram h = ShardStats.histogram();
        for (int ms = 1; ms <= 1_000; ms++) {
            h.recordValue(ms * 1_000L);
        }
        return h;
    }

    @Test
    void latencyPercentilesAreInMillisecondsWithinHistogramPrecision() {
        Latency l = Latency.of(oneToAThousandMillis());

        assertThat(l.count()).isEqualTo(1_000);
        assertThat(l.p50Millis()).isCloseTo(500, within(0.5));
        assertThat(l.p99Millis()).isCloseTo(990, within(1.0));
        assertThat(l.p999Millis()).isCloseTo(999, within(1.0));
        assertThat(l.maxMillis()).isCloseTo(1_000, within(1.0));
        assertThat(l.meanMillis()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void anEmptyHistogramHasNoSamples() {
        assertThat(Latency.of(ShardStats.histogram())).isEqualTo(Latency.EMPTY);
        assertThat(Latency.EMPTY.text()).isEqualTo("no samples");
    }

    @Test
    void recordingClampsToTheHistogramsRange() {
        SingleWriterRecorder r = ShardStats.recorder();

        ShardStats.record(r, -5);
        ShardStats.record(r, 400);
        ShardStats.record(r, Long.MAX_VALUE);
        Histogram h = r.getIntervalHistogram();

        assertThat(h.getTotalCount()).isEqualTo(3);
        assertThat(h.getMinValue()).isEqualTo(1);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(ShardStats.HIGHEST_MICROS - ShardStats.HIGHEST_MICROS / 1_000);
    }

    @Test
    void totalsMergeEveryShardsIntervals() {
        Histogram merged = ShardStats.histogram();
        SingleWriterRecorder a = ShardStats.recorder();
        SingleWriterRecorder b = ShardStats.recorder();
        a.recordValue(1_000);
        b.recordValue(3_000);
        merged.add(a.getIntervalHistogram());
        merged.add(b.getIntervalHistogram());
        a.recordValue(2_000);
        merged.add(a.getIntervalHistogram());

        assertThat(merged.getTotalCount()).isEqualTo(3);
        assertThat(Latency.of(merged).maxMillis()).isCloseTo(3.0, within(0.01));
    }

    @Test
    void aRunWithoutErrorsAtTheTargetRateKeptUp() {
        assertThat(onTime(report(new Report.Counts(150_000, 150_000, 150_000, 0, 0, 3, 30.0, 0, 0))).keptUp()).isTrue();
        assertThat(report(new Report.Counts(150_000, 150_000, 149_999, 1, 0, 3, 30.0, 0, 0)).keptUp()).isFalse();
        assertThat(report(new Report.Counts(150_000, 150_000, 150_000, 0, 0, 3, 40.0, 0, 0)).keptUp())
                .as("answers trailing 10 s behind the schedule").isFalse();
    }

    @Test
    void aRunWhoseMedianOperationQueuedInTheClientIsSaturated() {
        Report.Counts fine = new Report.Counts(150_000, 150_000, 150_000, 0, 0, 140_000, 30.0, 0, 0);
        Report queued = report(fine);
        Report sentOnTime = new Report(queued.run(), fine, queued.latency(), queued.byOperation(), queued.serviceTime(),
                Latency.of(ShardStats.histogram()), queued.errors(), queued.settle(), queued.readiness(), queued.cpu(),
                queued.collections());

        assertThat(queued.saturated()).as("send delay p50 500 ms > 1 ms").isTrue();
        assertThat(queued.keptUp()).isFalse();
        assertThat(queued.text()).contains("saturated: the median operation waited 500 ms");
        assertThat(sentOnTime.saturated()).isFalse();
        assertThat(onTime(queued).keptUp()).isTrue();
    }

    @Test
    void aWarmUpQueueCarriedIntoTheMeasurementIsFlagged() {
        Report drained = onTime(report(new Report.Counts(150_000, 150_000, 150_000, 0, 0, 3, 30.0, 0, 12)));
        Report spilled = onTime(report(new Report.Counts(150_000, 150_000, 150_000, 0, 0, 3, 30.0, 0, 47_000)));

        assertThat(drained.counts().warmupSpilled(5_000)).as("12 in flight is the normal pipeline").isFalse();
        assertThat(drained.text()).doesNotContain("WARNING");
        assertThat(spilled.counts().warmupSpilled(5_000)).isTrue();
        assertThat(spilled.text()).contains("47000 warm-up operations were still unanswered", "use a longer --warmup");
        assertThat(spilled.json().at("/operations/warmup_backlog").asLong()).isEqualTo(47_000);
        assertThat(spilled.json().at("/operations/warmup_spilled").asBoolean()).isTrue();
    }

    @Test
    void anOverloadedRunsQueueIsNotBlamedOnTheWarmUp() {
        Report overloaded = report(new Report.Counts(150_000, 150_000, 150_000, 0, 0, 140_000, 30.0, 0, 200_000));

        assertThat(overloaded.saturated()).isTrue();
        assertThat(overloaded.text()).doesNotContain("use a longer --warmup").contains("200000 operations queued",
                "above what the service sustains");
    }

    @Test
    void theSummaryAndTheJsonCarryTheSameNumbers() {
        Report report = report(new Report.Counts(150_000, 150_000, 149_990, 10, 0, 7, 30.0, 1, 0));

        String text = report.text();
        JsonNode json = report.json();

        assertThat(text).contains("150000 scheduled", "149990 ok", "10 errors", "7 late", "DID NOT KEEP UP",
                "{T004 insufficient_funds=10}", "event_store", "GROWING", "p99 990");
        assertThat(json.at("/operations/ok").asLong()).isEqualTo(149_990);
        assertThat(json.at("/operations/ok_per_s").asDouble()).isCloseTo(4_999.667, within(0.001));
        assertThat(json.at("/operations/kept_up").asBoolean()).isFalse();
        assertThat(json.at("/latency/p99_ms").asDouble()).isCloseTo(990, within(1.0));
        assertThat(json.at("/latency_by_operation/FX_SWAP/count").asLong()).isEqualTo(1_000);
        assertThat(json.at("/errors/T004 insufficient_funds").asLong()).isEqualTo(10);
        assertThat(json.at("/readyz/consumers/0/name").asText()).isEqualTo("event_store");
        assertThat(json.at("/readyz/consumers/0/growing").asBoolean()).isTrue();
        assertThat(json.at("/readyz/consumers/0/lag_ms/p99").asLong()).isEqualTo(15);
        assertThat(json.at("/readyz/consumers/1/lag_ms").isMissingNode()).as("no time series for it").isTrue();
        assertThat(text).contains("(ms)");
        assertThat(json.at("/run/mix/TRANSFER").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(json.at("/settle/latency/count").asLong()).isEqualTo(1_000);
        assertThat(json.at("/cpu_cores/service").asDouble()).isEqualTo(1.5);
        assertThat(text).contains("service 1.50, generator 0.25, everything else 0.13 cores of 2");
        assertThat(text).contains("5000 ops/s for 30 s after 10 s warm-up (ramped from 10%); 32 connections");
        assertThat(json.at("/run/warmup_ramp_from").asDouble()).isEqualTo(0.1);
        assertThat(text).contains("  threads     event loops 0.70 (kernel 0.30), garbage collector 0.40 (kernel 0.05), core 0.30 (kernel 0.20),"
                + System.lineSeparator() + "              other threads 0.10 (kernel 0.05)   [service cores by thread, measured phase]");
        assertThat(json.at("/cpu_cores/service_threads/1/group").asText()).isEqualTo("garbage collector");
        assertThat(json.at("/cpu_cores/service_threads/1/user").asDouble()).isCloseTo(0.35, within(1e-9));
        assertThat(json.at("/cpu_cores/service_threads/1/system").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(text).contains("  others      postgres 0.10 (kernel 0.03), nats-server 0.03 (kernel 0.01)   [everything else by process, measured phase]");
        assertThat(json.at("/cpu_cores/other_processes/0/group").asText()).isEqualTo("postgres");
        assertThat(json.at("/cpu_cores/other_processes/1/user").asDouble()).isCloseTo(0.02, within(1e-9));
        assertThat(text).contains("  collector   ZGC Major Cycles x1 (Warmup) 1.9 s, ZGC Minor Cycles x2 (Allocation Rate) 1.4 s   [the service's")
                .doesNotContain("Pauses").contains("still making its start-up (Warmup) collections");
        assertThat(json.at("/gc_cycles/1/cycles").asLong()).isEqualTo(2);
        assertThat(json.at("/gc_cycles/2/gc").asText()).isEqualTo("ZGC Minor Pauses");
        assertThat(json.at("/gc_warming_up").asBoolean()).isTrue();
    }

    /** The same report with every operation sent 0.1 ms after its intended start. */
    private static Report onTime(Report r) {
        Histogram h = ShardStats.histogram();
        h.recordValue(100);
        return new Report(r.run(), r.counts(), r.latency(), r.byOperation(), r.serviceTime(), Latency.of(h), r.errors(), r.settle(),
                r.readiness(), r.cpu(), r.collections());
    }

    private static Report report(Report.Counts counts) {
        Latency l = Latency.of(oneToAThousandMillis());
        Map<Operation, Latency> perOp = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            perOp.put(op, l);
        }
        Map<String, Long> errors = new TreeMap<>(Map.of("T004 insufficient_funds", counts.errors()));
        if (counts.errors() == 0) {
            errors.clear();
        }
        LagSeries.Summary growing = new LagSeries.Summary(300, 50_000, 49_000, 100, 40_000, true);
        LagSeries.Summary steady = new LagSeries.Summary(300, 20, 15, 3, 4, false);
        Map<String, LagSeries.Summary> consumers = new java.util.LinkedHashMap<>();
        consumers.put("event_store", growing);
        consumers.put("projections", steady);
        Report.Run run = new Report.Run("2026-01-01T00:00:00Z", "http://127.0.0.1:8080", 5_000, 30, 10, 0.1, 32, 16, 1, Mix.DEFAULT, 100,
                0, 100, 100, 0.01, 2, 1, 0.5, 1.5);
        return new Report(run, counts, l, perOp, l, l, errors,
                new Report.Settle(1_000, 990, 10, 0, 2_000, l, perOp),
                new ReadinessSampler.Readiness(consumers, Map.of("event_store", steady), steady, 400, 0, 0, 0, null), new CpuSample.Usage(2, 1.5, 0.25, 0.125,
                        List.of(new CpuSample.ThreadCores("event loops", 0.4, 0.3), new CpuSample.ThreadCores("garbage collector", 0.35, 0.05),
                                new CpuSample.ThreadCores("core", 0.1, 0.2), new CpuSample.ThreadCores("other threads", 0.05, 0.05)),
                        List.of(new CpuSample.ThreadCores("postgres", 0.07, 0.03), new CpuSample.ThreadCores("nats-server", 0.02, 0.005))),
                List.of(new CollectorSample.Row("ZGC Major Cycles", "Warmup", 1, 1_923), new CollectorSample.Row("ZGC Minor Cycles",
                        "Allocation Rate", 2, 1_400), new CollectorSample.Row("ZGC Minor Pauses", "Allocation Rate", 6, 0)));
    }
}
