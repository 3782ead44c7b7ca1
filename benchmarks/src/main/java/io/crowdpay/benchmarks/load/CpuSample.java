package io.crowdpay.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time counters from Linux's /proc at one instant: the whole machine's busy and total time, the
 * service's and this generator's. Two samples give how many cores each used in between, and so how
 * much of the machine other processes took: on a shared 2-core box that decides whether a run's
 * numbers describe the service or its neighbours.
 *
 * @param boxBusyTicks   all CPUs' non-idle time (user, nice, system, irq, softirq, steal)
 * @param boxTotalTicks  all CPUs' time, idle and iowait included
 * @param serviceTicks   the service process's user + system time, or -1 when unknown
 * @param selfTicks      this process's user + system time, or -1 when unknown
 */
record CpuSample(long boxBusyTicks, long boxTotalTicks, long serviceTicks, long selfTicks) {

    static final CpuSample UNKNOWN = new CpuSample(-1, -1, -1, -1);

    /**
     * Cores used between two samples, per party.
     *
     * @param cpus    CPUs of the machine
     * @param service cores the service used (NaN when unknown)
     * @param self    cores the generator used
     * @param others  cores everything else used: the machine's busy time less the two
     */
    record Usage(int cpus, double service, double self, double others) {
        static final Usage UNKNOWN = new Usage(0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Reads the counters; servicePid may be 0 (unknown). Never throws: unknown parts are -1. */
    static CpuSample read(long servicePid) {
        try {
            long[] box = parseStatCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
            long service = servicePid > 0 ? processTicks(Files.readString(Path.of("/proc/" + servicePid + "/stat"))) : -1;
            long self = processTicks(Files.readString(Path.of("/proc/self/stat")));
            return new CpuSample(box[0], box[1], service, self);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal ...} -> {busy, total}. */
    static long[] parseStatCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line: " + line);
        }
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/stat line; the command name may hold spaces. */
    static long processTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Cores each party used from {@code before} to this sample. */
    Usage since(CpuSample before, int cpus) {
        if (boxTotalTicks < 0 || before.boxTotalTicks < 0 || boxTotalTicks <= before.boxTotalTicks) {
            return Usage.UNKNOWN;
        }
        double span = (double) (boxTotalTicks - before.boxTotalTicks) / cpus;
        double busy = (boxBusyTicks - before.boxBusyTicks) / span;
        double service = serviceTicks < 0 || before.serviceTicks < 0 ? Double.NaN : (serviceTicks - before.serviceTicks) / span;
        double self = selfTicks < 0 || before.selfTicks < 0 ? Double.NaN : (selfTicks - before.selfTicks) / span;
        double others = busy - (Double.isNaN(service) ? 0 : service) - (Double.isNaN(self) ? 0 : self);
        return new Usage(cpus, service, self, Math.max(0, others));
    }
}
