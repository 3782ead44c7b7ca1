package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuSampleTest {

    @Test
    void readsBusyAndTotalFromTheAggregateCpuLine() {
        long[] busyTotal = CpuSample.parseStatCpuLine("cpu  100 5 50 800 20 3 2 0 0 0");

        assertThat(busyTotal).containsExactly(160, 980);
    }

    @Test
    void readsUserPlusSystemTimeEvenWhenTheCommandHasSpaces() {
        String stat = "4242 (my java (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 1000 0 0";

        assertThat(CpuSample.processTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void splitsTheMachinesBusyTimeBetweenServiceGeneratorAndOthers() {
        // 10 s on 2 CPUs = 2,000 ticks at 100 Hz: 1,800 busy, of which 1,200 service, 300 generator.
        CpuSample before = new CpuSample(10_000, 50_000, 4_000, 1_000);
        CpuSample after = new CpuSample(11_800, 52_000, 5_200, 1_300);

        CpuSample.Usage usage = after.since(before, 2);

        assertThat(usage.service()).isCloseTo(1.2, within(1e-9));
        assertThat(usage.self()).isCloseTo(0.3, within(1e-9));
        assertThat(usage.others()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void unknownSamplesGiveUnknownUsage() {
        assertThat(CpuSample.UNKNOWN.since(CpuSample.UNKNOWN, 2)).isEqualTo(CpuSample.Usage.UNKNOWN);
        CpuSample.Usage noService = new CpuSample(200, 400, -1, 50).since(new CpuSample(0, 0, -1, 0), 2);
        assertThat(noService.service()).isNaN();
        assertThat(noService.others()).isCloseTo(0.75, within(1e-9)); // 1 core busy, 0.25 of it the generator
    }
}
