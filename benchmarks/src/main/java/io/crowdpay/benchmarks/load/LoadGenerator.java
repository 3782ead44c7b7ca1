package io.crowdpay.benchmarks.load;

import io.crowdpay.gateway.http.Json;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop load generator for the REST API: sets up a funded world, then sends operations at a
 * constant arrival rate from a fixed number of event-loop threads over keep-alive, pipelined
 * connections, measures each from its intended start (coordinated omission corrected), samples
 * settle latency and the downstream consumers' lag, prints a progress line every second on stderr,
 * and ends with a summary on stdout and a JSON report. {@code benchmarks/load.sh} starts a fresh
 * service around it; run with {@code --help} for the options.
 */
public final class LoadGenerator {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Report report = run(options, System.err);
            System.out.print(report.text());
            Files.writeString(options.report(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) + "\n");
            System.out.println("  report      " + options.report().toAbsolutePath());
        } catch (IllegalStateException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(1);
        }
    }

    static Report run(LoadOptions o, PrintStream log) throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        double warmupSeconds = o.warmup().toNanos() / 1e9;
        double durationSeconds = o.duration().toNanos() / 1e9;
        PodChoice pods = new PodChoice(o.pods(), o.hotPodShare());
        Plan plan = Plan.of(o.rate(), warmupSeconds + durationSeconds, pods, o.actorRateMax(), o.dailyBudgetCents());
        String runId = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1296), 36);
        log.printf(Locale.ROOT, "load: run %s: %d pods, %d acting users (pod 0: %d), %d top-ups; mix %s%n", runId, plan.pods().size(),
                plan.actorsTotal(), plan.pods().get(0).actors(), plan.topUpsTotal(), o.mix());
        List<List<String>> tokens = Setup.run(o, plan, runId, log);
        RequestTemplates templates = new RequestTemplates(plan, tokens, o.hostPort(), o.beneficiaries());

        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(o.ioThreads(), new DefaultThreadFactory("load-io", true), io);
        try {
            InetSocketAddress address = new InetSocketAddress(o.url().getHost(), o.url().getPort());
            Shard.Settings settings = new Shard.Settings(o.mix(), pods, o.lateThreshold().toNanos(), o.settleSample(),
                    RequestTemplate.ascii("lg-" + runId + "-"), o.seed());
            List<Shard> shards = new ArrayList<>();
            for (int k = 0; k < o.ioThreads(); k++) {
                Connector connector = new Connector((EventLoop) group.next(), address);
                int connections = o.connections() / o.ioThreads() + (k < o.connections() % o.ioThreads() ? 1 : 0);
                SettleTracker.Factory settle = (c, stats) -> new SettleTracker(c, templates, stats, o.settleConnections(),
                        LoadOptions.DEPTH_MAX - 1, o.settlePoll().toNanos(), o.settleTimeout().toNanos(), 100_000);
                ReadinessSampler readiness = k == 0 ? new ReadinessSampler(connector, templates.readyz(), o.readyzInterval().toNanos()) : null;
                shards.add(new Shard(k, connector, settings, templates, connections, o.depth(), settle, readiness));
            }
            for (Shard shard : shards) {
                shard.connect();
            }
            double loadBefore = loadAverage();
            String startedAt = Instant.now().toString();
            long t0 = System.nanoTime() + 50_000_000L;
            Schedule whole = Schedule.ramped(t0, o.rate(), warmupSeconds, o.warmupRamp(), durationSeconds);
            long measureStart = t0 + o.warmup().toNanos();
            for (Shard shard : shards) {
                shard.start(whole.shard(shard.index, shards.size()), measureStart);
            }
            Totals totals = new Totals();
            Progress progress = progressUntilDone(o, shards, totals, t0, measureStart, whole, log);
            for (Shard shard : shards) {
                shard.loopExecute(shard::stop);
            }
            totals.pull(shards);
            ReadinessSampler.Readiness readiness = shards.get(0).onLoop(() -> shards.get(0).readiness().result(
                    (measureStart - t0) / 1_000_000, (measureStart - t0 + o.duration().toNanos()) / 1_000_000, o.lagWindow().toMillis()));
            return assemble(o, plan, shards, totals, readiness, progress, whole, measureStart, startedAt, loadBefore);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * What the progress loop saw besides its lines.
     *
     * @param cpu           the cores the service, this generator and everything else used over the measured phase
     * @param collections   the service's garbage collections over the measured phase (empty when unknown)
     * @param warmupBacklog warm-up operations not yet answered when the measured phase began (-1: never sampled)
     */
    record Progress(CpuSample.Usage cpu, List<CollectorSample.Row> collections, long warmupBacklog) {
    }

    /**
     * Prints a progress line every second until every shard finished or the drain time after the
     * schedule ran out.
     */
    private static Progress progressUntilDone(LoadOptions o, List<Shard> shards, Totals totals, long t0, long measureStart,
                                                     Schedule whole, PrintStream log) throws InterruptedException {
        long end = whole.intendedNanos(Math.max(0, whole.count() - 1));
        long deadline = end + o.drain().toNanos();
        int cpus = Runtime.getRuntime().availableProcessors();
        CpuSample cpuAtStart = null;
        CpuSample.Usage cpu = CpuSample.Usage.UNKNOWN;
        CollectorSample gcAtStart = CollectorSample.UNKNOWN;
        List<CollectorSample.Row> collections = List.of();
        long warmupOps = whole.dueBy(measureStart - 1);
        long warmupBacklog = -1;
        long lastCompleted = 0;
        long lastTick = System.nanoTime();
        org.HdrHistogram.Histogram progressAtLastTick = null;
        long nextTick = t0 + SECOND_NANOS;
        while (true) {
            long sleep = nextTick - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(sleep, 100_000_000L));
            }
            boolean finished = shards.stream().allMatch(Shard::finished);
            long now = System.nanoTime();
            if (cpuAtStart == null && now >= measureStart) {
                cpuAtStart = CpuSample.read(o.servicePid());
                gcAtStart = CollectorSample.read(o.url());
                warmupBacklog = Math.max(0, warmupOps - completedAll(shards));
            } else if (cpuAtStart != null && cpu == CpuSample.Usage.UNKNOWN && (now >= end || finished)) {
                cpu = CpuSample.read(o.servicePid()).since(cpuAtStart, cpus);
                collections = CollectorSample.read(o.url()).since(gcAtStart);
            }
            if (finished || now > deadline) {
                return new Progress(cpu, collections, warmupBacklog);
            }
            if (now < nextTick) {
                continue;
            }
            nextTick += SECOND_NANOS;
            totals.pull(shards);
            long completed = 0;
            long errors = 0;
            long late = 0;
            long sent = 0;
            for (Shard s : shards) {
                completed += s.stats.completedAll.get();
                errors += s.stats.errorsAll.get();
                late += s.stats.lateAll.get();
                sent += s.stats.sent.get();
            }
            double achieved = (completed - lastCompleted) * 1e9 / Math.max(1, now - lastTick);
            lastCompleted = completed;
            lastTick = now;
            String phase = now < measureStart ? "warm-up" : now <= end ? "measure" : "drain  ";
            // p99 so far: of the measured phase once it has answers, of everything before that.
            double p99 = (totals.latencyAll.getTotalCount() == 0 ? totals.progress : totals.latencyAll).getValueAtPercentile(99) / 1000.0;
            // And of the last second alone, which shows a stall where the running p99 only drifts.
            org.HdrHistogram.Histogram lastSecond = totals.progress.copy();
            if (progressAtLastTick != null) {
                lastSecond.subtract(progressAtLastTick);
            }
            progressAtLastTick = totals.progress.copy();
            double p99LastSecond = lastSecond.getValueAtPercentile(99) / 1000.0;
            ReadinessSampler r = shards.get(0).readiness();
            log.printf(Locale.ROOT, "[%4ds] %s  target %.0f/s  achieved %.0f/s  p99 %s ms (last 1 s: %s)  errors %d  late %d  in flight %d  max lag %d (%s)%n",
                    (now - t0) / SECOND_NANOS, phase, o.rate(), achieved, Latency.f(p99), Latency.f(p99LastSecond), errors, late,
                    sent - completed, r.latestMaxLag(), r.latestMaxLagName());
        }
    }

    /** Operations answered so far, warm-up included, over all shards. */
    private static long completedAll(List<Shard> shards) {
        long completed = 0;
        for (Shard s : shards) {
            completed += s.stats.completedAll.get();
        }
        return completed;
    }

    private static Report assemble(LoadOptions o, Plan plan, List<Shard> shards, Totals totals, ReadinessSampler.Readiness readiness,
                                   Progress progress, Schedule whole, long measureStart, String startedAt, double loadBefore) {
        long warmupOps = whole.dueBy(measureStart - 1);
        long scheduled = whole.count() - warmupOps;
        long sent = 0;
        long ok = 0;
        long errors = 0;
        long late = 0;
        long lastResponse = measureStart;
        long lost = 0;
        long tracked = 0;
        long settled = 0;
        long failed = 0;
        long timedOut = 0;
        long polls = 0;
        Map<String, Long> errorsByCode = new TreeMap<>();
        for (Shard shard : shards) {
            ShardStats s = shard.stats;
            sent += s.measuredSent.get();
            ok += s.measuredOk.get();
            errors += s.measuredErrors.get();
            late += s.measuredLate.get();
            lastResponse = Math.max(lastResponse, s.lastMeasuredResponseNanos.get());
            lost += s.connectionsLost.get();
            tracked += s.settleTracked.get();
            settled += s.settleSettled.get();
            failed += s.settleFailed.get();
            timedOut += s.settleTimedOut.get();
            polls += s.settlePolls.get();
            s.errorsByCodeSnapshot().forEach((code, n) -> errorsByCode.merge(code, n, Long::sum));
        }
        double seconds = Math.max(o.duration().toNanos(), lastResponse - measureStart) / 1e9;
        Report.Run run = new Report.Run(startedAt, o.url().toString(), o.rate(), o.duration().toNanos() / 1e9,
                o.warmup().toNanos() / 1e9, o.warmupRamp(), o.connections(), o.depth(), o.ioThreads(), o.mix(), o.pods(), o.hotPodShare(),
                plan.actorsTotal(), plan.topUpsTotal(), o.settleSample(), o.settlePoll().toNanos() / 1e6,
                o.lateThreshold().toNanos() / 1e6, loadBefore, loadAverage());
        Report.Counts counts = new Report.Counts(scheduled, sent, ok, errors, Math.max(0, scheduled - ok - errors), late, seconds, lost,
                progress.warmupBacklog());
        Report.Settle settle = new Report.Settle(tracked, settled, failed, timedOut, polls, Latency.of(totals.settleAll),
                Totals.summarize(totals.settle));
        return new Report(run, counts, Latency.of(totals.latencyAll), Totals.summarize(totals.latency), Latency.of(totals.service),
                Latency.of(totals.sendDelay), errorsByCode, settle, readiness, progress.cpu(), progress.collections());
    }

    /** The 1-minute load average, or -1 where /proc/loadavg does not exist. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
