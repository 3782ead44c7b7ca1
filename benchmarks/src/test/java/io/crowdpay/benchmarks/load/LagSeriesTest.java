package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagSeriesTest {

    @Test
    void aConsumerThatBatchesButKeepsUpIsSteady() {
        LagSeries series = new LagSeries();
        for (long t = 0; t <= 60_000; t += 100) {
            series.add(t, t % 1_000 == 0 ? 900 : 100);
        }

        LagSeries.Summary s = series.summarize(0, 60_000, 10_000);

        assertThat(s.samples()).isEqualTo(601);
        assertThat(s.max()).isEqualTo(900);
        assertThat(s.growing()).isFalse();
    }

    @Test
    void aConsumerFallingFurtherBehindIsGrowing() {
        LagSeries series = new LagSeries();
        for (long t = 0; t <= 60_000; t += 100) {
            series.add(t, t * 2); // 2,000 events more behind every second
        }

        LagSeries.Summary s = series.summarize(0, 60_000, 10_000);

        assertThat(s.growing()).isTrue();
        assertThat(s.max()).isEqualTo(120_000);
        assertThat(s.firstMean()).isLessThan(s.lastMean());
    }

    @Test
    void aLagInMillisecondsGrowsOnlyPastItsOwnMinimum() {
        LagSeries wobbling = new LagSeries(LagSeries.GROWTH_MILLIS_MIN);
        LagSeries falling = new LagSeries(LagSeries.GROWTH_MILLIS_MIN);
        for (long t = 0; t <= 60_000; t += 100) {
            wobbling.add(t, t < 30_000 ? 100 : 400); // 300 ms worse: under the half second that counts
            falling.add(t, t / 20); // 50 ms more behind every second
        }

        assertThat(wobbling.summarize(0, 60_000, 10_000).growing()).isFalse();
        assertThat(falling.summarize(0, 60_000, 10_000).growing()).isTrue();
    }

    @Test
    void onlyTheMeasuredPhaseCounts() {
        LagSeries series = new LagSeries();
        series.add(500, 1_000_000); // warm-up backlog
        for (long t = 10_000; t <= 40_000; t += 100) {
            series.add(t, 10);
        }

        LagSeries.Summary s = series.summarize(10_000, 40_000, 10_000);

        assertThat(s.max()).isEqualTo(10);
        assertThat(s.growing()).isFalse();
    }

    @Test
    void p99IsTheNearestRank() {
        LagSeries series = new LagSeries();
        for (int i = 1; i <= 1_000; i++) {
            series.add(i, i);
        }

        assertThat(series.summarize(0, 1_000, 100).p99()).isEqualTo(990);
    }

    @Test
    void smallGrowthIsNoise() {
        LagSeries series = new LagSeries();
        for (long t = 0; t <= 30_000; t += 100) {
            series.add(t, t < 15_000 ? 0 : 600);
        }

        assertThat(series.summarize(0, 30_000, 10_000).growing()).isFalse();
    }

    @Test
    void noSamplesSummariseToZeros() {
        assertThat(new LagSeries().summarize(0, 1_000, 100)).isEqualTo(new LagSeries.Summary(0, 0, 0, 0, 0, false));
    }
}
