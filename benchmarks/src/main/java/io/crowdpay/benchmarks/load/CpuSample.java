package io.crowdpay.benchmarks.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

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
 * @param serviceThreads the service's threads' {user, system} ticks by {@linkplain #threadGroup group};
 *                       empty when unknown
 * @param otherProcesses every other process's {user, system} ticks by {@linkplain #processGroup group}
 *                       (PostgreSQL's backends, nats-server, the simulators' JVM, the kernel's workers):
 *                       where "everything else" went; empty when unknown
 */
record CpuSample(long boxBusyTicks, long boxTotalTicks, long serviceTicks, long selfTicks,
                 Map<String, long[]> serviceThreads, Map<String, long[]> otherProcesses) {

    static final CpuSample UNKNOWN = new CpuSample(-1, -1, -1, -1);

    /** Groups at or below this share of a core are summed into one "other threads" (or processes) row. */
    static final double THREAD_ROW_CORES_MIN = 0.01;

    CpuSample(long boxBusyTicks, long boxTotalTicks, long serviceTicks, long selfTicks) {
        this(boxBusyTicks, boxTotalTicks, serviceTicks, selfTicks, Map.of());
    }

    CpuSample(long boxBusyTicks, long boxTotalTicks, long serviceTicks, long selfTicks, Map<String, long[]> serviceThreads) {
        this(boxBusyTicks, boxTotalTicks, serviceTicks, selfTicks, serviceThreads, Map.of());
    }

    /**
     * Cores used between two samples, per party.
     *
     * @param cpus    CPUs of the machine
     * @param service cores the service used (NaN when unknown)
     * @param self    cores the generator used
     * @param others  cores everything else used: the machine's busy time less the two
     * @param threads where the service's cores went, by thread group, busiest first (empty when unknown)
     * @param processes where the others' cores went, by process group, busiest first (empty when unknown)
     */
    record Usage(int cpus, double service, double self, double others, List<ThreadCores> threads,
                 List<ThreadCores> processes) {
        static final Usage UNKNOWN = new Usage(0, Double.NaN, Double.NaN, Double.NaN);

        Usage(int cpus, double service, double self, double others) {
            this(cpus, service, self, others, List.of(), List.of());
        }

        Usage {
            threads = List.copyOf(threads);
            processes = List.copyOf(processes);
        }
    }

    /**
     * Cores one group of the service's threads used, in user space and in the kernel (system calls,
     * page faults, the loopback network stack). The kernel's share is what no Java profiler shows,
     * nor do Java profilers' thread views show the collector's threads.
     */
    record ThreadCores(String group, double user, double system) {
        double total() {
            return user + system;
        }
    }

    /**
     * The group a thread's name (as /proc shows it: the first 15 bytes) is counted under: the
     * collector's and the JIT compiler's threads each make one group, as do Netty's event loops;
     * any other thread is its own group.
     */
    static String threadGroup(String comm) {
        if (comm.startsWith("Z") && comm.length() > 1 && Character.isUpperCase(comm.charAt(1))
                || comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("Shenandoah")) {
            return "garbage collector";
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "JIT compiler";
        }
        if (comm.startsWith("multiThreadIoEv") || comm.startsWith("nioEventLoopGr") || comm.startsWith("epollEventLoop")) {
            return "event loops";
        }
        return comm;
    }

    /**
     * The group another process (by its command name) is counted under: the kernel's per-CPU workers
     * make one group; any other process name (postgres, nats-server, java, ...) is its own group, so
     * all of PostgreSQL's backends add up to one row.
     */
    static String processGroup(String comm) {
        return comm.startsWith("kworker/") ? "kernel workers" : comm;
    }

    /** The command name (field 2) of a /proc stat line: between the first '(' and the last ')'. */
    static String commandName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** Reads the counters; servicePid may be 0 (unknown). Never throws: unknown parts are -1. */
    static CpuSample read(long servicePid) {
        try {
            long[] box = parseStatCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
            long service = servicePid > 0 ? processTicks(Files.readString(Path.of("/proc/" + servicePid + "/stat"))) : -1;
            long self = processTicks(Files.readString(Path.of("/proc/self/stat")));
            return new CpuSample(box[0], box[1], service, self, servicePid > 0 ? threads(servicePid) : Map.of(),
                    otherProcesses(servicePid, ProcessHandle.current().pid()));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** {user, system} ticks of each thread group of a process; threads that end while read are skipped. */
    private static Map<String, long[]> threads(long pid) {
        return ticksByGroup(Path.of("/proc/" + pid + "/task"), task -> true, CpuSample::threadGroup);
    }

    /**
     * {user, system} ticks of every process but the service and this generator, by process group.
     * Reads /proc/PID/stat only (the command name, not the command line), so it sees every user's
     * processes; a process that ends while read is skipped.
     */
    private static Map<String, long[]> otherProcesses(long servicePid, long selfPid) {
        return ticksByGroup(Path.of("/proc"), p -> {
            String name = p.getFileName().toString();
            if (!name.chars().allMatch(Character::isDigit)) {
                return false;
            }
            long pid = Long.parseLong(name);
            return pid != servicePid && pid != selfPid;
        }, CpuSample::processGroup);
    }

    /**
     * The {user, system} ticks in the {@code stat} file of each entry of {@code dir} the filter keeps,
     * summed by the group of the entry's command name; an entry that vanishes while read is skipped.
     */
    private static Map<String, long[]> ticksByGroup(Path dir, DirectoryStream.Filter<Path> entries, UnaryOperator<String> group) {
        Map<String, long[]> groups = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, entries)) {
            for (Path entry : stream) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                long[] ticks = userAndSystemTicks(stat);
                long[] sum = groups.computeIfAbsent(group.apply(commandName(stat)), g -> new long[2]);
                sum[0] += ticks[0];
                sum[1] += ticks[1];
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
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
        long[] ticks = userAndSystemTicks(stat);
        return ticks[0] + ticks[1];
    }

    /** {utime, stime} (fields 14 and 15) of a /proc stat line. */
    static long[] userAndSystemTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
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
        return new Usage(cpus, service, self, Math.max(0, others), threadCores(before.serviceThreads, serviceThreads, span),
                cores(before.otherProcesses, otherProcesses, span, "other processes"));
    }

    /**
     * Each thread group's cores between two readings, busiest first; groups under
     * {@link #THREAD_ROW_CORES_MIN} are summed into "other threads". A thread that ended in between
     * takes its ticks with it, so a group's difference is never counted below zero.
     */
    static List<ThreadCores> threadCores(Map<String, long[]> before, Map<String, long[]> after, double span) {
        return cores(before, after, span, "other threads");
    }

    /** As {@link #threadCores}, for any groups of ticks, the small ones summed under {@code otherLabel}. */
    static List<ThreadCores> cores(Map<String, long[]> before, Map<String, long[]> after, double span, String otherLabel) {
        List<ThreadCores> rows = new ArrayList<>();
        double otherUser = 0;
        double otherSystem = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[2]);
            double user = Math.max(0, e.getValue()[0] - was[0]) / span;
            double system = Math.max(0, e.getValue()[1] - was[1]) / span;
            if (user + system >= THREAD_ROW_CORES_MIN) {
                rows.add(new ThreadCores(e.getKey(), user, system));
            } else {
                otherUser += user;
                otherSystem += system;
            }
        }
        rows.sort(Comparator.comparingDouble(ThreadCores::total).reversed().thenComparing(ThreadCores::group));
        if (otherUser + otherSystem > 0) {
            rows.add(new ThreadCores(otherLabel, otherUser, otherSystem));
        }
        return rows;
    }
}
