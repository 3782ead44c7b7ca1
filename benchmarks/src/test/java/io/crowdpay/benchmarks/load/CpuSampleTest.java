package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void groupsTheCollectorsTheCompilersAndTheEventLoopsAndKeepsOtherThreadNames() {
        assertThat(CpuSample.threadGroup("ZWorkerYoung#0")).isEqualTo("garbage collector");
        assertThat(CpuSample.threadGroup("ZDirector")).isEqualTo("garbage collector");
        assertThat(CpuSample.threadGroup("GC Thread#1")).isEqualTo("garbage collector");
        assertThat(CpuSample.threadGroup("G1 Conc#0")).isEqualTo("garbage collector");
        assertThat(CpuSample.threadGroup("C2 CompilerThre")).isEqualTo("JIT compiler");
        assertThat(CpuSample.threadGroup("multiThreadIoEv")).isEqualTo("event loops");
        assertThat(CpuSample.threadGroup("core")).isEqualTo("core");
        assertThat(CpuSample.threadGroup("Zebra")).as("not a JVM thread name").isEqualTo("Zebra");
    }

    @Test
    void readsAThreadsNameAndItsUserAndSystemTicksApart() {
        String stat = "4243 (out-EventLog) S 1 4242 4242 0 -1 4194560 100 0 0 0 70 30 0 0 20 0 40 0 1000 0 0";

        assertThat(CpuSample.commandName(stat)).isEqualTo("out-EventLog");
        assertThat(CpuSample.userAndSystemTicks(stat)).containsExactly(70, 30);
        assertThat(CpuSample.commandName("1 (a (b) c) S 1")).isEqualTo("a (b) c");
    }

    @Test
    void splitsTheServicesCoresByThreadGroupBusiestFirstWithTheSmallOnesSummed() {
        // 10 s on 2 CPUs: a span of 1,000 ticks per core.
        Map<String, long[]> before = Map.of("core", new long[] {100, 100}, "event loops", new long[] {0, 0},
                "leg-timer", new long[] {5, 5}, "JIT compiler", new long[] {50, 0});
        Map<String, long[]> after = Map.of("core", new long[] {300, 400}, "event loops", new long[] {600, 300},
                "leg-timer", new long[] {9, 9}, "out-Counterparti", new long[] {3, 1}, "JIT compiler", new long[] {40, 0});

        List<CpuSample.ThreadCores> rows = CpuSample.threadCores(before, after, 1_000);

        assertThat(rows).extracting(CpuSample.ThreadCores::group).containsExactly("event loops", "core", "other threads");
        assertThat(rows.get(0).user()).isCloseTo(0.6, within(1e-9));
        assertThat(rows.get(0).system()).isCloseTo(0.3, within(1e-9));
        assertThat(rows.get(1).total()).isCloseTo(0.5, within(1e-9));
        // leg-timer 0.008 and a thread started in between 0.004 are under 0.01 each; the JIT group lost
        // a thread that ended, which counts as nothing, not as less than nothing.
        assertThat(rows.get(2).user()).isCloseTo(0.007, within(1e-9));
        assertThat(rows.get(2).system()).isCloseTo(0.005, within(1e-9));
    }

    @Test
    void theUsageCarriesTheThreadRowsAndUnknownThreadsGiveNone() {
        CpuSample before = new CpuSample(10_000, 50_000, 4_000, 1_000, Map.of("core", new long[] {0, 0}));
        CpuSample after = new CpuSample(11_800, 52_000, 5_200, 1_300, Map.of("core", new long[] {400, 200}));

        assertThat(after.since(before, 2).threads()).containsExactly(new CpuSample.ThreadCores("core", 0.4, 0.2));
        assertThat(new CpuSample(11_800, 52_000, 5_200, 1_300).since(new CpuSample(10_000, 50_000, 4_000, 1_000), 2).threads())
                .isEmpty();
    }

    @Test
    void groupsTheKernelsWorkersAndKeepsOtherProcessNames() {
        assertThat(CpuSample.processGroup("kworker/1:1H-kblockd")).isEqualTo("kernel workers");
        assertThat(CpuSample.processGroup("postgres")).isEqualTo("postgres");
        assertThat(CpuSample.processGroup("nats-server")).isEqualTo("nats-server");
    }

    @Test
    void theUsageSplitsEverythingElseByProcessWithTheSmallOnesSummed() {
        // 10 s on 2 CPUs: a span of 1,000 ticks per core. PostgreSQL's backends are one group; a
        // process that started in between counts from nothing.
        CpuSample before = new CpuSample(10_000, 50_000, 4_000, 1_000, Map.of(),
                Map.of("postgres", new long[] {1_000, 200}, "nats-server", new long[] {50, 50}, "bash", new long[] {3, 1}));
        CpuSample after = new CpuSample(11_800, 52_000, 5_200, 1_300, Map.of(),
                Map.of("postgres", new long[] {1_400, 300}, "nats-server", new long[] {250, 100}, "bash", new long[] {5, 1},
                        "java", new long[] {4, 2}));

        List<CpuSample.ThreadCores> rows = after.since(before, 2).processes();

        assertThat(rows).extracting(CpuSample.ThreadCores::group).containsExactly("postgres", "nats-server", "other processes");
        assertThat(rows.get(0).total()).isCloseTo(0.5, within(1e-9));
        assertThat(rows.get(1).system()).isCloseTo(0.05, within(1e-9));
        assertThat(rows.get(2).total()).isCloseTo(0.008, within(1e-9));
    }

    @Test
    void aLiveSampleCountsOtherProcessesButNotTheService(@TempDir Path dir) throws Exception {
        // A command name no other process on the machine has: a link to sleep named for this run.
        String name = "cpu" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path probe = Files.createSymbolicLink(dir.resolve(name), Path.of("/bin/sleep"));
        Process child = new ProcessBuilder(probe.toString(), "30").start();
        try {
            assertThat(CpuSample.read(0).otherProcesses()).containsKey(name);
            assertThat(CpuSample.read(child.pid()).otherProcesses()).as("the service is counted apart").doesNotContainKey(name);
        } finally {
            child.destroy();
        }
    }
}
